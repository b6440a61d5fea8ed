// SPDX-License-Identifier: GPL-3.0-or-later
#include "chartdatamodel.h"

#include "models/domain/serialize.h"
#include "valueformat.h"

#include <QDateTime>
#include <QThreadPool>

#include <algorithm>
#include <limits>

namespace stackatlas {

namespace {
QString fromStd(const std::string &s)
{
    return QString::fromStdString(s);
}
} // namespace

ChartDataModel::ChartDataModel(QObject *parent) : QAbstractTableModel(parent)
{
    m_firstRow = {0};
}

void ChartDataModel::setChart(ChartData chart)
{
    beginResetModel();
    // The old data is let go of on a pool thread: a million points' destruction took 20-30 ms of
    // the GUI thread's time.
    constexpr std::size_t kLetGoElsewhere = 100000;
    std::size_t oldPoints = 0;
    for (const ChartSeries &s : m_chart.series)
        oldPoints += s.points.size();
    if (oldPoints >= kLetGoElsewhere) {
        auto old = std::make_shared<ChartData>(std::move(m_chart));
        QThreadPool::globalInstance()->start([old = std::move(old)]() mutable { old.reset(); });
    }
    m_chart = std::move(chart);
    m_firstRow.clear();
    long long total = 0;
    for (const ChartSeries &s : m_chart.series) {
        m_firstRow.push_back(int(std::min<long long>(total, std::numeric_limits<int>::max())));
        total += static_cast<long long>(s.points.size());
    }
    m_firstRow.push_back(int(std::min<long long>(total, std::numeric_limits<int>::max())));
    endResetModel();
}

std::pair<std::size_t, std::size_t> ChartDataModel::locate(int row) const
{
    const auto it = std::upper_bound(m_firstRow.begin(), m_firstRow.end() - 1, row);
    const std::size_t series = std::size_t(it - m_firstRow.begin()) - 1;
    return {series, std::size_t(row - m_firstRow[series])};
}

int ChartDataModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_firstRow.back();
}

int ChartDataModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ChartDataModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto [si, pi] = locate(index.row());
    const ChartSeries &s = m_chart.series[si];
    const ChartPoint &p = s.points[pi];
    const bool hasHigh = s.role == SeriesRole::Band;
    if (role == RawValueRole) {
        switch (index.column()) {
        case XColumn:
            return p.x;
        case YColumn:
            return p.y;
        case HighColumn:
            return hasHigh ? QVariant(p.high) : QVariant();
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole && (index.column() == YColumn || index.column() == HighColumn))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case SeriesColumn:
        return fromStd(s.name);
    case GroupColumn:
        return fromStd(s.group);
    case RoleColumn:
        return QString::fromLatin1(seriesRoleName(s.role));
    case LabelColumn:
        return fromStd(p.label);
    case XColumn:
        if (m_chart.xKind == AxisKind::Time)
            return fromStd(formatIsoUtc(static_cast<UnixSeconds>(p.x)));
        if (m_chart.xKind == AxisKind::Category && p.x >= 0 && p.x < double(m_chart.categories.size()))
            return fromStd(m_chart.categories[std::size_t(p.x)]);
        return fromStd(formatNumber(p.x));
    case YColumn:
        return fromStd(formatNumber(p.y));
    case HighColumn:
        return hasHigh ? fromStd(formatNumber(p.high)) : QVariant();
    case UnitColumn:
        return fromStd(m_chart.unit);
    case SourceColumn:
        return fromStd(p.source);
    case AsOfColumn:
        return p.asOf ? formatUtcDateTime(p.asOf) : QVariant();
    }
    return {};
}

QVariant ChartDataModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SeriesColumn:
        return tr("Series");
    case GroupColumn:
        return tr("Group");
    case RoleColumn:
        return tr("Role");
    case LabelColumn:
        return tr("Label");
    case XColumn:
        return fromStd(m_chart.xTitle.empty() ? "x" : m_chart.xTitle);
    case YColumn:
        return fromStd(m_chart.unit.empty() ? "y" : m_chart.unit);
    case HighColumn:
        return tr("High");
    case UnitColumn:
        return tr("Unit");
    case SourceColumn:
        return tr("Source");
    case AsOfColumn:
        return tr("As of");
    }
    return {};
}

} // namespace stackatlas
