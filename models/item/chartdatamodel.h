// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/chartdata.h"

#include <QAbstractTableModel>

#include <vector>

namespace stackatlas {

// One chart's data as a table, one row per point of every series, in the long form the CSV export
// writes: the chart views draw from it and the data table beside a chart shows it. Reloading is a
// model reset (a new GPU or range replaces every row). GUI thread.
class ChartDataModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        SeriesColumn,
        GroupColumn,
        RoleColumn,
        LabelColumn,
        XColumn,
        YColumn,
        HighColumn,
        UnitColumn,
        SourceColumn,
        AsOfColumn,
        ColumnCount
    };
    // Qt::UserRole on X, Y and High gives the raw double (Unix seconds for time).
    static constexpr int RawValueRole = Qt::UserRole;

    explicit ChartDataModel(QObject *parent = nullptr);

    void setChart(ChartData chart);
    const ChartData &chart() const { return m_chart; }
    // The series and point a row shows.
    std::pair<std::size_t, std::size_t> locate(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    ChartData m_chart;
    std::vector<int> m_firstRow; // per series, its first row; plus the total at the end
};

} // namespace stackatlas
