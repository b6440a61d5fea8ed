// SPDX-License-Identifier: GPL-3.0-or-later
#include "activitymodel.h"

#include "datasources/cache/cache.h"
#include "valueformat.h"

#include <QBrush>
#include <QDateTime>

#include <algorithm>

namespace stackatlas {

ActivityModel::ActivityModel(QObject *parent) : QAbstractTableModel(parent) {}

ActivityModel::Entry ActivityModel::fromRun(const FetchRun &r)
{
    QString detail = QStringLiteral("%1 records").arg(r.records);
    if (r.rejected)
        detail += QStringLiteral(", %1 rejected").arg(r.rejected);
    if (r.httpStatus)
        detail += QStringLiteral(", HTTP %1").arg(*r.httpStatus);
    if (r.bytes)
        detail += QStringLiteral(", %1 bytes").arg(r.bytes);
    if (!r.endpoint.empty())
        detail += QStringLiteral(" — ") + QString::fromStdString(r.endpoint);
    if (!r.error.empty())
        detail += QStringLiteral(": ") + QString::fromStdString(r.error);
    return {r.endedAt, QString::fromStdString(r.source), QString::fromStdString(r.kind),
            QString::fromStdString(r.status), detail};
}

Result<std::vector<FetchRun>> ActivityModel::load(const Cache &cache)
{
    return cache.runs();
}

Status ActivityModel::reload(const Cache &cache)
{
    const auto runs = cache.runs();
    if (!runs.isOk())
        return runs.status();
    setRuns(runs.value());
    return Status::ok();
}

void ActivityModel::setRuns(const std::vector<FetchRun> &runs)
{
    m_runs.clear();
    for (const FetchRun &r : runs)
        m_runs.push_back(fromRun(r));
    rebuild();
}

void ActivityModel::add(const QString &source, const QString &kind, const QString &detail)
{
    m_session.push_back({QDateTime::currentSecsSinceEpoch(), source, kind, kind, detail});
    rebuild();
}

void ActivityModel::setLive(const QString &source, const QString &kind, const QString &detail)
{
    if (m_live) {
        m_live->detail = detail;
        const auto row = std::find_if(m_rows.begin(), m_rows.end(), [](const Entry &e) { return e.live; });
        if (row != m_rows.end()) {
            row->detail = detail;
            const int r = int(row - m_rows.begin());
            emit dataChanged(index(r, DetailColumn), index(r, DetailColumn));
            return;
        }
    }
    m_live = Entry{QDateTime::currentSecsSinceEpoch(), source, kind, QStringLiteral("running"), detail, true};
    rebuild();
}

void ActivityModel::clearLive()
{
    if (!m_live)
        return;
    m_live.reset();
    rebuild();
}

void ActivityModel::rebuild()
{
    beginResetModel();
    m_rows = m_runs;
    m_rows.insert(m_rows.end(), m_session.begin(), m_session.end());
    if (m_live)
        m_rows.push_back(*m_live);
    std::stable_sort(m_rows.begin(), m_rows.end(),
                     [](const Entry &a, const Entry &b) { return a.time > b.time; });
    endResetModel();
}

int ActivityModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ActivityModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ActivityModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &e = m_rows[std::size_t(index.row())];
    if (role == Qt::ForegroundRole && index.column() == StatusColumn) {
        if (e.status == QLatin1String("failed") || e.status == QLatin1String("error") ||
            e.status == QLatin1String("critical"))
            return QBrush(QColor(0xc0, 0x39, 0x2b));
        if (e.status == QLatin1String("partial") || e.status == QLatin1String("warning"))
            return QBrush(QColor(0xb0, 0x6d, 0x00));
        return {};
    }
    if (role == Qt::UserRole && index.column() == TimeColumn)
        return qint64(e.time);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case TimeColumn:
        return formatUtcDateTime(e.time);
    case SourceColumn:
        return e.source;
    case KindColumn:
        return e.kind;
    case StatusColumn:
        return e.status;
    case DetailColumn:
        return e.detail;
    }
    return {};
}

QVariant ActivityModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time (UTC)");
    case SourceColumn:
        return tr("Source");
    case KindColumn:
        return tr("Kind");
    case StatusColumn:
        return tr("Status");
    case DetailColumn:
        return tr("Detail");
    }
    return {};
}

} // namespace stackatlas
