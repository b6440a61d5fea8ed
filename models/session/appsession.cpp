// SPDX-License-Identifier: GPL-3.0-or-later
#include "appsession.h"

#include "models/alerts/desktopnotifier.h"

#include "datasources/cache/cache.h"
#include "datasources/cache/cachelocation.h"
#include "datasources/cache/snapshot.h"
#include "datasources/settings/fetchsettings.h"
#include "datasources/settings/keystore.h"
#include "datasources/sourceadapter.h"
#include "datasources/team/teamsync.h"
#include "models/item/activitymodel.h"
#include "models/item/layermapmodel.h"
#include "models/item/protocolsmodel.h"
#include "models/item/refreshcontroller.h"
#include "models/item/sourcesmodel.h"
#include "models/item/valueformat.h"
#include "models/store/datastore.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QTemporaryDir>

namespace stackatlas {

namespace {
QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

std::vector<std::string> knownSources()
{
    AdapterRegistry registry;
    registerBuiltinAdapters(registry);
    std::vector<std::string> known;
    for (const SourceAdapter *a : registry.all())
        known.push_back(a->info().id);
    return known;
}
} // namespace

Result<std::unique_ptr<AppSession>> AppSession::open(const Options &options)
{
    std::optional<SnapshotMeta> meta;
    auto dir =
        std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/stackatlas-snapshot-XXXXXX"));
    DataStore::Opener opener;
    DataStore::Mode mode = DataStore::Mode::ReadWrite;
    if (!options.snapshotPath.isEmpty()) {
        // Judged and copied privately (on the store's thread); the file itself is never opened.
        mode = DataStore::Mode::ReadOnly;
        opener = [&meta, file = options.snapshotPath.toStdString(),
                  privateDir = dir->path().toStdString()]() -> Result<std::unique_ptr<Cache>> {
            auto opened = openSnapshot(file, privateDir);
            if (!opened.isOk())
                return opened.status();
            meta = opened.value().meta;
            return std::move(opened.value().cache);
        };
    } else {
        opener = [path = options.cachePath] {
            return openUserCache(path);
        };
    }
    auto store = DataStore::open(opener, mode);
    if (!store.isOk())
        return store.status();
    std::unique_ptr<AppSession> session(new AppSession(options, std::move(store).value()));
    session->m_snapshot = meta;
    session->m_snapshotDir = std::move(dir);
    if (!meta) {
        FetchOptions fetch;
        const keystore::LoadedKeys keys =
            options.useKeyring ? keystore::load() : keystore::LoadedKeys{apiKeysFromEnvironment(), {}};
        fetch.keys = keys.keys;
        fetch.userAgent = "StackAtlas/" + QCoreApplication::applicationVersion().toStdString();
        fetch.proxy = options.settings.proxy.toStdString();
        fetch.limits.totalTimeoutMs = long(options.settings.timeoutSeconds) * 1000;
        fetch.bases = options.endpointBases;
        session->m_refresh = std::make_unique<RefreshController>(session->m_store->path(), fetch,
                                                                 priceSheetPath(options.priceSheet));
        session->applyTeamSource();
        if (!keys.message.isEmpty())
            session->m_activity->add(QStringLiteral("keys"), QStringLiteral("info"), keys.message);
        connect(session->m_refresh.get(), &RefreshController::finished, session.get(),
                [s = session.get()](const QStringList &summary, bool allOk, bool cancelled,
                                    const QStringList &storedSources, const QString &offline) {
                    // The refresh wrote through its own connection. Its runs are always new; points
                    // only where a source stored some, so a failed refresh re-reads no chart.
                    s->m_store->announce(
                        storedSources.isEmpty()
                            ? StoreChange{DataChange::Runs, {}}
                            : StoreChange{DataChange::Points | DataChange::Runs, storedSources});
                    if (!offline.isEmpty())
                        s->m_activity->add(QStringLiteral("refresh"), QStringLiteral("warning"),
                                           offline + QStringLiteral(" (") +
                                               summary.join(QStringLiteral("; ")) + QStringLiteral(")"));
                    else if (!allOk && !cancelled)
                        s->m_activity->add(QStringLiteral("refresh"), QStringLiteral("warning"),
                                           summary.join(QStringLiteral("; ")));
                    emit s->refreshFinished(summary, allOk, cancelled, offline);
                    if (!cancelled)
                        s->checkAlerts();
                });
    }
    session->reloadFreshness();
    return session;
}

AppSession::AppSession(Options options, std::unique_ptr<DataStore> store)
    : m_options(std::move(options)), m_store(std::move(store)),
      m_protocols(std::make_unique<ProtocolsModel>()), m_layerMap(std::make_unique<LayerMapModel>()),
      m_sources(std::make_unique<SourcesModel>(knownSources())), m_activity(std::make_unique<ActivityModel>())
{
    connect(m_store.get(), &DataStore::changed, this, [this](const StoreChange &change) {
        reloadModels(change, m_used);
        // The status bar's freshness is always on show.
        if (change.touches(DataChange::Points | DataChange::Runs | DataChange::AsOf))
            reloadFreshness();
    });
    connect(m_store.get(), &DataStore::problem, this, [this](const QString &message) {
        m_activity->add(QStringLiteral("cache"), QStringLiteral("error"), message);
    });
    applyStalenessWindows();
}

AppSession::~AppSession() = default;

void AppSession::setSettings(const AppSettings &settings)
{
    m_options.settings = settings;
    applyStalenessWindows();
    applyTeamSource();
    emit settingsChanged(settings);
}

void AppSession::applyTeamSource()
{
    if (!m_refresh)
        return;
    RefreshController::TeamSource team{
        m_options.settings.teamUrl, m_options.settings.teamAlsoFetchPublic, {}};
    if (m_options.useKeyring && !team.url.isEmpty())
        team.password = [url = team.url.toStdString()] {
            return team::keyringPassword(url);
        };
    m_refresh->setTeam(std::move(team));
}

void AppSession::applyStalenessWindows()
{
    AsOf asOf = m_store->asOf();
    asOf.windows = m_options.settings.stalenessWindows();
    m_store->setAsOf(asOf); // a change re-reads every pane that shows figures at a date
}

void AppSession::use(Model model)
{
    if (isUsed(model))
        return;
    m_used |= unsigned(model);
    reloadModels(StoreChange::everything(), unsigned(model));
}

void AppSession::reloadModels(const StoreChange &change, unsigned models)
{
    const auto problem = [this](const Status &s) {
        m_activity->add(QStringLiteral("cache"), QStringLiteral("error"), q(s.message()));
    };
    const auto wanted = [models](Model m) {
        return (models & unsigned(m)) != 0;
    };
    if (wanted(Model::Protocols) &&
        change.touches(DataChange::Points | DataChange::Taxonomy | DataChange::Claims | DataChange::AsOf)) {
        m_store->read<ProtocolsModel::Contents>(
            m_protocols.get(), "contents",
            [asOf = m_store->asOf()](const Cache &cache) { return ProtocolsModel::load(cache, asOf); },
            [this, problem](auto r) {
                r.isOk() ? m_protocols->setContents(r.value()) : problem(r.status());
            });
    }
    if (wanted(Model::LayerMap) &&
        change.touches(DataChange::Points | DataChange::Taxonomy | DataChange::Dependencies |
                       DataChange::Claims | DataChange::AsOf)) {
        m_store->read<LayerMapModel::Contents>(
            m_layerMap.get(), "contents",
            [asOf = m_store->asOf()](const Cache &cache) { return LayerMapModel::load(cache, asOf); },
            [this, problem](auto r) {
                r.isOk() ? m_layerMap->setContents(std::move(r).value()) : problem(r.status());
            });
    }
    if (!change.touches(DataChange::Points | DataChange::Runs))
        return;
    if (wanted(Model::Sources))
        m_store->read<std::vector<SourceStatus>>(
            m_sources.get(), "contents", &SourcesModel::load,
            [this, problem](auto r) { r.isOk() ? m_sources->setContents(r.value()) : problem(r.status()); });
    if (wanted(Model::Activity))
        m_store->read<std::vector<FetchRun>>(
            m_activity.get(), "contents", &ActivityModel::load,
            [this, problem](auto r) { r.isOk() ? m_activity->setRuns(r.value()) : problem(r.status()); });
}

void AppSession::reloadFreshness()
{
    struct Fresh
    {
        std::optional<UnixSeconds> newest;
        bool sample = false;
        std::optional<UnixSeconds> shown; // the date the figures are read at
    };
    const AsOf asOf = m_store->asOf();
    m_store->read<Fresh>(
        this, "freshness",
        [asOf](const Cache &cache) -> Result<Fresh> {
            return Fresh{cache.newestAsOf(), cache.metadata("sample_data").value_or("0") == "1",
                         cache.resolve(asOf)};
        },
        [this, asOf](Result<Fresh> r) {
            const Fresh f = r.isOk() ? r.value() : Fresh{};
            const QString when = f.newest ? formatUtcDateTime(*f.newest) : QString();
            if (isSnapshot())
                m_freshness = f.newest ? tr("Snapshot data as of %1").arg(when)
                                       : tr("The snapshot holds no market data");
            else if (f.sample && f.newest)
                m_freshness = tr("Sample data as of %1 (press Refresh for live data)").arg(when);
            else
                m_freshness = f.newest ? tr("Newest data as of %1").arg(when)
                                       : tr("No market data yet: press Refresh (F5)");
            // The date every figure is shown at, named with what it is.
            if (f.shown)
                m_freshness +=
                    (asOf.at ? tr(" · figures as of %1") : tr(" · figures as of %1 (the newest market data)"))
                        .arg(formatUtcDate(*f.shown)) +
                    (asOf.includeStale ? tr(", stale values shown greyed") : QString());
            // Until the first refresh the cache holds only the data shipped with the app: say so.
            m_sampleNotice = f.sample && !isSnapshot()
                                 ? tr("Showing the sample data shipped with StackAtlas, as of %1: real "
                                      "recorded history, not live prices. Refresh (F5) fetches live "
                                      "data; the Sources pane shows where each figure comes from.")
                                       .arg(f.newest ? when : tr("unknown"))
                                 : QString();
            emit freshnessChanged();
        });
}

QString AppSession::locationText() const
{
    if (isSnapshot())
        return tr("Snapshot: %1 (opened as a verified private copy; the file is never modified)")
            .arg(QDir::toNativeSeparators(m_options.snapshotPath));
    return tr("Cache: %1").arg(QDir::toNativeSeparators(m_store->path()));
}

bool AppSession::waitUntilIdle(int timeoutMs) const
{
    QDeadlineTimer deadline(timeoutMs);
    while (m_store->pending() > 0) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    }
    return true;
}

void AppSession::checkAlerts()
{
    // Asked here, on the GUI thread, so that nothing is taken to be shown when nothing can show it.
    const bool desktop = m_options.settings.notifyAlerts && DesktopNotifier::available();
    m_store->checkAlerts(this, desktop, [this](Result<AlertRound> round) {
        if (!round.isOk()) {
            m_activity->add(
                QStringLiteral("alerts"), QStringLiteral("warning"),
                tr("Watch rules not evaluated: %1").arg(QString::fromStdString(round.status().message())));
            return;
        }
        std::vector<long long> notShown;
        for (const AlertFiring &f : round.value().toNotify) {
            if (Status s = DesktopNotifier::notify(f); !s.isOk()) {
                notShown.push_back(f.id);
                m_activity->add(QStringLiteral("alerts"), QStringLiteral("warning"),
                                QString::fromStdString(s.message()));
            }
        }
        if (!notShown.empty())
            m_store->releaseAlertFirings(this, notShown);
        const std::vector<AlertFiring> &fired = round.value().newFirings;
        if (fired.empty())
            return;
        QStringList lines;
        for (const AlertFiring &f : fired) {
            const QString line = QString::fromStdString(firingSummary(f));
            lines << line;
            m_activity->add(QStringLiteral("alerts"), QString::fromUtf8(severityName(f.severity).data()),
                            line + (f.detail.empty()
                                        ? QString()
                                        : QStringLiteral("; ") + QString::fromStdString(f.detail)));
        }
        emit alertsFired(lines, !round.value().toNotify.empty() && notShown.empty());
    });
}

} // namespace stackatlas
