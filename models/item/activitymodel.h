// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/fetchrun.h"
#include "models/domain/status.h"

#include <QAbstractTableModel>
#include <QString>

#include <optional>
#include <vector>

namespace stackatlas {

class Cache;

// What happened, newest first: every fetch or import run recorded in the cache, and the warnings
// and errors of this session (a failed export, a refused snapshot), each with its time and
// source, instead of modal dialogs. GUI thread.
class ActivityModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        TimeColumn,
        SourceColumn,
        KindColumn,
        StatusColumn,
        DetailColumn,
        ColumnCount
    };
    struct Entry
    {
        UnixSeconds time = 0;
        QString source;
        QString kind;   // fetch | import | warning | error
        QString status; // ok | partial | failed | cancelled | warning | error
        QString detail;
        bool live = false; // an import under way (setLive)
    };

    explicit ActivityModel(QObject *parent = nullptr);

    // Re-reads the cache's runs; the session's own entries are kept.
    Status reload(const Cache &cache);
    static Result<std::vector<FetchRun>> load(const Cache &cache);
    void setRuns(const std::vector<FetchRun> &runs);
    // A warning or error of this session.
    void add(const QString &source, const QString &kind, const QString &detail);
    // The one import under way: listed with status "running" and updated in place as it reads.
    // Cleared when it ends; the run it records in the cache takes its place on the next reload.
    void setLive(const QString &source, const QString &kind, const QString &detail);
    void clearLive();
    bool hasLive() const { return m_live.has_value(); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static Entry fromRun(const FetchRun &run);

private:
    void rebuild();
    std::vector<Entry> m_runs, m_session, m_rows;
    std::optional<Entry> m_live;
};

} // namespace stackatlas
