// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/asof.h"
#include "models/domain/comparison.h"
#include "models/domain/series.h"
#include "models/domain/taxonomy.h"

#include <QAbstractTableModel>

#include <array>
#include <map>
#include <optional>
#include <vector>

namespace stackatlas {

class Cache;

// Every entity of the taxonomy (protocols, then the compute providers outside the stack) with its
// place in the stack and the latest market figures from the cache. Holds raw values; the display
// role formats them, and an unknown value displays as blank, never as 0. Lives on the GUI thread.
class ProtocolsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        LayerColumn,
        CategoryColumn,
        ClassColumn,
        TokenColumn,
        PriceColumn,
        MarketCapColumn,
        FdvColumn,
        FdvMcColumn,
        Volume24hColumn,
        AsOfColumn, // the date (or span of dates) of the row's figures
        ColumnCount
    };

    // The metrics the table shows, in column order from PriceColumn.
    static const std::vector<std::string> &metrics();

    explicit ProtocolsModel(QObject *parent = nullptr);

    // Applies a new state as row inserts, removals and dataChanged, never a reset, so selection
    // and scroll position survive a refresh.
    void setContents(const Taxonomy &taxonomy, const std::vector<LatestValue> &latest);
    // Reads the taxonomy and latest values from the cache, then setContents().
    struct Contents
    {
        Taxonomy taxonomy;
        std::vector<LatestValue> latest;
        std::vector<Revision> revisions; // earlier readings of the points shown, for their tooltips
        // Compare mode (AsOf::compareFrom): each protocol's figures at A and B, one source at both
        // ends where one has both.
        std::vector<ComparedFigure> compared;
    };
    // What the table shows, read in one go (on the data store's thread in the desktop).
    static Result<Contents> load(const Cache &cache, const AsOf &asOf = {});
    void setContents(const Contents &contents);
    // load() and setContents() in one, for headless use.
    Status reload(const Cache &cache, const AsOf &asOf = {});

    QModelIndex indexFor(const QString &entityId, int column = NameColumn) const;
    QString entityIdAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        Entity entity;
        QString layerId;
        QString layerName;
        QString categoryName;
        QString className;
        int stackOrder = 0; // layer, category, then taxonomy order: the layer column's sort key
        std::array<std::optional<LatestValue>, 4> values; // price, market cap, FDV, 24h volume

        std::optional<double> fdvOverMarketCap() const;
        // The oldest and newest date of the row's known figures.
        std::optional<std::pair<UnixSeconds, UnixSeconds>> dateSpan() const;
        bool operator==(const Row &other) const = default;
    };

    std::vector<Row> buildRows(const Taxonomy &taxonomy, const std::vector<LatestValue> &latest) const;
    QVariant displayValue(const Row &row, int column) const;
    QVariant sortValue(const Row &row, int column) const;
    QString toolTip(const Row &row, int column) const;

    std::vector<Row> m_rows;
    std::map<std::pair<std::string, std::string>, std::vector<Revision>> m_revisions; // entity, metric
    std::map<std::pair<std::string, std::string>, ComparedFigure> m_compared;         // entity, metric
    const ComparedFigure *compared(const Row &row, int column) const;
};

} // namespace stackatlas
