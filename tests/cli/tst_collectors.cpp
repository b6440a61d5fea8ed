// SPDX-License-Identifier: GPL-3.0-or-later
// Two collectors on one cache, as when the systemd timer's `stackatlas fetch` runs while the app is
// open: real HTTP through libcurl against a replay server on 127.0.0.1 whose Vast.ai endpoint
// answers slowly, so the first fetch is still running when the second starts. The second (a CLI
// fetch, or the desktop's refresh) skips and says who holds the cache; one run is recorded per
// source, and the file stays whole. Several `alerts check` at once record each firing once.
#include "models/item/refreshcontroller.h"
#include "support/cacheinspect.h"
#include "support/clirun.h"
#include "support/recordedapis.h"
#include "support/warnings.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace stackatlas;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

} // namespace

class tst_Collectors : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void secondFetchSkipsWhileTheFirstRuns();
    void desktopRefreshSkipsWhileAFetchRuns();
    void concurrentChecksRecordEachFiringOnce();

private:
    // Vast.ai's first answer comes after `delayMs`; the rest, and every other source, as recorded.
    void serve(int delayMs)
    {
        m_server = std::make_unique<test::ReplayServer>();
        test::serveRecordedApis(*m_server);
        const auto fast =
            test::ReplayServer::Response::json(test::recordedPayload("vastai_bundles_api_shape.json"));
        auto slow = fast;
        slow.delayMs = delayMs;
        m_server->route("/vast/bundles/", {slow, fast});
    }
    QStringList fetchArgs() const
    {
        QStringList args{s("fetch"), s("--sources"), s("vastai,akash"), s("--cache"), m_cache};
        for (const auto &[name, base] : test::recordedApiBases(*m_server))
            args << s("--endpoint") << QString::fromStdString(name + "=" + base);
        return args;
    }
    // Started, and holding the collector lock.
    bool startFetch(QProcess &p)
    {
        p.start(s(STACKATLAS_BINARY), fetchArgs());
        return p.waitForStarted() &&
               QTest::qWaitFor([&] { return QFileInfo::exists(m_cache + s(".collect.lock")); }, 20000);
    }
    int fetchRuns() const
    {
        return test::sqlScalar(m_cache, "SELECT count(*) FROM fetch_runs WHERE kind = 'fetch'").toInt();
    }
    std::unique_ptr<test::ReplayServer> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_cache;
};

void tst_Collectors::init()
{
    test::failOnUnexpectedWarnings();
    m_dir = std::make_unique<QTemporaryDir>();
    m_cache = m_dir->filePath(s("cache.sqlite"));
    QVERIFY(QFile::copy(s(STACKATLAS_DEFAULT_DATA_FILE), m_cache));
    QFile(m_cache).setPermissions(QFile::ReadOwner | QFile::WriteOwner);
}

void tst_Collectors::secondFetchSkipsWhileTheFirstRuns()
{
    serve(6000);
    QProcess first;
    QVERIFY(startFetch(first));
    const test::CliRun second = test::runCli(s(STACKATLAS_BINARY), fetchArgs());
    QCOMPARE(second.exitCode, 0);
    QVERIFY2(second.err.contains(s("another collector is fetching into this cache")) &&
                 second.err.contains(s("this fetch skipped")),
             qPrintable(second.err));
    QVERIFY(second.out.isEmpty());                  // it fetched nothing
    QVERIFY(first.state() != QProcess::NotRunning); // it returned while the first was still at work
    QVERIFY(first.waitForFinished(60000));
    QCOMPARE(first.exitCode(), 0);
    QCOMPARE(fetchRuns(), 2); // vastai and akash, once each
    QCOMPARE(test::inspectCache(m_cache).integrity, s("ok"));
    QVERIFY(!QFileInfo::exists(m_cache + s(".collect.lock")));
    // The lock gone, the next collector runs.
    serve(0);
    QCOMPARE(test::runCli(s(STACKATLAS_BINARY), fetchArgs()).exitCode, 0);
    QCOMPARE(fetchRuns(), 4);
}

void tst_Collectors::desktopRefreshSkipsWhileAFetchRuns()
{
    serve(6000);
    QProcess timer;
    QVERIFY(startFetch(timer));
    FetchOptions options;
    options.sources = {"vastai", "akash"};
    options.bases = test::recordedApiBases(*m_server);
    RefreshController refresh(m_cache, options, std::string());
    QSignalSpy finished(&refresh, &RefreshController::finished);
    refresh.start();
    QVERIFY(finished.wait(30000));
    const QStringList summary = finished[0][0].toStringList();
    QVERIFY2(summary.join(u' ').contains(s("this refresh skipped")), qPrintable(summary.join(u' ')));
    QVERIFY(!finished[0][1].toBool());
    QVERIFY(timer.waitForFinished(60000));
    QCOMPARE(fetchRuns(), 2);
    serve(0);
    options.bases = test::recordedApiBases(*m_server);
    auto later = std::make_unique<RefreshController>(m_cache, options, std::string());
    QSignalSpy laterFinished(later.get(), &RefreshController::finished);
    later->start(); // the timer's fetch is over: the app's refresh runs
    QVERIFY(laterFinished.wait(60000));
    QVERIFY2(laterFinished[0][1].toBool(), qPrintable(laterFinished[0][0].toStringList().join(u' ')));
    // Its worker may still be closing its connection (a checkpoint, slow under ASan): the
    // controller's end joins it, and only then is the file read from outside.
    later.reset();
    QTRY_COMPARE_WITH_TIMEOUT(fetchRuns(), 4, 60000);
    QCOMPARE(test::inspectCache(m_cache).integrity, s("ok"));
}

void tst_Collectors::concurrentChecksRecordEachFiringOnce()
{
    for (const QStringList &rule :
         {QStringList{s("tao-overhang"), s("--entity"), s("bittensor"), s("--ratio"),
                      s("fdv_usd:market_cap_usd"), s("--above"), s("2")},
          QStringList{s("h100-parity"), s("--index"), s("h100-80gb"), s("--below"), s("0.65")},
          QStringList{s("vast-stale"), s("--stale"), s("vastai"), s("--hours"), s("48")}})
        QCOMPARE(test::runCli(s(STACKATLAS_BINARY),
                              QStringList{s("alerts"), s("add")} + rule + QStringList{s("--cache"), m_cache})
                     .exitCode,
                 0);
    std::vector<std::unique_ptr<QProcess>> checks;
    for (int i = 0; i < 6; ++i) {
        checks.push_back(std::make_unique<QProcess>());
        checks.back()->start(s(STACKATLAS_BINARY), {s("alerts"), s("check"), s("--cache"), m_cache});
    }
    for (auto &p : checks) {
        QVERIFY(p->waitForFinished(60000));
        QCOMPARE(p->exitCode(), 3);
    }
    QCOMPARE(test::sqlScalar(m_cache, "SELECT count(*) FROM alert_firings"), s("3"));
    QCOMPARE(test::inspectCache(m_cache).integrity, s("ok"));
}

QTEST_GUILESS_MAIN(tst_Collectors)
#include "tst_collectors.moc"
