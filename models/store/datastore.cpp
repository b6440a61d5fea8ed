// SPDX-License-Identifier: GPL-3.0-or-later
#include "datastore.h"

#include "datasources/cache/cache.h"
#include "datasources/cache/snapshot.h"
#include "datasources/cache/sqlthreadguard.h"
#include "datasources/logging.h"
#include "models/alerts/alertcheck.h"
#include "models/item/chartloaders.h"

#include <QCoreApplication>
#include <QThread>

#include <atomic>
#include <ctime>
#include <future>

namespace stackatlas {

namespace {
// While any store is open, the GUI thread reads nothing itself.
std::atomic<int> g_openStores{0};
} // namespace

DataStore::DataStore(Mode mode) : m_mode(mode)
{
    ++g_openStores;
    qRegisterMetaType<StoreChange>();
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("stackatlas-store"));
    m_worker = new QObject;
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start();
    // From here on the GUI thread reads nothing itself: a statement prepared there is reported.
    cache::forbidSqlOnThread(std::this_thread::get_id());
}

Result<std::unique_ptr<DataStore>> DataStore::open(Opener opener, Mode mode)
{
    std::unique_ptr<DataStore> store(new DataStore(mode));
    std::promise<Status> opened;
    DataStore *raw = store.get();
    QMetaObject::invokeMethod(store->m_worker, [raw, &opened, &opener] {
        auto cache = opener();
        if (!cache.isOk()) {
            opened.set_value(cache.status());
            return;
        }
        auto taxonomy = cache.value()->taxonomy();
        if (!taxonomy.isOk()) {
            opened.set_value(taxonomy.status());
            return;
        }
        raw->m_cache = std::move(cache).value();
        raw->m_path = QString::fromStdString(raw->m_cache->path());
        raw->m_taxonomy = std::move(taxonomy).value();
        opened.set_value(Status::ok());
    });
    const Status status = opened.get_future().get();
    if (!status.isOk())
        return status;
    return store;
}

DataStore::~DataStore()
{
    // The connection is closed on the thread that used it, after every queued job.
    QMetaObject::invokeMethod(m_worker, [this] { m_cache.reset(); });
    m_thread->quit();
    m_thread->wait();
    if (--g_openStores == 0)
        cache::forbidSqlOnThread({});
}

void DataStore::submit(QObject *receiver, const std::string &channel, std::function<void(Cache &)> work,
                       std::function<void()> deliver)
{
    const quint64 ticket = ++m_ticket;
    std::shared_ptr<std::atomic<quint64>> latest;
    if (!channel.empty()) {
        auto &slot = m_latest[{receiver, channel}];
        if (!slot) {
            slot = std::make_shared<std::atomic<quint64>>(0);
            connect(receiver, &QObject::destroyed, this, [this, receiver, channel] {
                m_latest.erase({receiver, channel});
            });
        }
        slot->store(ticket);
        latest = slot;
    }
    ++m_pending;
    qCDebug(lcStore, "job %llu for %s (%s), %d pending", ticket,
            receiver ? receiver->metaObject()->className() : "-",
            channel.empty() ? "edit or task" : channel.c_str(), m_pending);
    QPointer<QObject> target(receiver);
    QMetaObject::invokeMethod(
        m_worker, [this, work = std::move(work), deliver = std::move(deliver), latest, ticket, target] {
            const bool superseded = latest && latest->load() != ticket;
            if (!superseded && m_cache) {
                QElapsedTimer took;
                took.start();
                work(*m_cache);
                qCDebug(lcStore, "job %llu ran in %.1f ms", ticket, double(took.nsecsElapsed()) / 1e6);
            }
            // Back on the GUI thread through the store, which outlives every job; the receiver may not.
            QMetaObject::invokeMethod(
                this,
                [this, deliver, latest, ticket, target, superseded] {
                    --m_pending;
                    if (superseded || !target || (latest && latest->load() != ticket))
                        return;
                    deliver();
                },
                Qt::QueuedConnection);
        });
}

void DataStore::task(QObject *receiver, std::function<Status(const Cache &)> job,
                     std::function<void(const Status &)> done)
{
    auto status = std::make_shared<Status>(Status::error(StatusCode::Internal, "the cache is closed"));
    submit(
        receiver, std::string(), [job = std::move(job), status](Cache &cache) { *status = job(cache); },
        [status, done = std::move(done)] { done(*status); });
}

void DataStore::edit(QObject *receiver, DataChanges changes, std::function<Status(Cache &)> job,
                     std::function<void(const Status &)> done)
{
    if (isReadOnly()) {
        const Status refused =
            Status::error(StatusCode::Refused, "this is a snapshot: it is read-only and cannot be edited");
        QMetaObject::invokeMethod(
            receiver,
            [done, refused] {
                if (done)
                    done(refused);
            },
            Qt::QueuedConnection);
        return;
    }
    auto status = std::make_shared<Status>();
    auto taxonomy = std::make_shared<std::optional<Result<Taxonomy>>>();
    const bool rereadTaxonomy =
        (changes & (DataChange::Taxonomy | DataChange::Dependencies | DataChange::Claims)) != 0;
    // Delivered through the store itself: a change that happened is announced even when the pane
    // that asked for it is gone.
    QPointer<QObject> asker(receiver);
    submit(
        this, std::string(),
        [job = std::move(job), status, taxonomy, rereadTaxonomy](Cache &cache) {
            *status = job(cache);
            if (status->isOk() && rereadTaxonomy)
                taxonomy->emplace(cache.taxonomy());
        },
        [this, status, taxonomy, changes, asker, done = std::move(done)] {
            if (!status->isOk())
                qCDebug(lcStore).noquote() << "edit refused:" << QString::fromStdString(status->message());
            else
                afterChange({changes, {}}, taxonomy);
            if (done && asker)
                done(*status);
        });
}

void DataStore::addUserEvent(QObject *receiver, const Event &event, Done done)
{
    edit(
        receiver, DataChange::Events, [event](Cache &c) { return c.addUserEvent(event).status(); },
        std::move(done));
}

void DataStore::updateUserEvent(QObject *receiver, long long id, const Event &event, Done done)
{
    edit(
        receiver, DataChange::Events, [id, event](Cache &c) { return c.updateUserEvent(id, event); },
        std::move(done));
}

void DataStore::removeUserEvent(QObject *receiver, long long id, Done done)
{
    edit(
        receiver, DataChange::Events, [id](Cache &c) { return c.removeUserEvent(id); }, std::move(done));
}

void DataStore::replaceDependency(QObject *receiver, const std::optional<Dependency> &remove,
                                  const std::optional<Dependency> &add, Done done)
{
    edit(
        receiver, DataChange::Dependencies,
        [remove, add](Cache &c) { return c.replaceDependency(remove, add); }, std::move(done));
}

void DataStore::resetDependencies(QObject *receiver, const Taxonomy &original, Done done)
{
    edit(
        receiver, DataChange::Dependencies, [original](Cache &c) { return c.resetDependencies(original); },
        std::move(done));
}

void DataStore::restoreDependencies(QObject *receiver, const std::vector<Dependency> &edges, Done done)
{
    edit(
        receiver, DataChange::Dependencies,
        [edges](Cache &c) {
            // The edges as they were, then each of the user's again so it is the user's once more.
            Taxonomy back;
            back.dependencies = edges;
            if (Status s = c.resetDependencies(back); !s.isOk())
                return s;
            for (const Dependency &d : edges) {
                if (d.origin != DependencyOrigin::User)
                    continue;
                if (Status s = c.replaceDependency(d, std::nullopt); !s.isOk())
                    return s;
                if (Status s = c.replaceDependency(std::nullopt, d); !s.isOk())
                    return s;
            }
            return Status::ok();
        },
        std::move(done));
}

void DataStore::setUsageClaim(QObject *receiver, const std::optional<UsageClaim> &claim, Done done)
{
    if (claim) {
        if (Status s = validateUsageClaim(*claim); !s.isOk()) {
            QMetaObject::invokeMethod(
                receiver,
                [done, s] {
                    if (done)
                        done(s);
                },
                Qt::QueuedConnection);
            return;
        }
    }
    const std::string value = claim ? encodeUsageClaim(*claim) : std::string();
    edit(
        receiver, DataChange::Claims,
        [value](Cache &c) { return c.setMetadata(usageClaimMetadataKey, value); }, std::move(done));
}

void DataStore::saveSnapshot(QObject *receiver, const QString &path, const QString &title,
                             const QString &note, Done done)
{
    task(
        receiver,
        [path = path.toStdString(), title = title.toStdString(), note = note.toStdString(),
         version = QCoreApplication::applicationVersion().toStdString()](const Cache &cache) {
            return stackatlas::saveSnapshot(cache, path, title, note, version);
        },
        std::move(done));
}

void DataStore::readEvents(QObject *receiver, std::function<void(Result<std::vector<Event>>)> done)
{
    read<std::vector<Event>>(
        receiver, "events", [](const Cache &c) { return c.events(); }, std::move(done));
}

void DataStore::announce(const StoreChange &change)
{
    auto taxonomy = std::make_shared<std::optional<Result<Taxonomy>>>();
    const bool reread = change.touches(DataChange::Taxonomy | DataChange::Dependencies | DataChange::Claims);
    submit(
        this, std::string(),
        [taxonomy, reread](Cache &cache) {
            if (reread)
                taxonomy->emplace(cache.taxonomy());
        },
        [this, change, taxonomy] { afterChange(change, taxonomy); });
}

void DataStore::afterChange(const StoreChange &change,
                            std::shared_ptr<std::optional<Result<Taxonomy>>> taxonomy)
{
    if (taxonomy->has_value()) {
        if ((*taxonomy)->isOk())
            m_taxonomy = std::move(**taxonomy).value();
        else
            emit problem(QString::fromStdString((*taxonomy)->status().message()));
    }
    emit changed(change);
}

void DataStore::setAsOf(const AsOf &asOf)
{
    if (asOf == m_asOf)
        return;
    m_asOf = asOf;
    emit changed(StoreChange{DataChange::AsOf, {}});
}

namespace {

// A rule checked against the data (its spellings resolved), then stored by `keep`.
Status keepChecked(Cache &c, const AlertRule &rule, const std::function<Status(const AlertRule &)> &keep)
{
    auto taxonomy = c.taxonomy();
    if (!taxonomy.isOk())
        return taxonomy.status();
    auto checked = checkedAlertRule(c, taxonomy.value(), rule);
    return checked.isOk() ? keep(checked.value()) : checked.status();
}

} // namespace

void DataStore::addAlertRule(QObject *receiver, const AlertRule &rule, Done done)
{
    edit(
        receiver, DataChange::Alerts,
        [rule](Cache &c) {
            return keepChecked(c, rule, [&c](const AlertRule &r) { return c.addAlertRule(r).status(); });
        },
        std::move(done));
}

void DataStore::updateAlertRule(QObject *receiver, const std::string &name, const AlertRule &rule, Done done)
{
    edit(
        receiver, DataChange::Alerts,
        [name, rule](Cache &c) {
            return keepChecked(c, rule,
                               [&c, &name](const AlertRule &r) { return c.updateAlertRule(name, r); });
        },
        std::move(done));
}

void DataStore::removeAlertRule(QObject *receiver, const std::string &name, Done done)
{
    edit(
        receiver, DataChange::Alerts, [name](Cache &c) { return c.removeAlertRule(name); }, std::move(done));
}

void DataStore::checkAlerts(QObject *receiver, bool claimForDesktop,
                            std::function<void(Result<AlertRound>)> done)
{
    auto round = std::make_shared<std::optional<Result<AlertRound>>>();
    if (isReadOnly()) {
        read<AlertRound>(
            receiver, "alerts.check",
            [](const Cache &c) -> Result<AlertRound> {
                auto taxonomy = c.taxonomy();
                return taxonomy.isOk() ? evaluateAlertRules(c, taxonomy.value()) : taxonomy.status();
            },
            std::move(done));
        return;
    }
    // An edit, so that recorded firings are announced to every pane that shows them.
    edit(
        receiver, DataChange::Alerts,
        [round, claimForDesktop](Cache &c) -> Status {
            auto taxonomy = c.taxonomy();
            round->emplace(taxonomy.isOk() ? runAlertRound(c, taxonomy.value(), true)
                                           : Result<AlertRound>(taxonomy.status()));
            if (!round->value().isOk())
                return round->value().status();
            if (claimForDesktop) {
                auto claimed = c.claimUnnotifiedAlertFirings(UnixSeconds(std::time(nullptr)));
                if (!claimed.isOk())
                    return claimed.status();
                round->value().value().toNotify = std::move(claimed).value();
            }
            return Status::ok();
        },
        [round, done = std::move(done)](const Status &s) {
            if (round->has_value())
                done(std::move(**round));
            else
                done(s);
        });
}

void DataStore::releaseAlertFirings(QObject *receiver, const std::vector<long long> &ids)
{
    edit(receiver, DataChange::Alerts, [ids](Cache &c) { return c.releaseAlertFirings(ids); });
}

} // namespace stackatlas
