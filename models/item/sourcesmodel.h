// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/fetchrun.h"
#include "models/domain/status.h"

#include <QAbstractTableModel>

#include <vector>

namespace stackatlas {

class Cache;

// Every data source, the known adapters and anything else the cache holds data from: its state
// (ok, stale since T, failed: reason, never fetched), its newest as-of, points and last run.
// Refreshes as row inserts, removals and dataChanged. GUI thread.
class SourcesModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        SourceColumn,
        StateColumn,
        AsOfColumn,
        PointsColumn,
        LastRunColumn,
        TeamColumn,
        ColumnCount
    };

    explicit SourcesModel(std::vector<std::string> knownSources = {}, QObject *parent = nullptr);

    void setContents(const std::vector<SourceStatus> &sources);
    static Result<std::vector<SourceStatus>> load(const Cache &cache);
    Status reload(const Cache &cache);
    // "ok", "stale since 2025-03-04 14:12 UTC", "failed: HTTP 500", "never fetched"
    static QString stateText(const SourceStatus &s);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<std::string> m_known;
    std::vector<SourceStatus> m_rows; // sorted by source
};

} // namespace stackatlas
