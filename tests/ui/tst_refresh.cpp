// SPDX-License-Identifier: GPL-3.0-or-later
// Refresh from the GUI: the same pipeline in the background, progress, cancel, and panes that
// update through their models without a reset.
#include "datasources/cache/cachelocation.h"
#include "models/item/protocolsmodel.h"
#include "models/item/refreshcontroller.h"
#include "models/item/sourcesmodel.h"
#include "support/recordedapis.h"
#include "support/warnings.h"
#include "ui/widgets/refreshcontrols.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QElapsedTimer>
#include <QLabel>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace stackatlas;
using stackatlas::test::ReplayServer;
using Response = ReplayServer::Response;

namespace {

FetchOptions optionsFor(const ReplayServer &server)
{
    FetchOptions o;
    o.sources = {"coingecko", "akash", "pricesheet"};
    o.bases = stackatlas::test::recordedApiBases(server);
    o.proxy = "none";
    o.limits.totalTimeoutMs = 20000;
    o.retry = RetryPolicy{2, std::chrono::milliseconds(5), std::chrono::milliseconds(10),
                          std::chrono::milliseconds(2000)};
    return o;
}

void serve(ReplayServer &server)
{
    stackatlas::test::serveRecordedApis(server);
}

} // namespace

class tst_Refresh : public QObject
{
    Q_OBJECT

private slots:
    void init() { stackatlas::test::failOnUnexpectedWarnings(); }
    void refreshUpdatesModelsWithoutReset();
    void cancelStopsPromptly();
    void failedSourceShowsStale();
    void offlineRefreshSaysSo();
};

void tst_Refresh::refreshUpdatesModelsWithoutReset()
{
    ReplayServer server;
    serve(server);
    QTemporaryDir dir;
    auto cache = openUserCache(dir.filePath(QStringLiteral("c.sqlite")));
    QVERIFY(cache.isOk());
    ProtocolsModel protocols;
    QAbstractItemModelTester tester(&protocols, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(protocols.reload(*cache.value()).isOk());
    SourcesModel sources({"coingecko", "akash", "pricesheet"});
    QVERIFY(sources.reload(*cache.value()).isOk());
    QCOMPARE(sources.index(0, SourcesModel::StateColumn).data().toString(), QStringLiteral("never fetched"));

    RefreshController controller(dir.filePath(QStringLiteral("c.sqlite")), optionsFor(server), {});
    RefreshControls controls(&controller);
    QSignalSpy started(&controller, &RefreshController::started);
    QSignalSpy progress(&controller, &RefreshController::progress);
    QSignalSpy finished(&controller, &RefreshController::finished);
    QSignalSpy resets(&protocols, &QAbstractItemModel::modelReset);
    connect(&controller, &RefreshController::finished, this, [&] {
        QVERIFY(protocols.reload(*cache.value()).isOk());
        QVERIFY(sources.reload(*cache.value()).isOk());
    });

    controls.refreshAction()->trigger();
    QCOMPARE(started.count(), 1);
    QVERIFY(controls.progressBar()->isVisibleTo(nullptr) || !controls.progressBar()->isHidden());
    QVERIFY(!controls.refreshAction()->isEnabled());
    QVERIFY(controls.cancelAction()->isEnabled());
    QVERIFY(finished.wait(30000));
    QVERIFY(progress.count() > 0);
    // The words beside the bar name each source with its requests and bytes.
    const QString detail = progress.last().at(3).toString();
    QVERIFY2(detail.contains(QStringLiteral("coingecko")) && detail.contains(QStringLiteral("akash")) &&
                 detail.contains(QStringLiteral("kB")),
             qPrintable(detail));
    const QList<QVariant> args = finished.first();
    QVERIFY2(args.at(1).toBool(), qPrintable(args.at(0).toStringList().join(u'\n')));
    QVERIFY(!args.at(2).toBool());
    QVERIFY(controls.refreshAction()->isEnabled());
    QVERIFY(controls.progressBar()->isHidden());

    QCOMPARE(protocols.indexFor(QStringLiteral("render"), ProtocolsModel::PriceColumn).data().toString(),
             QStringLiteral("$2.38"));
    QCOMPARE(resets.count(), 0);
    for (int r = 0; r < sources.rowCount(); ++r)
        QCOMPARE(sources.index(r, SourcesModel::StateColumn).data().toString().left(2), QStringLiteral("ok"));
}

void tst_Refresh::cancelStopsPromptly()
{
    ReplayServer server;
    serve(server);
    Response slow = Response::json("[]");
    slow.delayMs = 15000;
    server.route("/api/v3/coins/markets", {slow});
    server.route("/akash/v1/gpu-prices", {slow});
    QTemporaryDir dir;
    QVERIFY(openUserCache(dir.filePath(QStringLiteral("c.sqlite"))).isOk());
    RefreshController controller(dir.filePath(QStringLiteral("c.sqlite")), optionsFor(server), {});
    RefreshControls controls(&controller);
    QSignalSpy finished(&controller, &RefreshController::finished);
    controls.refreshAction()->trigger();
    // Both slow requests are in flight before the user cancels.
    QTRY_VERIFY_WITH_TIMEOUT(
        server.count("/api/v3/coins/markets") == 1 && server.count("/akash/v1/gpu-prices") == 1, 10000);
    QElapsedTimer timer;
    timer.start();
    controls.cancelAction()->trigger();
    QVERIFY(finished.wait(5000));
    QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(finished.first().at(2).toBool()); // cancelled
}

void tst_Refresh::failedSourceShowsStale()
{
    SourceStatus s;
    s.source = "coingecko";
    s.points = 120;
    s.asOf = 1748995200;
    s.lastRun = FetchRun{"coingecko", "fetch", 10, 11, "failed", 500, 0, 0, 0, "x", "HTTP 500: internal"};
    QCOMPARE(SourcesModel::stateText(s),
             QStringLiteral("stale since 2025-06-04 00:00 UTC (last fetch failed: HTTP 500: internal)"));
    s.points = 0;
    s.asOf.reset();
    QCOMPARE(SourcesModel::stateText(s), QStringLiteral("failed: HTTP 500: internal"));
    SourcesModel model({"akash"});
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setContents({s});
    QCOMPARE(model.rowCount(), 2);
    model.setContents({});
    QCOMPARE(model.rowCount(), 1);
}

void tst_Refresh::offlineRefreshSaysSo()
{
    QTemporaryDir dir;
    QVERIFY(openUserCache(dir.filePath(QStringLiteral("c.sqlite"))).isOk());
    FetchOptions o;
    o.sources = {"coingecko", "akash"};
    o.bases = {{"coingecko", "http://coingecko.stackatlas-offline.invalid"},
               {"akash", "http://akash.stackatlas-offline.invalid"}};
    o.proxy = "none";
    RefreshController controller(dir.filePath(QStringLiteral("c.sqlite")), o, {});
    RefreshControls controls(&controller);
    QSignalSpy finished(&controller, &RefreshController::finished);
    QElapsedTimer timer;
    timer.start();
    controls.refreshAction()->trigger();
    QVERIFY(finished.wait(20000));
    QVERIFY2(timer.elapsed() < 10'000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(finished.first().at(4).toString(),
             QStringLiteral("offline: no source could be reached; the cache is unchanged"));
    QVERIFY(controls.progressDetail()->isHidden());
}

QTEST_MAIN(tst_Refresh)
#include "tst_refresh.moc"
