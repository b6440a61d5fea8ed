// SPDX-License-Identifier: GPL-3.0-or-later
// The fetch pipeline and `stackatlas fetch` end to end, against a replay server on loopback.
#include "datasources/cache/cache.h"
#include "datasources/cache/cachelocation.h"
#include "datasources/fetch/fetchpipeline.h"
#include "datasources/http/canceltoken.h"
#include "support/recordedapis.h"
#include "support/warnings.h"

#include <QDeadlineTimer>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace stackatlas;
using stackatlas::test::ReplayServer;
using Response = ReplayServer::Response;

namespace {

QByteArray fixture(const char *name)
{
    return stackatlas::test::recordedPayload(name);
}

void serveEverything(ReplayServer &server)
{
    stackatlas::test::serveRecordedApis(server);
}

std::map<std::string, std::string> bases(const ReplayServer &server)
{
    return stackatlas::test::recordedApiBases(server);
}

FetchOptions fastOptions(const ReplayServer &server)
{
    FetchOptions o;
    o.bases = bases(server);
    o.proxy = "none";
    o.limits.totalTimeoutMs = 2000;
    o.limits.lowSpeedSeconds = 1;
    o.retry = RetryPolicy{3, std::chrono::milliseconds(5), std::chrono::milliseconds(20),
                          std::chrono::milliseconds(5000)};
    return o;
}

std::optional<double> latest(Cache &cache, const std::string &entity, const std::string &metric,
                             Dimensions dims = {})
{
    auto q = cache.query({entity, metric, std::move(dims), {}, {}});
    if (!q.isOk() || q.value().empty() || q.value().front().points.empty())
        return std::nullopt;
    return q.value().front().points.back().value;
}

} // namespace

class tst_Fetch : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void fullFetchFillsCache();
    void faultFailsOnlyItsSource_data();
    void faultFailsOnlyItsSource();
    void rateLimitThenSuccess();
    void liveOutlierIsHeld();
    void cancelEndsQuickly();
    void unknownSourceRefused();
    void cliFetch();
    void cliExitCodes();
    void offlineFetchEndsQuicklyAndChangesNothing();
    void apiKeyNeverStored();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Cache> openCache()
    {
        auto c = openUserCache(m_dir->filePath(QStringLiteral("cache.sqlite")));
        return c.isOk() ? std::move(c).value() : nullptr;
    }
};

void tst_Fetch::init()
{
    stackatlas::test::failOnUnexpectedWarnings();
    m_dir = std::make_unique<QTemporaryDir>();
}

void tst_Fetch::fullFetchFillsCache()
{
    ReplayServer server;
    serveEverything(server);
    auto cache = openCache();
    AdapterRegistry registry;
    registerBuiltinAdapters(registry);
    FetchPipeline pipeline(registry, *cache, fastOptions(server));
    QVERIFY(pipeline.validate().isOk());
    CancelToken cancel;
    int progressCalls = 0;
    QElapsedTimer timer;
    timer.start();
    const auto outcomes = pipeline.run(cancel, [&](const std::vector<SourceProgress> &) { ++progressCalls; });
    qInfo("full replayed fetch: %lld ms, %d requests", static_cast<long long>(timer.elapsed()),
          int(server.requests().size()));
    QCOMPARE(outcomes.size(), std::size_t(5));
    for (const auto &o : outcomes)
        QVERIFY2(o.status.isOk(), (o.source + ": " + o.status.message()).c_str());
    QVERIFY(progressCalls > 0);

    QCOMPARE(latest(*cache, "render", "price_usd").value(), 2.38);
    QCOMPARE(latest(*cache, "io-net", "fdv_usd").value(), 143496521.0);
    QCOMPARE(latest(*cache, "bittensor", "tvl_usd").value(), 41000000.0);
    QCOMPARE(latest(*cache, "ai-agents", "category_market_cap_usd").value(), 5117432588.645158);
    QCOMPARE(latest(*cache, "akash", "gpu_hourly_usd", {{"gpu", "h100-80gb"}, {"stat", "median"}}).value(),
             1.79);
    QCOMPARE(latest(*cache, "vast-ai", "gpu_hourly_usd", {{"gpu", "a100-40gb"}, {"stat", "median"}}).value(),
             0.7648629629629631);
    QCOMPARE(latest(*cache, "aws", "gpu_hourly_usd", {{"region", "us-east-1"}}).value(), 6.88);
    QCOMPARE(cache->query({"bittensor", "fees_usd", {}, {}, {}}).value().front().points.size(),
             std::size_t(133));

    // every requested id was asked for, without spaces, and missing ones are reported
    const auto markets = std::find_if(outcomes.begin(), outcomes.end(),
                                      [](const SourceOutcome &o) { return o.source == "coingecko"; });
    QVERIFY(std::any_of(markets->warnings.begin(), markets->warnings.end(), [](const std::string &w) {
        return w.find("did not return requested id \"arweave\"") != std::string::npos;
    }));
    for (const auto &r : server.requests()) {
        if (r.path == "/api/v3/coins/markets") {
            QVERIFY(!r.query.contains("%20") && !r.query.contains(' '));
            QVERIFY(r.query.contains("ids=render-token,akash-network,io,"));
        }
    }
    const auto sources = cache->sources().value();
    QCOMPARE(sources.size(), std::size_t(5));
    for (const auto &s : sources)
        QVERIFY2(s.lastRun && (s.lastRun->status == "ok" || s.lastRun->status == "partial"),
                 s.source.c_str());
}

void tst_Fetch::faultFailsOnlyItsSource_data()
{
    QTest::addColumn<int>("fault");
    QTest::addColumn<QString>("reason");
    QTest::newRow("http-500-always") << 0 << "HTTP 500";
    QTest::newRow("stalled-body") << 1 << "timed out";
    QTest::newRow("truncated-body") << 2 << "truncated";
    QTest::newRow("oversized-body") << 3 << "larger than";
    QTest::newRow("html-error-page") << 4 << "HTML page";
    QTest::newRow("invalid-utf8") << 5 << "encoding";
    QTest::newRow("nested-100000-deep") << 6 << "nested deeper";
    QTest::newRow("http-422-json-error") << 7 << "Missing parameter vs_currency";
}

void tst_Fetch::faultFailsOnlyItsSource()
{
    QFETCH(int, fault);
    QFETCH(QString, reason);
    ReplayServer server;
    serveEverything(server);
    auto cache = openCache();
    AdapterRegistry registry;
    registerBuiltinAdapters(registry);
    FetchOptions options = fastOptions(server);
    options.limits.maxBodyBytes = 4 << 20;
    CancelToken cancel;
    {
        FetchPipeline first(registry, *cache, options);
        first.run(cancel);
    }
    QCOMPARE(latest(*cache, "render", "price_usd").value(), 2.38);

    Response bad;
    switch (fault) {
    case 0:
        bad = Response::json(R"({"error":"internal"})", 500);
        break;
    case 1:
        bad = Response::json(QByteArray(5000, ' ') + "[]");
        bad.mode = Response::Mode::Stall;
        break;
    case 2:
        bad = Response::json(fixture("coingecko_markets_ai_items_2026-05-26.json"));
        bad.mode = Response::Mode::Truncate;
        break;
    case 3:
        bad.mode = Response::Mode::Chunked;
        bad.generatedBytes = qint64(64) << 20;
        break;
    case 4:
        bad = Response::json(
            "<html><head><title>Just a moment...</title></head><body>Cloudflare</body></html>");
        bad.headers = {{"Content-Type", "text/html"}};
        break;
    case 5:
        bad = Response::json("[{\"id\":\"render-token\",\"name\":\"\xc3\x28\"}]");
        break;
    case 6:
        bad = Response::json(QByteArray(100000, '['));
        break;
    case 7:
        bad = Response::json(fixture("error_422_coins_markets_missing_vs_currency.json"), 422);
        break;
    }
    server.route("/api/v3/coins/markets", {bad});
    FetchPipeline second(registry, *cache, options);
    QElapsedTimer timer;
    timer.start();
    const auto outcomes = second.run(cancel);
    QVERIFY2(timer.elapsed() < 20000, "each fault ends within its deadline");
    for (const auto &o : outcomes) {
        if (o.source == "coingecko") {
            QVERIFY(!o.status.isOk());
            QVERIFY2(QString::fromStdString(o.status.message()).contains(reason), o.status.message().c_str());
        } else {
            QVERIFY2(o.status.isOk(), (o.source + ": " + o.status.message()).c_str());
        }
    }
    // the failed source's earlier data is intact, and its run says why
    QCOMPARE(latest(*cache, "render", "price_usd").value(), 2.38);
    const auto sources = cache->sources().value();
    const auto cg = std::find_if(sources.begin(), sources.end(),
                                 [](const SourceStatus &s) { return s.source == "coingecko"; });
    QCOMPARE(cg->lastRun->status, std::string("failed"));
    QVERIFY(QString::fromStdString(cg->lastRun->error).contains(reason));
    QVERIFY(cg->points > 0);
}

void tst_Fetch::liveOutlierIsHeld()
{
    // Four days of Render at ~0.02 stored, then a fetch bringing 2.38 (the recorded 2026-05-26
    // capture): 100x off its week, held back and named in the source's warnings, not stored.
    ReplayServer server;
    serveEverything(server);
    auto cache = openCache();
    const UnixSeconds capture = 1779798992; // 2026-05-26T12:36:32Z, a little before the capture's
    std::vector<Observation> week;
    for (int d = 1; d <= 4; ++d) {
        Observation o;
        o.key = {"render", "price_usd", "coingecko", {}};
        o.unit = "USD";
        o.ts = capture - d * 86400;
        o.value = 0.0238;
        o.provenance = {"coingecko", "test", o.ts, o.ts};
        week.push_back(o);
    }
    QVERIFY(cache->write(week).isOk());
    AdapterRegistry registry;
    registerBuiltinAdapters(registry);
    FetchOptions options = fastOptions(server);
    options.sources = {"coingecko"};
    FetchPipeline pipeline(registry, *cache, options);
    CancelToken cancel;
    const auto outcomes = pipeline.run(cancel);
    QCOMPARE(outcomes.size(), std::size_t(1));
    QVERIFY2(outcomes[0].status.isOk(), outcomes[0].status.message().c_str());
    const auto &w = outcomes[0].warnings;
    QVERIFY(std::any_of(w.begin(), w.end(), [](const std::string &s) {
        return s.rfind(
                   "held as suspect, not stored: render/price_usd (coingecko) 2026-05-26: 2.38 is 100x above",
                   0) == 0;
    }));
    QCOMPARE(latest(*cache, "render", "price_usd").value(), 0.0238);
    QCOMPARE(latest(*cache, "bittensor", "price_usd").has_value(), true); // the others went in
}

void tst_Fetch::rateLimitThenSuccess()
{
    ReplayServer server;
    serveEverything(server);
    Response limited = Response::json(
        R"({"status":{"error_code":429,"error_message":"You've exceeded the Rate Limit."}})", 429);
    limited.headers.push_back({"Retry-After", "1"});
    server.route("/api/v3/coins/markets",
                 {limited, Response::json(fixture("coingecko_markets_ai_items_2026-05-26.json"))});
    auto cache = openCache();
    AdapterRegistry registry;
    registerBuiltinAdapters(registry);
    FetchOptions options = fastOptions(server);
    options.sources = {"coingecko"};
    FetchPipeline pipeline(registry, *cache, options);
    CancelToken cancel;
    const auto outcomes = pipeline.run(cancel);
    QVERIFY2(outcomes.front().status.isOk(), outcomes.front().status.message().c_str());
    QCOMPARE(server.count("/api/v3/coins/markets"), 2);
    QCOMPARE(latest(*cache, "render", "price_usd").value(), 2.38);
}

void tst_Fetch::cancelEndsQuickly()
{
    ReplayServer server;
    serveEverything(server);
    Response slow = Response::json("[]");
    slow.delayMs = 10000;
    for (const char *path :
         {"/api/v3/coins/markets", "/llama/protocols", "/akash/v1/gpu-prices", "/vast/bundles/"})
        server.route(path, {slow});
    auto cache = openCache();
    AdapterRegistry registry;
    registerBuiltinAdapters(registry);
    FetchOptions options = fastOptions(server);
    options.limits.totalTimeoutMs = 30000;
    options.limits.lowSpeedSeconds = 30;
    options.sources = {"coingecko", "defillama", "akash", "vastai"};
    FetchPipeline pipeline(registry, *cache, options);
    CancelToken cancel;
    // Cancels once every source's request is in flight, and times how long the pipeline takes to
    // stop from there.
    QElapsedTimer timer;
    std::thread canceller([&] {
        const QDeadlineTimer deadline(10000);
        const auto inFlight = [&] {
            for (const char *path :
                 {"/api/v3/coins/markets", "/llama/protocols", "/akash/v1/gpu-prices", "/vast/bundles/"})
                if (server.count(path) == 0)
                    return false;
            return true;
        };
        while (!inFlight() && !deadline.hasExpired())
            std::this_thread::yield();
        timer.start();
        cancel.cancel();
    });
    const auto outcomes = pipeline.run(cancel);
    canceller.join();
    QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
    for (const auto &o : outcomes)
        QVERIFY(!o.status.isOk());
    const auto sources = cache->sources().value();
    QCOMPARE(sources.size(), std::size_t(4));
    for (const auto &s : sources)
        QCOMPARE(s.lastRun->status, std::string("cancelled"));
}

void tst_Fetch::unknownSourceRefused()
{
    auto cache = openCache();
    AdapterRegistry registry;
    registerBuiltinAdapters(registry);
    FetchOptions options;
    options.sources = {"coingecko", "binance"};
    QVERIFY(!FetchPipeline(registry, *cache, options).validate().isOk());
    FetchOptions badEndpoint;
    badEndpoint.bases = {{"nope", "http://127.0.0.1:1"}};
    QVERIFY(!FetchPipeline(registry, *cache, badEndpoint).validate().isOk());
}

namespace {

struct CliRun
{
    int exitCode = -1;
    QString out, err;
};

CliRun runCli(const QStringList &args,
              const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(STACKATLAS_BINARY), args);
    if (!p.waitForFinished(120000))
        p.kill();
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QStringList endpointArgs(const ReplayServer &server)
{
    QStringList args;
    for (const auto &[name, base] : bases(server))
        args << QStringLiteral("--endpoint") << QString::fromStdString(name + "=" + base);
    return args;
}

} // namespace

void tst_Fetch::cliFetch()
{
    ReplayServer server;
    serveEverything(server);
    const QString cache = m_dir->filePath(QStringLiteral("cli.sqlite"));
    QElapsedTimer timer;
    timer.start();
    const CliRun r =
        runCli(QStringList{QStringLiteral("fetch"), QStringLiteral("--cache"), cache} + endpointArgs(server));
    qInfo("stackatlas fetch (full, replayed): %lld ms", static_cast<long long>(timer.elapsed()));
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    for (const char *source : {"coingecko", "defillama", "akash", "vastai", "pricesheet"})
        QVERIFY2(r.out.contains(QString::fromLatin1(source) + QStringLiteral(": ")), qPrintable(r.out));
    const CliRun q =
        runCli({QStringLiteral("query"), QStringLiteral("--entity"), QStringLiteral("render"),
                QStringLiteral("--metric"), QStringLiteral("price_usd"), QStringLiteral("--from"),
                QStringLiteral("2026-05-26"), QStringLiteral("--cache"), cache});
    QVERIFY2(q.out.contains(QStringLiteral(",2.38,coingecko,")), qPrintable(q.out));
    // Where the shipped data seeded the cache (run outside ctest), the replayed capture is the one it
    // was built from: the same value at the same time changes nothing and keeps its provenance.
    QVERIFY2(q.out.contains(server.baseUrl() + QStringLiteral("/api/v3/coins/markets")) ||
                 q.out.contains(QStringLiteral("imported from StackAtlas default data")),
             qPrintable(q.out));
    const CliRun s = runCli({QStringLiteral("sources"), QStringLiteral("--cache"), cache});
    QVERIFY(s.out.contains(QStringLiteral("fetch ")));
    const CliRun help = runCli({QStringLiteral("fetch"), QStringLiteral("--help")});
    QVERIFY(help.out.contains(QStringLiteral("https://api.coingecko.com/api/v3")));
}

void tst_Fetch::cliExitCodes()
{
    ReplayServer server;
    serveEverything(server);
    server.route("/api/v3/coins/markets", {Response::json(R"({"error":"not here"})", 404)});
    const QString cache = m_dir->filePath(QStringLiteral("codes.sqlite"));
    const CliRun partial =
        runCli(QStringList{QStringLiteral("fetch"), QStringLiteral("--sources"),
                           QStringLiteral("coingecko,akash"), QStringLiteral("--cache"), cache} +
               endpointArgs(server));
    QCOMPARE(partial.exitCode, 3);
    QVERIFY2(partial.err.contains(QStringLiteral("stackatlas: coingecko: failed: ") + server.baseUrl() +
                                  QStringLiteral("/api/v3/coins/markets: HTTP 404: not here")),
             qPrintable(partial.err));
    quint16 closed = 0;
    {
        ReplayServer gone;
        closed = gone.port();
    }
    const QString dead = QStringLiteral("http://127.0.0.1:%1").arg(closed);
    const CliRun all =
        runCli({QStringLiteral("fetch"), QStringLiteral("--sources"), QStringLiteral("defillama,akash"),
                QStringLiteral("--endpoint"), QStringLiteral("defillama=") + dead,
                QStringLiteral("--endpoint"), QStringLiteral("akash=") + dead, QStringLiteral("--timeout"),
                QStringLiteral("2"), QStringLiteral("--cache"), cache});
    QCOMPARE(all.exitCode, 1);
    QCOMPARE(all.err.count(QStringLiteral("failed: ")), 2);
    const CliRun usage = runCli({QStringLiteral("fetch"), QStringLiteral("--sources"),
                                 QStringLiteral("nasdaq"), QStringLiteral("--cache"), cache});
    QCOMPARE(usage.exitCode, 2);
}

void tst_Fetch::offlineFetchEndsQuicklyAndChangesNothing()
{
    const QString cache = m_dir->filePath(QStringLiteral("offline.sqlite"));
    // The price sheet (a local file) is in the cache already, and the cache holds sample data.
    const CliRun sheet = runCli({QStringLiteral("fetch"), QStringLiteral("--sources"),
                                 QStringLiteral("pricesheet"), QStringLiteral("--cache"), cache});
    QVERIFY2(sheet.exitCode == 0, qPrintable(sheet.err));
    {
        auto c = Cache::open(cache.toStdString());
        QVERIFY(c.isOk());
        QVERIFY(c.value()->setMetadata("sample_data", "1").isOk());
    }
    const auto points = [&] {
        auto c = Cache::open(cache.toStdString());
        QString all;
        const auto latest = c.value()->latestPerSeries();
        for (const auto &s : latest.value())
            all += QStringLiteral("%1 %2 %3\n")
                       .arg(QString::fromStdString(formatDimensions(s.key.dims)))
                       .arg(s.ts)
                       .arg(s.value);
        return all;
    };
    const auto before = points();
    // No network: every network source's host is a name that cannot resolve (RFC 6761).
    QStringList args{QStringLiteral("fetch"), QStringLiteral("--cache"), cache};
    for (const char *source : {"coingecko", "defillama", "akash", "vastai"})
        args << QStringLiteral("--endpoint")
             << QString::fromLatin1(source) + QStringLiteral("=http://") + QString::fromLatin1(source) +
                    QStringLiteral(".stackatlas-offline.invalid");
    QElapsedTimer timer;
    timer.start();
    const CliRun offline = runCli(args);
    const qint64 took = timer.elapsed();
    qInfo("stackatlas fetch with no network: %lld ms", static_cast<long long>(took));
    QVERIFY2(took < 10'000, qPrintable(QString::number(took)));
    QCOMPARE(offline.exitCode, 3); // the price sheet was read, every network source failed
    QVERIFY2(offline.err.contains(
                 QStringLiteral("stackatlas: offline: no source could be reached; the cache is unchanged")),
             qPrintable(offline.err));
    QVERIFY2(offline.out.contains(QStringLiteral("pricesheet: ok, 0 values stored")),
             qPrintable(offline.out));
    QCOMPARE(points(), before);
    auto c = Cache::open(cache.toStdString());
    QCOMPARE(c.value()->metadata("sample_data").value_or(""), std::string("1"));
}

void tst_Fetch::apiKeyNeverStored()
{
    ReplayServer server;
    serveEverything(server);
    const QByteArray key = "CG-s3cret-KEY-0123456789";
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("STACKATLAS_COINGECKO_DEMO_KEY"), QString::fromLatin1(key));
    // the server echoes the key in an error, as some APIs do: it must be redacted before storage
    server.route("/api/v3/coins/categories", {Response::json("{\"error\":\"bad key " + key + "\"}", 401)});
    const QString cache = m_dir->filePath(QStringLiteral("keys.sqlite"));
    const CliRun r = runCli(QStringList{QStringLiteral("fetch"), QStringLiteral("--sources"),
                                        QStringLiteral("coingecko"), QStringLiteral("--cache"), cache} +
                                endpointArgs(server),
                            env);
    QCOMPARE(r.exitCode, 0);
    bool sent = false;
    for (const auto &req : server.requests()) {
        sent = sent || req.headers.value("x-cg-demo-api-key") == key;
        QVERIFY(!req.query.contains(key));
    }
    QVERIFY(sent);
    QVERIFY(!r.out.toUtf8().contains(key) && !r.err.toUtf8().contains(key));
    QVERIFY(r.err.contains(QStringLiteral("[redacted]")));
    // what the data travels on afterwards, made with the key still in the environment: a snapshot,
    // a report with its chart files, a CSV export; and what they print
    const QString snapshot = m_dir->filePath(QStringLiteral("keys.stackatlas"));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    const QList<QStringList> afterwards{
        {QStringLiteral("snapshot"), QStringLiteral("save"), snapshot, QStringLiteral("--cache"), cache},
        {QStringLiteral("snapshot"), QStringLiteral("info"), snapshot},
        {QStringLiteral("report"), QStringLiteral("--snapshot"), snapshot, QStringLiteral("--out"),
         m_dir->filePath(QStringLiteral("keys.pdf")), QStringLiteral("--charts-dir"),
         m_dir->filePath(QStringLiteral("charts"))},
        {QStringLiteral("export"), QStringLiteral("--pane"), QStringLiteral("valuation"),
         QStringLiteral("--out"), m_dir->filePath(QStringLiteral("keys.csv")), QStringLiteral("--cache"),
         cache},
        {QStringLiteral("sources"), QStringLiteral("--cache"), cache}};
    for (const QStringList &args : afterwards) {
        const CliRun step = runCli(args, env);
        QVERIFY2(step.exitCode == 0, qPrintable(args.join(QLatin1Char(' ')) + step.err));
        QVERIFY(!step.out.toUtf8().contains(key) && !step.err.toUtf8().contains(key));
    }
    QDirIterator files(m_dir->path(), QDir::Files, QDirIterator::Subdirectories);
    int scanned = 0;
    while (files.hasNext()) {
        QFile f(files.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY2(!f.readAll().contains(key), qPrintable(f.fileName()));
        ++scanned;
    }
    QVERIFY(scanned >= 12); // cache, snapshot, report, 10 chart files, CSV
}

QTEST_GUILESS_MAIN(tst_Fetch)
#include "tst_fetch.moc"
