// SPDX-License-Identifier: GPL-3.0-or-later
// The desktop as the app wires it (AppSession + buildMainWindow) on a copy of the shipped data:
// an edit made in one pane reaches every pane that shows it, a real refresh (libcurl against the
// replay server) keeps the selected tile, node and table row, and a snapshot opens in a second
// window of the same process that can close without touching the first.
#include "datasources/cache/cache.h"
#include "datasources/cache/sqlthreadguard.h"
#include "models/item/activitymodel.h"
#include "models/item/chartdatamodel.h"
#include "models/item/layermapmodel.h"
#include "models/item/protocolsmodel.h"
#include "models/item/protocolsroles.h"
#include "models/item/refreshcontroller.h"
#include "models/item/translations.h"
#include "models/session/appsession.h"
#include "models/store/datastore.h"
#include "support/appwindowtest.h"
#include "support/defaultdatalicence.h"
#include "support/recordedapis.h"
#include "support/storetest.h"
#include "support/warnings.h"
#include "ui/appwindow.h"
#include "ui/mainwindow.h"
#include "ui/panes/activity/activitypane.h"
#include "ui/panes/charts/pricewarpane.h"
#include "ui/panes/charts/usagepane.h"
#include "ui/panes/charts/valuationpane.h"
#include "ui/panes/depgraph/dependencygraphpane.h"
#include "ui/panes/layermap/layermappane.h"
#include "ui/panes/protocols/protocolspane.h"
#include "ui/views/dependencygraphview.h"
#include "ui/views/layermapview.h"
#include "ui/widgets/asofcontrol.h"

#include "ui/widgets/asofcontrol.h"
#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QPointer>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>

#include <QTest>
#include <QTextBrowser>
#include <QThread>
#include <QTranslator>
#include <QUndoStack>

using namespace stackatlas;

namespace {

template <typename T> T *paneOf(MainWindow &window)
{
    for (Pane *p : window.panes())
        if (auto *t = qobject_cast<T *>(p))
            return t;
    return nullptr;
}

// The pane as a user opens it: chosen in the window, its first reads delivered.
template <typename T> T *opened(MainWindow &window)
{
    T *pane = paneOf<T>(window);
    if (!pane || !window.showPane(pane->paneId()))
        return nullptr;
    pane->activate(); // a hidden window shows nothing: its chosen pane reads anyway
    return sessionOf(&window)->waitUntilIdle() ? pane : nullptr;
}

bool hasAnnotation(const ChartData &chart, const std::string &title)
{
    return std::any_of(chart.annotations.begin(), chart.annotations.end(),
                       [&](const ChartAnnotation &a) { return a.title == title; });
}

// Another window of the app's own wiring on a cache file, with its first reads delivered.
MainWindow *windowOn(const QString &cachePath)
{
    AppSession::Options options;
    options.cachePath = cachePath;
    return test::openAppWindow(options);
}

int mainWindows()
{
    int n = 0;
    for (QWidget *w : QApplication::topLevelWidgets())
        n += qobject_cast<MainWindow *>(w) && w->isVisible() ? 1 : 0;
    return n;
}

} // namespace

class tst_Session : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void panesReadWhenFirstShown();
    void aSlowReadShowsItIsLoading();
    void asOfMovesEveryPaneToThatDay();
    void eventEditReachesEveryPane();
    void dependencyEditReachesEveryPane();
    void usageSplitEditReachesEveryPane();
    void refreshKeepsSelections();
    void snapshotOpensInASecondWindow();
    void translationReachesThePanesFromTheInstalledLayout();

private:
    AppSession &session() const { return *sessionOf(m_window); }
    QTemporaryDir m_dir;
    test::ReplayServer m_server;
    QPointer<MainWindow> m_window;
};

void tst_Session::initTestCase()
{
    for (const char *name : {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
        qunsetenv(name);
    test::serveRecordedApis(m_server);
}

void tst_Session::init()
{
    test::failOnUnexpectedWarnings();
    const QString copy = m_dir.filePath(QStringLiteral("%1.sqlite").arg(QTest::currentTestFunction()));
    QVERIFY(test::privateCopy(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE), copy));
    AppSession::Options options;
    options.cachePath = copy;
    options.endpointBases = test::recordedApiBases(m_server);
    m_window = test::openAppWindow(options);
    QVERIFY(m_window);
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    QVERIFY(session().waitUntilIdle());
}

void tst_Session::cleanup()
{
    delete m_window;
}

void tst_Session::panesReadWhenFirstShown()
{
    // At start only the pane on show (the layer map) has read anything.
    using Model = AppSession::Model;
    QVERIFY(session().isUsed(Model::LayerMap));
    for (Model unused : {Model::Protocols, Model::Sources, Model::Activity})
        QVERIFY(!session().isUsed(unused));
    QCOMPARE(session().protocols().rowCount(), 0);
    auto *priceWar = paneOf<PriceWarPane>(*m_window);
    auto *valuation = paneOf<ValuationPane>(*m_window);
    auto *usage = paneOf<UsagePane>(*m_window);
    auto *graph = paneOf<DependencyGraphPane>(*m_window);
    for (Pane *p : std::initializer_list<Pane *>{priceWar, valuation, usage, graph})
        QVERIFY2(!p->isActive(), qPrintable(p->paneId()));
    QCOMPARE(priceWar->priceModel()->chart().pointCount(), std::size_t(0));
    QVERIFY(graph->view()->scene().graph.nodes().empty()); // no layout computed
    // Chosen in the navigation list, a pane reads its data and shows it.
    auto *navigation = m_window->findChild<QListWidget *>();
    navigation->setCurrentRow(
        navigation->row(navigation->findItems(priceWar->title(), Qt::MatchExactly).value(0)));
    QVERIFY(priceWar->isVisible());
    QVERIFY(priceWar->isActive());
    QVERIFY(session().waitUntilIdle());
    QVERIFY(priceWar->priceModel()->chart().pointCount() > 100);
    QVERIFY(opened<ProtocolsPane>(*m_window));
    QVERIFY(session().isUsed(Model::Protocols));
    QVERIFY(session().protocols().rowCount() >= 21); // the 21 protocols, and the providers
    QVERIFY(!valuation->isActive());                 // still never shown
}

void tst_Session::aSlowReadShowsItIsLoading()
{
    auto *usage = paneOf<UsagePane>(*m_window);
    QVERIFY(usage);
    // Whatever the store is busy with first (here a read that takes 900 ms), the pane says it is
    // loading instead of showing empty charts as if there were no data.
    session().store().task(
        m_window.data(),
        [](const Cache &) {
            QThread::msleep(900);
            return Status::ok();
        },
        [](const Status &) {});
    QVERIFY(m_window->showPane(usage->paneId()));
    QTest::qWait(300);
    auto *notice = usage->findChild<QLabel *>(QStringLiteral("busyNotice"));
    QVERIFY(notice && notice->isVisible());
    QVERIFY(usage->charts().at(0).series.empty());
    if (const QString shots = qEnvironmentVariable("STACKATLAS_SCREENSHOT_DIR"); !shots.isEmpty())
        m_window->grab().save(shots + QStringLiteral("/usage-loading.png"));
    QVERIFY(session().waitUntilIdle());
    QVERIFY(!notice->isVisible());
    QCOMPARE(usage->charts().at(0).series.at(0).points.at(0).y, 70.0);
}

void tst_Session::eventEditReachesEveryPane()
{
    STACKATLAS_SKIP_WITHOUT_NONCOMMERCIAL_DATA(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE));
    // Both opened once: the price war is no longer on show and still follows.
    auto *priceWar = opened<PriceWarPane>(*m_window);
    auto *valuation = opened<ValuationPane>(*m_window);
    QVERIFY(priceWar && valuation);
    const std::string title = "Test: a hyperscaler cuts H100 prices";
    QVERIFY(!hasAnnotation(priceWar->priceModel()->chart(), title));
    QVERIFY(!hasAnnotation(valuation->charts().at(2), title));
    // The call the events dialog makes; every pane that draws events follows.
    Event e;
    e.start = "2025-02-03"; // inside both the price history and the indexed valuation
    e.title = title;
    e.source = "test";
    e.kind = "user";
    QSignalSpy changed(&session().store(), &DataStore::changed);
    session().store().addUserEvent(m_window, e);
    QVERIFY(session().waitUntilIdle());
    QCOMPARE(changed.count(), 1);
    QVERIFY(hasAnnotation(priceWar->priceModel()->chart(), title));
    QVERIFY(hasAnnotation(valuation->charts().at(2), title));
}

void tst_Session::dependencyEditReachesEveryPane()
{
    auto *graph = opened<DependencyGraphPane>(*m_window);
    QVERIFY(graph);
    const auto relies = [](const Taxonomy &t) {
        return std::any_of(t.dependencies.begin(), t.dependencies.end(),
                           [](const Dependency &d) { return d.fromId == "griffain" && d.toId == "phala"; });
    };
    QVERIFY(!relies(session().layerMap().taxonomy()));
    graph->selectNode(QStringLiteral("griffain"));
    QVERIFY(graph->addEdge({"griffain", "phala", "privacy", "test note", DependencyOrigin::User}));
    QVERIFY(session().waitUntilIdle());
    // The graph draws the edge, the layer map's details (what a tile relies on) read it, and the
    // selection in the graph stayed.
    QVERIFY(graph->view()->scene().graph.node("griffain"));
    QVERIFY(relies(session().layerMap().taxonomy()));
    QVERIFY(relies(session().store().taxonomy()));
    QCOMPARE(graph->view()->state().selected, QStringLiteral("griffain"));
    QVERIFY(graph->details()->toHtml().contains(QStringLiteral("Phala")));
    graph->undoStack()->undo();
    QVERIFY(session().waitUntilIdle());
    QVERIFY(!relies(session().layerMap().taxonomy()));
}

void tst_Session::usageSplitEditReachesEveryPane()
{
    auto *usage = opened<UsagePane>(*m_window);
    QVERIFY(usage);
    QCOMPARE(usage->charts().at(0).series.at(0).points.at(0).y, 70.0);
    QVERIFY(usage->saveClaim(40, 40, 20, QStringLiteral("my survey")).isOk());
    QVERIFY(session().waitUntilIdle());
    QCOMPARE(usage->charts().at(0).series.at(0).points.at(0).y, 40.0);
    // A second window on the same cache (another session) shows it on its next read: the split is
    // in the cache, not in the pane.
    QPointer<MainWindow> second = windowOn(session().store().path());
    QVERIFY(second);
    QCOMPARE(opened<UsagePane>(*second)->charts().at(0).series.at(0).points.at(0).y, 40.0);
    delete second;
}

void tst_Session::asOfMovesEveryPaneToThatDay()
{
    auto *protocols = opened<ProtocolsPane>(*m_window);
    auto *valuation = opened<ValuationPane>(*m_window);
    QVERIFY(opened<LayerMapPane>(*m_window) && protocols && valuation);
    auto *control = m_window->findChild<AsOfControl *>();
    QVERIFY(control);
    const auto bittensorCap = [&] {
        const LayerMapModel::Figures *f = session().layerMap().figures("bittensor");
        return f && f->marketCap ? f->marketCap->value : -1.0;
    };
    const auto renderPrice = [&] {
        return session()
            .protocols()
            .indexFor(QStringLiteral("render"), ProtocolsModel::PriceColumn)
            .data()
            .toString();
    };
    const auto nearBar = [&] {
        const ChartData bars = valuation->charts().at(0);
        for (const ChartSeries &s : bars.series)
            for (const ChartPoint &p : s.points)
                if (s.group == "market_cap_usd" && p.label == "near")
                    return p.y;
        return -1.0;
    };
    // At the newest data (2026-06-30) Bittensor's market cap (2026-03-13) is past its 3-day window.
    QCOMPARE(bittensorCap(), -1.0);
    QCOMPARE(renderPrice(), QString());
    control->setDate(parseTimestamp("2025-01-27").value);
    QVERIFY(session().waitUntilIdle());
    // The day of the DeepSeek sell-off, from the shipped CoinGecko capture of that day.
    QCOMPARE(bittensorCap(), 3502956854.0);
    QCOMPARE(renderPrice(), QStringLiteral("$6.59"));
    QCOMPARE(nearBar(), 5488300102.0);
    QVERIFY2(m_window->findChild<QLabel *>(QStringLiteral("freshnessLabel")) == nullptr ||
                 m_window->findChild<QLabel *>(QStringLiteral("freshnessLabel"))
                     ->text()
                     .contains(QStringLiteral("2025-01-27")),
             "the status bar names the date shown");
    // A day on, Bittensor's figure is the market cap derived that day (Binance's close x the
    // capture's supply, moved by a day's emission), marked as derived wherever it is shown; with a
    // 1-day window set in Settings, the capture itself would be stale, the derived value is not.
    control->setDate(parseTimestamp("2025-01-28").value);
    QVERIFY(session().waitUntilIdle());
    const auto bittensorSource = [&] {
        const LayerMapModel::Figures *f = session().layerMap().figures("bittensor");
        return f && f->marketCap ? f->marketCap->provenance.source : std::string();
    };
    QCOMPARE(bittensorSource(), std::string("derived"));
    QVERIFY(session()
                .protocols()
                .indexFor(QStringLiteral("bittensor"), ProtocolsModel::MarketCapColumn)
                .data()
                .toString()
                .endsWith(QStringLiteral(" (derived)")));
    AppSettings strict = session().settings();
    strict.staleDailyDays = 1;
    session().setSettings(strict);
    QVERIFY(session().waitUntilIdle());
    QCOMPARE(session().store().asOf().windows.daily, UnixSeconds(86400));
    QCOMPARE(bittensorSource(), std::string("derived"));
    QCOMPARE(renderPrice(), QStringLiteral("$5.54")); // Binance's close of that day, fresh in any window
    session().setSettings(AppSettings{});
    QVERIFY(session().waitUntilIdle());
    // Stale values on request: Bittensor's newest at 2026-06-30 is shown, marked stale.
    control->setDate(std::nullopt);
    control->setShowStale(true);
    QVERIFY(session().waitUntilIdle());
    const LayerMapModel::Figures *f = session().layerMap().figures("bittensor");
    QVERIFY(f && f->marketCap && f->marketCap->stale);
    QCOMPARE(formatIsoDate(f->marketCap->ts), std::string("2026-03-13"));
}

void tst_Session::refreshKeepsSelections()
{
    // Every pane that shows a selection or a model the refresh changes, opened once.
    auto *protocols = opened<ProtocolsPane>(*m_window);
    auto *graph = opened<DependencyGraphPane>(*m_window);
    QVERIFY(opened<ActivityPane>(*m_window));
    auto *map = opened<LayerMapPane>(*m_window);
    QVERIFY(map && protocols && graph);
    map->view()->setCurrentIndex(session().layerMap().indexForId(QStringLiteral("akash")));
    QVERIFY(graph->selectNode(QStringLiteral("akash")));
    // The table follows the map (SelectionSync).
    const auto tableId = [&] {
        return protocols->view()->currentIndex().data(EntityIdRole).toString();
    };
    QCOMPARE(tableId(), QStringLiteral("akash"));
    const int runsBefore = session().activity().rowCount();
    QSignalSpy finished(&session(), &AppSession::refreshFinished);
    QSignalSpy mapUpdated(&session().layerMap(), &QAbstractItemModel::dataChanged);
    QSignalSpy tableUpdated(&session().protocols(), &QAbstractItemModel::dataChanged);
    QSignalSpy mapReset(&session().layerMap(), &QAbstractItemModel::modelReset);
    QSignalSpy changed(&session().store(), &DataStore::changed);
    session().refresh()->start();
    QVERIFY(finished.wait(60000));
    QVERIFY(session().waitUntilIdle());
    // The refresh ran and every model was re-read, in place.
    QVERIFY2(session().activity().rowCount() > runsBefore, "no run was recorded");
    QVERIFY(!mapUpdated.isEmpty());
    // The table is re-read in place (no reset, the selection kept); whether a row changes depends
    // on whether the replayed capture differs from what the cache held at the date shown.
    Q_UNUSED(tableUpdated);
    QCOMPARE(mapReset.count(), 0);
    // The store was told whose points changed: the sources that stored values.
    QVERIFY(!changed.isEmpty());
    const auto change = changed.first().first().value<StoreChange>();
    QVERIFY(change.touches(DataChange::Points | DataChange::Runs));
    QVERIFY2(change.sources.contains(QStringLiteral("coingecko")), qPrintable(change.sources.join(u',')));
    QCOMPARE(map->view()->currentIndex().data(Qt::DisplayRole).toString(), QStringLiteral("Akash"));
    QCOMPARE(tableId(), QStringLiteral("akash"));
    QCOMPARE(graph->view()->state().selected, QStringLiteral("akash"));
}

void tst_Session::snapshotOpensInASecondWindow()
{
    const QString file = m_dir.filePath(QStringLiteral("week.stackatlas"));
    Status saved = Status::error(StatusCode::Internal, "not answered");
    session().store().saveSnapshot(m_window, file, QStringLiteral("Week 49"), QString(),
                                   [&](const Status &s) { saved = s; });
    QVERIFY(session().waitUntilIdle());
    QVERIFY2(saved.isOk(), saved.message().c_str());
    QCOMPARE(mainWindows(), 1);
    QPointer<MainWindow> second = openSnapshotWindow(file, m_window);
    QVERIFY(second);
    QCOMPARE(mainWindows(), 2);
    QVERIFY(sessionOf(second)->isSnapshot());
    QVERIFY(sessionOf(second)->store().isReadOnly());
    QVERIFY(second->bannerText().contains(QStringLiteral("Week 49")));
    QVERIFY(sessionOf(second)->waitUntilIdle());
    QCOMPARE(opened<PriceWarPane>(*second)->priceModel()->chart().pointCount(),
             opened<PriceWarPane>(*m_window)->priceModel()->chart().pointCount());
    // Closing it deletes its window and session; the first window keeps working.
    second->close();
    QTRY_VERIFY(second.isNull());
    QCOMPARE(mainWindows(), 1);
    QVERIFY(!sessionOf(m_window)->isSnapshot());
    auto *priceWar = paneOf<PriceWarPane>(*m_window);
    priceWar->setGpu(QStringLiteral("rtx-4090"));
    QVERIFY(session().waitUntilIdle());
    QVERIFY(priceWar->priceModel()->chart().title.find("4090") != std::string::npos);
}

void tst_Session::translationReachesThePanesFromTheInstalledLayout()
{
    // What main() does at start, from a prefix laid out as installed (share/stackatlas/translations
    // holding stackatlas_de.qm, compiled by the build's lrelease step).
    // stackatlas_de.qm; Qt's own German, where installed, adds one more
    QVERIFY(loadTranslations(QLocale(QLocale::German, QLocale::Germany),
                             QStringLiteral(STACKATLAS_INSTALLED_TRANSLATIONS)) >= 1);
    QPointer<MainWindow> german = windowOn(session().store().path());
    QVERIFY(german);
    auto *priceWar = opened<PriceWarPane>(*german);
    QVERIFY(priceWar);
    QCOMPARE(priceWar->title(), QStringLiteral("Preiskampf"));
    const QList<QListWidgetItem *> navigation =
        german->findChild<QListWidget *>()->findItems(QStringLiteral("Preiskampf"), Qt::MatchExactly);
    QCOMPARE(navigation.size(), 1);
    // and the chart texts built in models/domain
    QVERIFY2(priceWar->indexModel()->chart().title.ends_with(": Preisvorteilsindex"),
             priceWar->indexModel()->chart().title.c_str());
    delete german;
    for (QTranslator *t : QCoreApplication::instance()->findChildren<QTranslator *>()) {
        QCoreApplication::removeTranslator(t);
        delete t;
    }
}

QTEST_MAIN(tst_Session)
#include "tst_session.moc"
