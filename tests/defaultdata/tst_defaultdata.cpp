// SPDX-License-Identifier: GPL-3.0-or-later
// The default data shipped with the app: real facts pinned from the source files, units, classes,
// provenance, first-use seeding and the sample-data flag.
#include "datasources/cache/cache.h"
#include "datasources/cache/cachelocation.h"
#include "datasources/fetch/fetchpipeline.h"
#include "datasources/http/canceltoken.h"
#include "models/domain/metrics.h"
#include "support/defaultdatalicence.h"
#include "support/warnings.h"

#include <sqlite3.h>

#include "support/recordedapis.h"
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <QTest>

#include <algorithm>

using namespace stackatlas;

namespace {

const QString kDefaultData = QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE);

UnixSeconds at(const char *iso)
{
    return parseTimestamp(iso).value.value();
}

std::optional<double> valueAt(const std::vector<SeriesData> &series, UnixSeconds ts)
{
    for (const auto &s : series) {
        for (const auto &p : s.points) {
            if (p.ts == ts)
                return p.value;
        }
    }
    return std::nullopt;
}

} // namespace

class tst_DefaultData : public QObject
{
    Q_OBJECT

private slots:
    void init() { stackatlas::test::failOnUnexpectedWarnings(); }
    void initTestCase();
    void awsP5PriceCut();
    void marketCapsAcrossTheDeepSeekShock();
    void pricesOrCapsAcrossTheDeepSeekShock();
    void benchmarksAreQueryableOutsideTheStack();
    void rtx4090MarketplaceMedian();
    void perInstanceRowsNormalised();
    void gixIndexAndProviderVotes();
    void everyGpuPriceHasAClassAndAKnownUnit();
    void provenanceCarriesNoBuildPaths();
    void sampleFlagAndAsOf();
    void eventsShipWithSources();
    void firstUseSeedsAndRefreshClearsSample();
    void aCacheNeverSeededIsSeeded();
    void cliOnFreshCacheShowsTheCut();

private:
    std::unique_ptr<Cache> m_cache;
    Taxonomy m_taxonomy;
};

void tst_DefaultData::initTestCase()
{
    auto c = Cache::open(kDefaultData.toStdString(), Cache::Mode::ReadOnly);
    QVERIFY2(c.isOk(), c.status().message().c_str());
    m_cache = std::move(c).value();
    m_taxonomy = m_cache->taxonomy().value();
}

void tst_DefaultData::awsP5PriceCut()
{
    // aws_p5_48xlarge_us_east_1_ondemand_daily.csv: 98.32 and then 55.04 per instance-hour, 8 GPUs
    const auto series =
        m_cache->query({"aws", "gpu_hourly_usd", {{"gpu", "h100-80gb"}, {"region", "us-east-1"}}, {}, {}})
            .value();
    QCOMPARE(series.size(), std::size_t(1));
    QCOMPARE(valueAt(series, at("2025-06-04T07:23:25")).value(), 12.29);
    QCOMPARE(valueAt(series, at("2025-06-05T07:22:36")).value(), 6.88);
    QCOMPARE(series.front().unit, std::string("USD/GPU-hour"));
    QCOMPARE(series.front().key.dims.at("instance"), std::string("p5.48xlarge"));
    // the rows the source left empty stay unknown: no point, certainly no 0
    QVERIFY(!valueAt(series, at("2025-04-01")));
    QVERIFY(std::none_of(series.front().points.begin(), series.front().points.end(),
                         [](const StoredPoint &p) { return p.value <= 0; }));
}

// resources/defaultdata/README.md lists which protocols have a market cap within a day of both
// 2025-01-20 (DeepSeek R1) and 2025-01-27 (the sell-off), and why the others have none.
void tst_DefaultData::marketCapsAcrossTheDeepSeekShock()
{
    STACKATLAS_SKIP_WITHOUT_NONCOMMERCIAL_DATA(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE));
    const auto near = [this](const std::string &entity, const char *day) {
        SeriesQuery q;
        q.entityId = entity;
        q.metric = "market_cap_usd";
        q.from = at(day) - 86400;
        q.to = at(day) + 86400;
        const auto series = m_cache->query(q).value();
        return std::any_of(series.begin(), series.end(),
                           [](const SeriesData &s) { return !s.points.empty(); });
    };
    std::vector<std::string> both, without;
    for (const Entity &e : m_taxonomy.entities) {
        if (e.kind != EntityKind::Protocol)
            continue;
        (near(e.id, "2025-01-20") && near(e.id, "2025-01-27") ? both : without).push_back(e.id);
    }
    // Nine observed (Coin Metrics), two derived as price x a dated supply: Bittensor (Binance's TAO
    // close x the crawler's circulating supply of 2025-01-27, moved by 7,200 TAO a day) and Vana
    // (Binance's close x CoinMarketCap's supply, unchanged from 2025-01-01 to 2025-03-01).
    const std::vector<std::string> expected{"render",   "akash", "arweave", "filecoin", "storj",    "near",
                                            "fetch-ai", "grass", "phala",   "vana",     "bittensor"};
    for (const std::string &id : expected)
        QVERIFY2(std::find(both.begin(), both.end(), id) != both.end(), id.c_str());
    QCOMPARE(both.size(), expected.size());
    QCOMPARE(both.size() + without.size(), std::size_t(21)); // the taxonomy's protocols
    for (const char *derived : {"vana", "bittensor"}) {
        SeriesQuery q{derived, "market_cap_usd", {}, at("2025-01-20"), at("2025-01-20")};
        const auto series = m_cache->query(q).value();
        const auto it =
            std::find_if(series.begin(), series.end(), [](const SeriesData &s) { return !s.points.empty(); });
        QVERIFY(it != series.end());
        QCOMPARE(it->key.source, std::string("derived")); // no observed cap that day
        QVERIFY(
            std::none_of(std::next(it), series.end(), [](const SeriesData &s) { return !s.points.empty(); }));
        const std::string &how = it->provenances.at(0).endpoint;
        QVERIFY2(how.find("price x circulating supply") != std::string::npos, how.c_str());
    }
    // Vana on 2025-01-20: Binance's close 9.545 USDT x 30,084,000 VANA.
    SeriesQuery vana{"vana", "market_cap_usd", {}, at("2025-01-20"), at("2025-01-20")};
    const auto vanaSeries = m_cache->query(vana).value();
    for (const SeriesData &s : vanaSeries)
        if (s.key.source == "derived")
            QCOMPARE(s.points.at(0).value, 9.545 * 30084000);
    // coinmetrics_storj/pha: CapMrktEstUSD as Coin Metrics published it
    SeriesQuery storj{"storj", "market_cap_usd", {{"asset", "storj"}}, {}, {}};
    QCOMPARE(valueAt(m_cache->query(storj).value(), at("2025-01-20")).value(), 66000748.5198382245701553);
    SeriesQuery pha{"phala", "market_cap_usd", {{"asset", "pha"}}, {}, {}};
    QCOMPARE(valueAt(m_cache->query(pha).value(), at("2025-01-27")).value(),
             165653878.9756485350095604790174);
}

// A return across the shock needs a daily price or market cap within a day of both dates: 16 of
// the 21 protocols have one (Binance spot and Hyperliquid perp closes, Coin Metrics caps); the rest
// are named in resources/defaultdata/README.md with the reason.
void tst_DefaultData::pricesOrCapsAcrossTheDeepSeekShock()
{
    STACKATLAS_SKIP_WITHOUT_NONCOMMERCIAL_DATA(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE));
    const auto near = [this](const std::string &entity, const char *metric, const char *day) {
        SeriesQuery q{entity, metric, {}, at(day) - 86400, at(day) + 86400};
        const auto series = m_cache->query(q).value();
        return std::any_of(series.begin(), series.end(),
                           [](const SeriesData &s) { return !s.points.empty(); });
    };
    std::vector<std::string> without;
    int with = 0;
    for (const Entity *e : m_taxonomy.protocols()) {
        bool both = true;
        for (const char *day : {"2025-01-20", "2025-01-27"})
            both = both && (near(e->id, "price_usd", day) || near(e->id, "market_cap_usd", day));
        both ? ++with : (without.push_back(e->id), 0);
    }
    QVERIFY2(with >= 16, std::to_string(with).c_str());
    QCOMPARE(without, (std::vector<std::string>{"olas", "masa", "arc", "swarms", "buzz"}));
    // The README's table names each of them with the reason.
    QFile readme(QStringLiteral(STACKATLAS_SOURCE_DIR "/resources/defaultdata/README.md"));
    QVERIFY(readme.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(readme.readAll());
    for (const char *name : {"| Olas (`olas`) |", "| Masa (`masa`) |", "| ARC (`arc`) |",
                             "| Swarms (`swarms`) |", "| Buzz (`buzz`) |"})
        QVERIFY2(text.contains(QLatin1String(name)), name);
    // A USDT close is stored as USD and says so in its provenance.
    SeriesQuery tao{"bittensor", "price_usd", {{"asset", "tao"}}, at("2025-01-27"), at("2025-01-27")};
    tao.withEndpoints = true;
    const auto taoSeries = m_cache->query(tao).value();
    const auto binance = std::find_if(taoSeries.begin(), taoSeries.end(),
                                      [](const SeriesData &s) { return s.key.source == "binance"; });
    QVERIFY(binance != taoSeries.end());
    QCOMPARE(binance->points.at(0).value, 445.8);
    QVERIFY2(binance->provenances.at(0).endpoint.find("quoted in USDT, taken at 1:1 as USD") !=
                 std::string::npos,
             binance->provenances.at(0).endpoint.c_str());
}

// BTC, ETH, NVIDIA and QQQ are entities of the benchmark kind: queryable over 2024-11..2025-03, never
// protocols, so never in a layer, the map or a total.
void tst_DefaultData::benchmarksAreQueryableOutsideTheStack()
{
    for (const char *id : {"btc", "eth", "nvda", "qqq"}) {
        const Entity *e = m_taxonomy.entity(id);
        QVERIFY2(e && e->kind == EntityKind::Benchmark, id);
        const std::vector<const Entity *> protocols = m_taxonomy.protocols();
        QVERIFY(
            std::none_of(protocols.begin(), protocols.end(), [&](const Entity *p) { return p->id == id; }));
        for (const char *day : {"2024-11-04", "2025-01-27", "2025-03-03"}) {
            SeriesQuery q{id, "price_usd", {}, at(day), at(day) + 86399};
            const auto series = m_cache->query(q).value();
            QVERIFY2(std::any_of(series.begin(), series.end(),
                                 [](const SeriesData &s) { return !s.points.empty(); }),
                     (std::string(id) + " " + day).c_str());
        }
    }
    // NVIDIA on DeepSeek Monday: 118.409 (yfinance, adjusted); QQQ 514.21.
    SeriesQuery nvda{"nvda", "price_usd", {}, at("2025-01-27"), at("2025-01-27")};
    QVERIFY(std::abs(m_cache->query(nvda).value().at(0).points.at(0).value - 118.409) < 0.001);
    SeriesQuery qqq{"qqq", "price_usd", {}, at("2025-01-27"), at("2025-01-27")};
    const auto qqqSeries = m_cache->query(qqq).value();
    const auto plain = std::find_if(qqqSeries.begin(), qqqSeries.end(),
                                    [](const SeriesData &s) { return s.key.dims.empty(); });
    QVERIFY(plain != qqqSeries.end());
    QVERIFY(std::abs(plain->points.at(0).value - 514.21) < 0.01);
}

void tst_DefaultData::rtx4090MarketplaceMedian()
{
    // By hand from gpu_rental_daily_2026_h100_a100_rtx4090.csv: on 2026-06-15 the on-demand
    // RTX_4090 rows of marketplace-class providers are 11 Vast.ai rows (per region and GPU count,
    // already per GPU-hour); the median of their price_median_usd is 0.4143.
    std::vector<double> medians;
    for (const auto &e : m_taxonomy.entities) {
        if (e.providerClass != "marketplace")
            continue;
        const auto series = m_cache
                                ->query({e.id,
                                         "gpu_hourly_usd",
                                         {{"gpu", "rtx-4090"}, {"rental", "on_demand"}, {"stat", "median"}},
                                         at("2026-06-15"),
                                         at("2026-06-15")})
                                .value();
        for (const auto &s : series) {
            if (s.key.source != "gpu-pricing-tracker")
                continue;
            for (const auto &p : s.points)
                medians.push_back(p.value);
        }
    }
    QCOMPARE(medians.size(), std::size_t(11));
    std::sort(medians.begin(), medians.end());
    QCOMPARE(medians[medians.size() / 2], 0.4143);
}

void tst_DefaultData::perInstanceRowsNormalised()
{
    // getdeploying.com priced whole instances until 2026-02-18 and single GPUs from 2026-02-19
    // (2026-02-18 for civo and vultr); after the mapping both sides of the switch agree.
    const auto aws = m_cache
                         ->query({"aws",
                                  "gpu_hourly_usd",
                                  {{"gpu", "a100-80gb"},
                                   {"gpus_per_instance", "8"},
                                   {"stat", "median"},
                                   {"rental", "on_demand"}},
                                  {},
                                  {}})
                         .value();
    QCOMPARE(aws.size(), std::size_t(1));
    QCOMPARE(valueAt(aws, at("2026-02-11")).value(), 27.45 / 8);
    QCOMPARE(valueAt(aws, at("2026-02-19")).value(), 3.43);
    const auto civo = m_cache
                          ->query({"civo",
                                   "gpu_hourly_usd",
                                   {{"gpu", "h100-80gb"},
                                    {"gpus_per_instance", "8"},
                                    {"stat", "median"},
                                    {"rental", "on_demand"}},
                                   {},
                                   {}})
                          .value();
    QCOMPARE(valueAt(civo, at("2026-02-17")).value(), 23.92 / 8);
    QCOMPARE(valueAt(civo, at("2026-02-18")).value(), 2.99);
}

void tst_DefaultData::gixIndexAndProviderVotes()
{
    const auto index = m_cache
                           ->query({"gix",
                                    "gpu_hourly_usd",
                                    {{"gpu", "h100-80gb"}, {"basis", "restated"}, {"stat", "median"}},
                                    {},
                                    {}})
                           .value();
    QCOMPARE(index.size(), std::size_t(1));
    QCOMPARE(index.front().points.front().ts,
             at("2023-09-01")); // published from 2023-09; withheld months are unknown
    const auto lambda =
        m_cache->query({"lambda", "gpu_hourly_usd", {{"basis", "restated"}, {"stat", "list"}}, {}, {}})
            .value();
    QVERIFY(!lambda.empty()); // each provider's vote in the `providers` cell became its own series
}

void tst_DefaultData::everyGpuPriceHasAClassAndAKnownUnit()
{
    const auto catalog = m_cache->seriesCatalog().value();
    QVERIFY(catalog.size() > 1000);
    for (const auto &s : catalog) {
        const MetricInfo *info = metricInfo(s.key.metric);
        QVERIFY2(isKnownUnit(s.unit), (s.key.entityId + " " + s.key.metric + " " + s.unit).c_str());
        if (info)
            QCOMPARE(s.unit, info->unit);
        if (s.key.metric == "gpu_hourly_usd") {
            const Entity *e = m_taxonomy.entity(s.key.entityId);
            QVERIFY2(e && !e->providerClass.empty(), s.key.entityId.c_str());
            QVERIFY(s.key.dims.count("gpu"));
        }
    }
}

void tst_DefaultData::provenanceCarriesNoBuildPaths()
{
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open_v2(kDefaultData.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr),
             SQLITE_OK);
    sqlite3_stmt *st = nullptr;
    sqlite3_prepare_v2(
        db,
        // Derived market caps (the manifest's last step) name their price and supply instead.
        "SELECT count(*), sum(endpoint LIKE 'imported from StackAtlas default data: data/%' OR (source = "
        "'derived' AND endpoint LIKE 'derived: price x circulating supply = %' AND endpoint NOT LIKE '%/%')) "
        "FROM provenance",
        -1, &st, nullptr);
    QCOMPARE(sqlite3_step(st), SQLITE_ROW);
    const int total = sqlite3_column_int(st, 0);
    QVERIFY(total > 0);
    QCOMPARE(sqlite3_column_int(st, 1), total);
    sqlite3_finalize(st);
    sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr);
    QCOMPARE(sqlite3_step(st), SQLITE_ROW);
    QCOMPARE(QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(st, 0))),
             QByteArray("delete")); // one self-contained file
    sqlite3_finalize(st);
    sqlite3_close(db);
}

void tst_DefaultData::sampleFlagAndAsOf()
{
    QCOMPARE(m_cache->metadata("sample_data").value_or(""), std::string("1"));
    QCOMPARE(m_cache->metadata("sample_data_as_of").value_or(""), std::string("2026-09-01T00:00:00Z"));
    QVERIFY(m_cache->metadata("default_data_built_at"));
}

void tst_DefaultData::eventsShipWithSources()
{
    const auto events = m_cache->events().value();
    QCOMPARE(events.size(), std::size_t(14)); // every row of the research's events.md table
    const auto cut =
        std::find_if(events.begin(), events.end(), [](const Event &e) { return e.start == "2025-06-05"; });
    QVERIFY(cut != events.end());
    QVERIFY(cut->title.find("AWS cuts") == 0);
    const auto dtao =
        std::find_if(events.begin(), events.end(), [](const Event &e) { return e.precision == "range"; });
    QCOMPARE(dtao->end, std::string("2025-02-15"));
    for (const auto &e : events) {
        QVERIFY(!e.source.empty());
        QVERIFY(!e.userDefined);
    }
}

void tst_DefaultData::firstUseSeedsAndRefreshClearsSample()
{
    QTemporaryDir dir;
    qputenv("STACKATLAS_DEFAULT_DATA", kDefaultData.toUtf8());
    const QString path = dir.filePath(QStringLiteral("user/cache.sqlite"));
    {
        auto cache = openUserCache(path);
        QVERIFY2(cache.isOk(), cache.status().message().c_str());
        QVERIFY(cache.value()->metadata("seeded_from")->find("default data") == 0);
        QCOMPARE(cache.value()->metadata("sample_data").value_or(""), std::string("1"));
        // eight sources shipped; seven without the non-commercial data (Coin Metrics)
        QVERIFY(cache.value()->sources().value().size() >=
                (test::hasNonCommercialData(kDefaultData) ? 8u : 7u));
        AdapterRegistry registry;
        registerBuiltinAdapters(registry);
        CancelToken cancel;
        // The price sheet is a file shipped with the app: reading it is not live data.
        FetchOptions local;
        local.sources = {"pricesheet"};
        QVERIFY(FetchPipeline(registry, *cache.value(), local).run(cancel).front().status.isOk());
        QCOMPARE(cache.value()->metadata("sample_data").value_or(""), std::string("1"));
        // Data a network source delivered (over real HTTP, from a recorded capture) ends it.
        test::ReplayServer server;
        test::serveRecordedApis(server);
        FetchOptions network;
        network.sources = {"akash"};
        network.bases = test::recordedApiBases(server);
        network.bases.erase("coingecko");
        network.bases.erase("defillama");
        network.bases.erase("vastai");
        const auto outcomes = FetchPipeline(registry, *cache.value(), network).run(cancel);
        QVERIFY2(outcomes.front().status.isOk(), outcomes.front().status.message().c_str());
        QCOMPARE(cache.value()->metadata("sample_data").value_or(""), std::string("0"));
    }
    auto again = openUserCache(path); // an existing cache is never re-seeded
    QCOMPARE(again.value()->metadata("sample_data").value_or(""), std::string("0"));
    qunsetenv("STACKATLAS_DEFAULT_DATA");
}

// A cache file left empty (0 bytes, or a schema and nothing else, as an older version left one when
// seeding failed) takes the default data on the next start; one with anything of the user's does not.
void tst_DefaultData::aCacheNeverSeededIsSeeded()
{
    QTemporaryDir dir;
    const QString empty = dir.filePath(QStringLiteral("empty.sqlite"));
    QVERIFY(QFile(empty).open(QIODevice::WriteOnly)); // 0 bytes
    const QString bare = dir.filePath(QStringLiteral("bare.sqlite"));
    qputenv("STACKATLAS_DEFAULT_DATA", QByteArray()); // set but empty: no default data
    QVERIFY(openUserCache(bare).isOk());
    const QString used = dir.filePath(QStringLiteral("used.sqlite"));
    {
        auto cache = openUserCache(used);
        QVERIFY(cache.isOk());
        Event e;
        e.start = "2025-01-20";
        e.precision = "day";
        e.title = "my note";
        e.kind = "note";
        e.source = "my note";
        const auto added = cache.value()->addUserEvent(e);
        QVERIFY2(added.isOk(), added.status().message().c_str());
    }
    qputenv("STACKATLAS_DEFAULT_DATA", kDefaultData.toUtf8());
    for (const QString &path : {empty, bare}) {
        auto cache = openUserCache(path);
        QVERIFY2(cache.isOk(), cache.status().message().c_str());
        QVERIFY2(cache.value()->metadata("seeded_from").has_value(), qPrintable(path));
        QVERIFY(cache.value()->sources().value().size() >= 7);
        QCOMPARE(QFileInfo(path).permissions() & (QFile::ReadGroup | QFile::ReadOther),
                 QFileDevice::Permissions());
    }
    auto kept = openUserCache(used);
    QVERIFY(kept.isOk());
    QVERIFY(!kept.value()->metadata("seeded_from").has_value()); // the user's event: left as it is
    QCOMPARE(kept.value()->events().value().size(), std::size_t(1));
    qunsetenv("STACKATLAS_DEFAULT_DATA");
}

void tst_DefaultData::cliOnFreshCacheShowsTheCut()
{
    QTemporaryDir dir;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("STACKATLAS_DEFAULT_DATA"), kDefaultData);
    env.insert(QStringLiteral("STACKATLAS_CACHE"), dir.filePath(QStringLiteral("fresh.sqlite")));
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(STACKATLAS_BINARY),
            {QStringLiteral("query"), QStringLiteral("--entity"), QStringLiteral("aws"),
             QStringLiteral("--metric"), QStringLiteral("gpu_hourly_usd"), QStringLiteral("--dim"),
             QStringLiteral("gpu=h100-80gb")});
    QVERIFY(p.waitForFinished(60000));
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    QCOMPARE(p.exitCode(), 0);
    QVERIFY(out.contains(QStringLiteral("2025-06-04T07:23:25Z,12.29,aws-price-list")));
    QVERIFY(out.contains(QStringLiteral("2025-06-05T07:22:36Z,6.88,aws-price-list")));
    QProcess s;
    s.setProcessEnvironment(env);
    s.start(QStringLiteral(STACKATLAS_BINARY), {QStringLiteral("sources")});
    QVERIFY(s.waitForFinished(60000));
    const QString sources = QString::fromUtf8(s.readAllStandardOutput());
    QVERIFY2(sources.startsWith(QStringLiteral("sample data shipped with StackAtlas (as of 2026-09-01")),
             qPrintable(sources));
    for (const char *source : {"gpu-pricing-tracker", "gpu-price-index", "aws-price-list", "coinmarketcap",
                               "1kx", "coingecko", "vastai"})
        QVERIFY2(sources.contains(QString::fromLatin1(source)), source);
    QCOMPARE(sources.contains(QStringLiteral("coinmetrics")), test::hasNonCommercialData(kDefaultData));
    QVERIFY(sources.contains(QStringLiteral("imported from StackAtlas default data: data/")));
}

QTEST_GUILESS_MAIN(tst_DefaultData)
#include "tst_defaultdata.moc"
