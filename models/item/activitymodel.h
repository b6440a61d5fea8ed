// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/fetchrun.h"
#include "models/domain/status.h"

#include <QAbstractTableModel>
#include <QString>

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
    };

    explicit ActivityModel(QObject *parent = nullptr);

    // Re-reads the cache's runs; the session's own entries are kept.
    Status reload(const Cache &cache);
    static Result<std::vector<FetchRun>> load(const Cache &cache);
    void setRuns(const std::vector<FetchRun> &runs);
    // A warning or error of this session.
    void add(const QString &source, const QString &kind, const QString &detail);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static Entry fromRun(const FetchRun &run);

private:
    void rebuild();
    std::vector<Entry> m_runs, m_session, m_rows;
};

} // namespace stackatlas
