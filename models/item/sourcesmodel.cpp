// SPDX-License-Identifier: GPL-3.0-or-later
#include "sourcesmodel.h"

#include "valueformat.h"

#include "datasources/cache/cache.h"

#include <QColor>

#include <algorithm>
#include <map>

namespace stackatlas {

SourcesModel::SourcesModel(std::vector<std::string> knownSources, QObject *parent)
    : QAbstractTableModel(parent), m_known(std::move(knownSources))
{}

QString SourcesModel::stateText(const SourceStatus &s)
{
    if (!s.lastRun)
        return s.points > 0 ? tr("ok") : tr("never fetched");
    const FetchRun &run = *s.lastRun;
    if (run.status == "ok" || run.status == "partial") {
        if (run.kind == "import")
            return run.endpoint.find("StackAtlas default data") != std::string::npos
                       ? tr("sample data shipped with StackAtlas")
                       : tr("imported");
        return run.status == "ok" ? tr("ok") : tr("ok, %n warnings", nullptr, int(run.rejected));
    }
    const QString reason = QString::fromStdString(run.error.empty() ? run.status : run.error);
    if (s.points > 0 && s.asOf)
        return tr("stale since %1 (last fetch failed: %2)").arg(formatUtcDateTime(*s.asOf), reason);
    return tr("failed: %1").arg(reason);
}

void SourcesModel::setContents(const std::vector<SourceStatus> &sources)
{
    std::map<std::string, SourceStatus> next;
    for (const auto &k : m_known)
        next[k].source = k;
    for (const auto &s : sources)
        next[s.source] = s;

    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        if (!next.count(m_rows[std::size_t(i)].source)) {
            beginRemoveRows({}, i, i);
            m_rows.erase(m_rows.begin() + i);
            endRemoveRows();
        }
    }
    int row = 0;
    for (auto &[name, status] : next) {
        if (row < int(m_rows.size()) && m_rows[std::size_t(row)].source == name) {
            const SourceStatus &old = m_rows[std::size_t(row)];
            const bool same = old.points == status.points && old.asOf == status.asOf &&
                              old.lastRun.has_value() == status.lastRun.has_value() &&
                              (!old.lastRun || (old.lastRun->startedAt == status.lastRun->startedAt &&
                                                old.lastRun->status == status.lastRun->status));
            m_rows[std::size_t(row)] = status;
            if (!same)
                emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        } else {
            beginInsertRows({}, row, row);
            m_rows.insert(m_rows.begin() + row, status);
            endInsertRows();
        }
        ++row;
    }
}

Result<std::vector<SourceStatus>> SourcesModel::load(const Cache &cache)
{
    return cache.sources();
}

Status SourcesModel::reload(const Cache &cache)
{
    auto sources = cache.sources();
    if (!sources.isOk())
        return sources.status();
    setContents(sources.value());
    return Status::ok();
}

int SourcesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SourcesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SourcesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SourceStatus &s = m_rows[std::size_t(index.row())];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case SourceColumn:
            return QString::fromStdString(s.source);
        case StateColumn:
            return stateText(s);
        case AsOfColumn:
            return s.asOf ? formatUtcDateTime(*s.asOf) : QVariant();
        case PointsColumn:
            return s.points > 0 ? QVariant(s.points) : QVariant();
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() == PointsColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case LastRunColumn:
            return s.lastRun ? QStringLiteral("%1 %2").arg(QString::fromStdString(s.lastRun->kind),
                                                           formatUtcDateTime(s.lastRun->startedAt))
                             : QVariant();
        case TeamColumn:
            if (s.teamPoints == 0)
                return s.source == "team" && s.lastRun
                           ? tr("pulls from %1").arg(QString::fromStdString(s.lastRun->endpoint))
                           : QVariant();
            // The time first: a narrow column cuts the store's name, not when.
            return tr("pulled %1: %2 of %3 points, from %4")
                .arg(s.teamPulledAt ? formatUtcDateTime(*s.teamPulledAt) : tr("at an unknown time"))
                .arg(s.teamPoints)
                .arg(s.points)
                .arg(QString::fromStdString(s.teamStore));
        }
    }
    if (role == Qt::ToolTipRole && index.column() == TeamColumn)
        return data(index, Qt::DisplayRole); // whole, where the column cuts it
    if (role == Qt::ToolTipRole && s.lastRun) {
        const FetchRun &r = *s.lastRun;
        return tr("Last %1: %2\nEndpoint: %3\nHTTP status: %4\nBytes: %5\nValues stored: %6\nWarnings: %7%8")
            .arg(QString::fromStdString(r.kind), QString::fromStdString(r.status),
                 QString::fromStdString(r.endpoint),
                 r.httpStatus ? QString::number(*r.httpStatus) : tr("none"))
            .arg(r.bytes)
            .arg(r.records)
            .arg(r.rejected)
            .arg(r.error.empty() ? QString() : tr("\nError: ") + QString::fromStdString(r.error));
    }
    if (role == Qt::ForegroundRole && index.column() == StateColumn && s.lastRun &&
        (s.lastRun->status == "failed" || s.lastRun->status == "cancelled"))
        return QColor(s.points > 0 ? QColor(0xB0, 0x6A, 0x00) : QColor(0xB0, 0x20, 0x20));
    return {};
}

QVariant SourcesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SourceColumn:
        return tr("Source");
    case StateColumn:
        return tr("State");
    case AsOfColumn:
        return tr("Newest data as of");
    case PointsColumn:
        return tr("Points");
    case LastRunColumn:
        return tr("Last run");
    case TeamColumn:
        return tr("Team store");
    }
    return {};
}

} // namespace stackatlas
