// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/alertevaluation.h"
#include "models/domain/asof.h"
#include "models/domain/event.h"
#include "models/domain/status.h"
#include "models/domain/taxonomy.h"
#include "models/domain/usagecharts.h"
#include "models/store/storechange.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>

class QThread;

namespace stackatlas {

class Cache;

// The desktop's one way to the cache. It owns the connection, which lives on a worker thread of
// its own: every read a pane needs and every edit runs there, in the order asked, and comes back
// to the GUI thread as a queued call, so the window never waits on SQLite. An edit is one
// transaction (Cache's own); when it succeeds the store emits changed() saying what changed, and
// each pane re-reads what it shows. A refresh or import that wrote through a connection of its own
// is announced the same way.
//
// Reads are grouped in channels (the pane and a name): a newer request on the same channel
// supersedes an older one, which is skipped if it has not started and dropped, never delivered,
// if it has. A result for a receiver that is gone is dropped too.
//
// Lives on the GUI thread; its public functions are called there.
class DataStore : public QObject
{
    Q_OBJECT

public:
    enum class Mode
    {
        ReadWrite,
        ReadOnly // a snapshot's private copy: edits are refused
    };

    // Runs `opener` (which opens, migrates or verifies the cache) on the store's thread and reads
    // the taxonomy; the caller waits, since nothing can be shown before the taxonomy is known.
    using Opener = std::function<Result<std::unique_ptr<Cache>>()>;
    static Result<std::unique_ptr<DataStore>> open(Opener opener, Mode mode = Mode::ReadWrite);
    ~DataStore() override;

    const QString &path() const { return m_path; }
    bool isReadOnly() const { return m_mode == Mode::ReadOnly; }
    // The taxonomy as the cache holds it, kept current before changed() is emitted (read on the
    // store's thread after every taxonomy or dependency change).
    const Taxonomy &taxonomy() const { return m_taxonomy; }
    // The date every pane of this window shows its figures at; a change is announced as
    // DataChange::AsOf. Reads capture it when they are made (GUI thread).
    const AsOf &asOf() const { return m_asOf; }
    void setAsOf(const AsOf &asOf);

    // Runs `job` on the store's thread and hands its result to `done` on the GUI thread, unless
    // `receiver` is gone or a newer read of the same receiver and channel was asked meanwhile.
    template <typename T>
    void read(QObject *receiver, const char *channel, std::function<Result<T>(const Cache &)> job,
              std::function<void(Result<T>)> done)
    {
        auto result = std::make_shared<std::optional<Result<T>>>();
        submit(
            receiver, channel, [job = std::move(job), result](Cache &cache) { result->emplace(job(cache)); },
            [done = std::move(done), result] {
                if (result->has_value())
                    done(std::move(**result));
            });
    }

    // Drops `object` on the store's thread, after every job queued so far: for a connection that a
    // dialog opened there (a snapshot to compare with), which must be closed where it was used.
    template <typename T> void dispose(std::shared_ptr<T> object)
    {
        if (!object)
            return;
        submit(
            this, std::string(), [object](Cache &) mutable { object.reset(); }, [] {});
    }

    // Runs `job`, which reads but returns no value (saving a snapshot), on the store's thread.
    void task(QObject *receiver, std::function<Status(const Cache &)> job,
              std::function<void(const Status &)> done);

    // Runs `job` (one transaction) on the store's thread; on success the store tells everyone what
    // changed. `done` gets the outcome on the GUI thread (receiver gone: not called). Refused on a
    // read-only store.
    void edit(QObject *receiver, DataChanges changes, std::function<Status(Cache &)> job,
              std::function<void(const Status &)> done = {});

    // The edits the desktop makes, each one transaction that announces its change.
    using Done = std::function<void(const Status &)>;
    void addUserEvent(QObject *receiver, const Event &event, Done done = {});
    void updateUserEvent(QObject *receiver, long long id, const Event &event, Done done = {});
    void removeUserEvent(QObject *receiver, long long id, Done done = {});
    // Removes and/or adds one dependency edge (a retype is both; undo swaps them).
    void replaceDependency(QObject *receiver, const std::optional<Dependency> &remove,
                           const std::optional<Dependency> &add, Done done = {});
    // Back to the taxonomy's own edges; `restore` (for undo) then puts these edges back as they were.
    void resetDependencies(QObject *receiver, const Taxonomy &original, Done done = {});
    void restoreDependencies(QObject *receiver, const std::vector<Dependency> &edges, Done done = {});
    // The user's own usage split, kept in the cache's metadata; nullopt: back to the research's.
    void setUsageClaim(QObject *receiver, const std::optional<UsageClaim> &claim, Done done = {});
    // Writes a snapshot of the cache to `path` (snapshot.h's saveSnapshot), off the GUI thread.
    void saveSnapshot(QObject *receiver, const QString &path, const QString &title, const QString &note,
                      Done done);
    // Watch rules, each checked against the data first (models/alerts/alertcheck: an unknown
    // entity, metric, GPU or source is refused with why) and stored in one edit.
    void addAlertRule(QObject *receiver, const AlertRule &rule, Done done = {});
    void updateAlertRule(QObject *receiver, const std::string &name, const AlertRule &rule, Done done = {});
    void removeAlertRule(QObject *receiver, const std::string &name, Done done = {});
    // Judges every enabled rule and records the new firings (a read-only store, a snapshot, is
    // judged and never written); announced as DataChange::Alerts. With `claimForDesktop`, the
    // firings not yet shown are taken to be shown (AlertRound::toNotify; Cache::
    // claimUnnotifiedAlertFirings), so a collector beside the app never shows them twice.
    void checkAlerts(QObject *receiver, bool claimForDesktop, std::function<void(Result<AlertRound>)> done);
    // Firings that could not be shown after all go back to "not yet shown".
    void releaseAlertFirings(QObject *receiver, const std::vector<long long> &ids);
    // Every event, the dataset's and the user's.
    void readEvents(QObject *receiver, std::function<void(Result<std::vector<Event>>)> done);

    // Someone else wrote to the cache file (a refresh on its own connection, an import): re-read
    // the taxonomy if it is among the changes, then emit changed().
    void announce(const StoreChange &change);

    // Reads and edits asked and not yet delivered. Tests wait for 0.
    int pending() const { return m_pending; }

signals:
    void changed(const stackatlas::StoreChange &change);
    // A failed edit or a read the store itself needed (the taxonomy), for Activity.
    void problem(const QString &message);

private:
    explicit DataStore(Mode mode);
    // Queues `work` on the store's thread; `deliver` runs on the GUI thread afterwards unless the
    // channel was superseded or the receiver is gone. An empty channel is never superseded.
    void submit(QObject *receiver, const std::string &channel, std::function<void(Cache &)> work,
                std::function<void()> deliver);
    void afterChange(const StoreChange &change, std::shared_ptr<std::optional<Result<Taxonomy>>> taxonomy);

    QString m_path;
    Mode m_mode;
    Taxonomy m_taxonomy;
    AsOf m_asOf;
    QThread *m_thread = nullptr;
    QObject *m_worker = nullptr;    // lives on m_thread; owns nothing but runs the jobs
    std::unique_ptr<Cache> m_cache; // used on m_thread only
    int m_pending = 0;
    using Channel = std::pair<const QObject *, std::string>;
    std::map<Channel, std::shared_ptr<std::atomic<quint64>>> m_latest;
    quint64 m_ticket = 0;
};

} // namespace stackatlas
