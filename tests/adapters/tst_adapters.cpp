// SPDX-License-Identifier: GPL-3.0-or-later
// Every adapter's parser over real fixtures (golden records) and over hostile input.
#include "datasources/sourceadapter.h"
#include "datasources/taxonomy/taxonomyloader.h"
#include "datasources/vastai/vastaiparser.h"
#include "models/domain/coingeckoids.h"
#include "models/domain/serialize.h"
#include "support/warnings.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <algorithm>

using namespace stackatlas;

namespace {

constexpr UnixSeconds kFetchedAt = 1780000000; // 2026-05-28T20:26:40Z, fixed so goldens are stable

std::string render(const ParsedPayload &p)
{
    std::vector<std::string> lines;
    for (const auto &o : p.observations) {
        lines.push_back(o.key.entityId + "," + o.key.metric + "," + o.unit + "," + formatIsoUtc(o.ts) + "," +
                        formatNumber(o.value) + "," + formatDimensions(o.key.dims) +
                        ",as_of=" + formatIsoUtc(o.provenance.asOf));
    }
    std::sort(lines.begin(), lines.end());
    std::string out;
    for (const auto &l : lines)
        out += l + "\n";
    for (const auto &w : p.warnings)
        out += "warning: " + w + "\n";
    return out;
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class tst_Adapters : public QObject
{
    Q_OBJECT

private slots:
    void init() { stackatlas::test::failOnUnexpectedWarnings(); }
    void initTestCase();
    void golden_data();
    void golden();
    void hostileInput_data();
    void hostileInput();
    void marketsUnknownIsNotZero();
    void marketChartDuplicatesAndNulls();
    void simplePriceKeepsUsd();
    void coinsListChecksIds();
    void protocolDetailTvlHistory();
    void marketsQuotedInAnotherCurrencyRefused();
    void feesKeepGaps();
    void vastaiPerGpuHour();
    void akashMicroUnits();
    void priceSheetDividesInstancePrices();
    void priceSheetBadRowsAreWarnings();
    void percentile();

private:
    Result<ParsedPayload> parse(const char *source, const char *kind, const QByteArray &bytes,
                                const std::string &entity = {}, std::optional<UnixSeconds> asOf = {},
                                const std::string &dataType = {});
    Taxonomy m_taxonomy;
    AdapterRegistry m_registry;
};

void tst_Adapters::initTestCase()
{
    m_taxonomy = embeddedTaxonomy().value();
    registerBuiltinAdapters(m_registry);
}

Result<ParsedPayload> tst_Adapters::parse(const char *source, const char *kind, const QByteArray &bytes,
                                          const std::string &entity, std::optional<UnixSeconds> asOf,
                                          const std::string &dataType)
{
    const SourceAdapter *adapter = m_registry.find(source);
    PayloadContext ctx{&m_taxonomy, source, "test", kFetchedAt, asOf, entity, dataType};
    return adapter->parsePayload(kind, std::string_view(bytes.constData(), std::size_t(bytes.size())), ctx);
}

void tst_Adapters::golden_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("entity");
    QTest::addColumn<QString>("dataType");
    QTest::addColumn<int>("records");
    QTest::newRow("coingecko-markets-2026-03-13") << "coingecko"
                                                  << "markets"
                                                  << "coingecko_markets_ai_items_2026-03-13.json"
                                                  << ""
                                                  << "" << 35;
    QTest::newRow("coingecko-markets-2026-05-26") << "coingecko"
                                                  << "markets"
                                                  << "coingecko_markets_ai_items_2026-05-26.json"
                                                  << ""
                                                  << "" << 34;
    QTest::newRow("coingecko-markets-top30-none-ours") << "coingecko"
                                                       << "markets"
                                                       << "coins_markets_top30.json"
                                                       << ""
                                                       << "" << 0;
    QTest::newRow("coingecko-categories") << "coingecko"
                                          << "categories"
                                          << "coins_categories.json"
                                          << ""
                                          << "" << 14;
    QTest::newRow("coingecko-market-chart") << "coingecko"
                                            << "market_chart"
                                            << "coins_bitcoin_market_chart_90d_daily_usd.json"
                                            << "render"
                                            << "" << 273;
    QTest::newRow("defillama-fees") << "defillama"
                                    << "fees"
                                    << "summary_fees_hyperliquid_dailyFees.json"
                                    << "bittensor"
                                    << "dailyFees" << 133;
    QTest::newRow("defillama-protocols-synthetic") << "defillama"
                                                   << "protocols"
                                                   << "defillama_protocols_synthetic.json"
                                                   << ""
                                                   << "" << 2;
    QTest::newRow("defillama-fees-overview-synthetic") << "defillama"
                                                       << "fees_overview"
                                                       << "defillama_fees_overview_synthetic.json"
                                                       << ""
                                                       << "" << 1;
    QTest::newRow("vastai-offers-cli-array") << "vastai"
                                             << "offers"
                                             << "bundles_offers_a100_sxm4_cli_raw.json"
                                             << ""
                                             << "" << 4;
    QTest::newRow("vastai-offers-api-object") << "vastai"
                                              << "offers"
                                              << "vastai_bundles_api_shape.json"
                                              << ""
                                              << "" << 4;
    QTest::newRow("akash-gpu-prices-synthetic") << "akash"
                                                << "gpu_prices"
                                                << "akash_gpu_prices_synthetic.json"
                                                << ""
                                                << "" << 23;
    QTest::newRow("akash-dashboard-synthetic") << "akash"
                                               << "dashboard"
                                               << "akash_dashboard_synthetic.json"
                                               << ""
                                               << "" << 4;
}

void tst_Adapters::golden()
{
    QFETCH(QString, source);
    QFETCH(QString, kind);
    QFETCH(QString, input);
    QFETCH(QString, entity);
    QFETCH(QString, dataType);
    QFETCH(int, records);
    const QString path = QFINDTESTDATA(QStringLiteral("data/") + input);
    QVERIFY(!path.isEmpty());
    auto parsed = parse(source.toLatin1().constData(), kind.toLatin1().constData(), readFile(path),
                        entity.toStdString(), std::optional<UnixSeconds>(1780000000), dataType.toStdString());
    QVERIFY2(parsed.isOk(), parsed.status().message().c_str());
    QCOMPARE(int(parsed.value().observations.size()), records);
    const std::string actual = render(parsed.value());
    const QString goldenPath = QFileInfo(path).dir().filePath(
        QStringLiteral("golden/%1.txt").arg(QString::fromLatin1(QTest::currentDataTag())));
    if (qEnvironmentVariableIsSet("STACKATLAS_UPDATE_GOLDEN")) {
        QDir().mkpath(QFileInfo(goldenPath).path());
        QFile f(goldenPath);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(actual.c_str());
        return;
    }
    const QByteArray expected = readFile(goldenPath);
    QVERIFY2(!expected.isEmpty(), qPrintable(QStringLiteral("missing golden file ") + goldenPath));
    QCOMPARE(QString::fromStdString(actual), QString::fromUtf8(expected));
}

void tst_Adapters::hostileInput_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("reason");
    const std::vector<std::pair<const char *, const char *>> kinds{
        {"coingecko", "markets"},   {"coingecko", "market_chart"}, {"coingecko", "categories"},
        {"defillama", "protocols"}, {"defillama", "fees"},         {"defillama", "fees_overview"},
        {"akash", "gpu_prices"},    {"akash", "dashboard"},        {"vastai", "offers"}};
    for (const auto &[sourceName, kindName] : kinds) {
        const QString source = QString::fromLatin1(sourceName);
        const QString kind = QString::fromLatin1(kindName);
        const QString tag = source + u'-' + kind;
        QTest::newRow(qPrintable(tag + QStringLiteral("-html-page")))
            << source << kind
            << QByteArray("<!DOCTYPE html><html><body>Error 1020 Access denied</body></html>") << "HTML page";
        QTest::newRow(qPrintable(tag + QStringLiteral("-truncated")))
            << source << kind << QByteArray(R"([{"id": "render-token", "current_pr)") << "ends early";
        QTest::newRow(qPrintable(tag + QStringLiteral("-nested-100000")))
            << source << kind << QByteArray(100000, '[') << "nested deeper";
        QTest::newRow(qPrintable(tag + QStringLiteral("-invalid-utf8")))
            << source << kind << QByteArray("[\"\xff\xfe\"]") << "encoding";
        QTest::newRow(qPrintable(tag + QStringLiteral("-empty")))
            << source << kind << QByteArray("  ") << "empty";
        QTest::newRow(qPrintable(tag + QStringLiteral("-wrong-root")))
            << source << kind << QByteArray("42") << "";
    }
}

void tst_Adapters::hostileInput()
{
    QFETCH(QString, source);
    QFETCH(QString, kind);
    QFETCH(QByteArray, body);
    QFETCH(QString, reason);
    auto parsed = parse(source.toLatin1().constData(), kind.toLatin1().constData(), body, "render",
                        kFetchedAt, "dailyFees");
    QVERIFY(!parsed.isOk());
    QVERIFY2(QString::fromStdString(parsed.status().message()).contains(reason, Qt::CaseInsensitive),
             parsed.status().message().c_str());
}

void tst_Adapters::marketsUnknownIsNotZero()
{
    const QByteArray body = R"([
      {"id":"render-token","current_price":4.5,"market_cap":0,"fully_diluted_valuation":null,"total_volume":"12",
       "circulating_supply":-5,"max_supply":0,"last_updated":"2025-01-27T01:30:00Z"},
      {"id":"render-token","current_price":9.9,"last_updated":"2025-01-27T01:31:00Z"},
      {"id":"io","current_price":true},
      {"id":"bitcoin","current_price":100000},
      {"current_price":1},
      "junk"
    ])";
    auto parsed = parse("coingecko", "markets", body);
    QVERIFY(parsed.isOk());
    const auto &obs = parsed.value().observations;
    QCOMPARE(obs.size(),
             std::size_t(1)); // only render's price: 0, null, a string and a negative are not values
    QCOMPARE(obs[0].key.metric, std::string("price_usd"));
    QCOMPARE(obs[0].value, 4.5);
    QCOMPARE(formatIsoUtc(obs[0].ts), std::string("2025-01-27T01:30:00Z"));
    const std::string all = render(parsed.value());
    QVERIFY2(all.find("total_volume is a string") != std::string::npos, all.c_str());
    QVERIFY2(all.find("circulating_supply = -5 is implausible") != std::string::npos, all.c_str());
    QVERIFY2(all.find("listed twice") != std::string::npos, all.c_str());
    QVERIFY2(all.find("current_price is a boolean") != std::string::npos, all.c_str());
    QVERIFY2(all.find("1 coins outside the taxonomy were not stored (bitcoin)") != std::string::npos,
             all.c_str());
    QVERIFY2(all.find("without a string id") != std::string::npos, all.c_str());
}

void tst_Adapters::marketsQuotedInAnotherCurrencyRefused()
{
    // The recorded top-30 capture (vs_currency=usd) goes in; the same coins re-quoted in ETH, as
    // CoinGecko returns them for vs_currency=eth (ETH itself at exactly 1), are refused.
    const QByteArray usd = readFile(QFINDTESTDATA("data/coins_markets_top30.json"));
    QVERIFY(parse("coingecko", "markets", usd).isOk());
    QJsonDocument doc = QJsonDocument::fromJson(usd);
    QJsonArray coins = doc.array();
    double ethUsd = 0;
    for (const QJsonValue &c : coins)
        if (c.toObject().value(QStringLiteral("id")).toString() == QLatin1String("ethereum"))
            ethUsd = c.toObject().value(QStringLiteral("current_price")).toDouble();
    QVERIFY(ethUsd > 0);
    for (qsizetype i = 0; i < coins.size(); ++i) {
        QJsonObject c = coins.at(i).toObject();
        c.insert(QStringLiteral("current_price"),
                 c.value(QStringLiteral("current_price")).toDouble() / ethUsd);
        coins.replace(i, c);
    }
    const auto eth = parse("coingecko", "markets", QJsonDocument(coins).toJson());
    QVERIFY(!eth.isOk());
    QVERIFY2(eth.status().message().find("quoted in ETH, not USD") != std::string::npos,
             eth.status().message().c_str());
    // A /coins/list payload is named for what it is, not read as markets with no timestamps.
    const auto list = parse("coingecko", "markets",
                            R"([{"id":"bittensor","symbol":"tao","name":"Bittensor"},
                                {"id":"render-token","symbol":"render","name":"Render"}])");
    QVERIFY(!list.isOk());
    QVERIFY2(list.status().message().find("/coins/list") != std::string::npos,
             list.status().message().c_str());
    // Payloads of endpoints not imported as markets say which endpoint they look like.
    const auto simple =
        parse("coingecko", "markets", R"({"bittensor":{"usd":450.1},"render-token":{"usd":4.2}})");
    QVERIFY(!simple.isOk());
    QVERIFY2(simple.status().message().find("looks like a /simple/price payload") != std::string::npos,
             simple.status().message().c_str());
    const auto chart =
        parse("coingecko", "markets", R"({"prices":[[1,2]],"market_caps":[],"total_volumes":[]})");
    QVERIFY2(!chart.isOk() && chart.status().message().find("--kind market_chart") != std::string::npos,
             chart.status().message().c_str());
}

void tst_Adapters::simplePriceKeepsUsd()
{
    // The recorded capture is bitcoin's, outside the taxonomy: nothing stored, and said so.
    const auto real =
        parse("coingecko", "simple_price", readFile(QFINDTESTDATA("data/simple_price_bitcoin_usd.json")));
    QVERIFY2(real.isOk(), real.status().message().c_str());
    QVERIFY(real.value().observations.empty());
    QCOMPARE(real.value().warnings.size(), std::size_t(1));
    QCOMPARE(real.value().warnings[0], std::string("1 coins outside the taxonomy were not stored (bitcoin)"));

    // USD and ETH asked together, with the flags: the USD figures go in at each coin's own time.
    const QByteArray both =
        R"({"bittensor": {"usd": 412.5, "usd_market_cap": 3600000000, "usd_24h_vol": 120000000,
                                 "eth": 0.131, "eth_market_cap": 1140000, "last_updated_at": 1733097600},
                                "render-token": {"usd": 7.1, "usd_market_cap": 0, "eth": 0.0022,
                                 "last_updated_at": 1733097660}})";
    const auto usd = parse("coingecko", "simple_price", both);
    QVERIFY2(usd.isOk(), usd.status().message().c_str());
    QCOMPARE(QString::fromStdString(render(usd.value())),
             QString::fromStdString(std::string(
                 "bittensor,market_cap_usd,USD,2024-12-02T00:00:00Z,3.6e+09,,as_of=2024-12-02T00:00:00Z\n"
                 "bittensor,price_usd,USD,2024-12-02T00:00:00Z,412.5,,as_of=2024-12-02T00:00:00Z\n"
                 "bittensor,volume_24h_usd,USD,2024-12-02T00:00:00Z,1.2e+08,,as_of=2024-12-02T00:00:00Z\n"
                 "render,price_usd,USD,2024-12-02T00:01:00Z,7.1,,as_of=2024-12-02T00:01:00Z\n"
                 "warning: the prices in eth were not stored (StackAtlas keeps USD figures only)\n")));

    // Quoted only in ETH: refused, naming the currency.
    const auto eth = parse("coingecko", "simple_price",
                           R"({"bittensor": {"eth": 0.131}, "render-token": {"eth": 0.0022}})");
    QVERIFY(!eth.isOk());
    QVERIFY2(eth.status().message().find("quoted in eth, not USD") != std::string::npos,
             eth.status().message().c_str());

    // Without last_updated_at the capture time must be given.
    const QByteArray bare = R"({"bittensor": {"usd": 412.5}})";
    const auto untimed = parse("coingecko", "simple_price", bare);
    QVERIFY(!untimed.isOk());
    QVERIFY2(untimed.status().message().find("give --as-of") != std::string::npos,
             untimed.status().message().c_str());
    const auto timed = parse("coingecko", "simple_price", bare, {}, UnixSeconds(1733097600));
    QVERIFY(timed.isOk());
    QCOMPARE(timed.value().observations.size(), std::size_t(1));
    QCOMPARE(timed.value().observations[0].ts, UnixSeconds(1733097600));
    // A markets array is not a /simple/price object.
    const auto array =
        parse("coingecko", "simple_price", readFile(QFINDTESTDATA("data/coins_markets_top30.json")));
    QVERIFY(!array.isOk());
    QVERIFY2(array.status().message().find("/coins/markets") != std::string::npos,
             array.status().message().c_str());
}

void tst_Adapters::coinsListChecksIds()
{
    // The real list (2025-07-05) confirms every id the taxonomy records.
    const QByteArray listed = readFile(QFINDTESTDATA("data/coins_list_ai_tokens_subset_2025-07-05.json"));
    auto coins = parseCoinsList(std::string_view(listed.constData(), std::size_t(listed.size())));
    QVERIFY2(coins.isOk(), coins.status().message().c_str());
    QCOMPARE(coins.value().size(), std::size_t(23));
    const auto all = reviewCoinGeckoIds(m_taxonomy, coins.value());
    QVERIFY(all.renames.empty() && all.unlisted.empty() && all.ambiguous.empty());
    QCOMPARE(all.confirmed.size(), std::size_t(20));

    // io.net's coin re-listed under a new id, Olas's gone, and two coins fitting Phala's name.
    std::vector<CoinListing> changed;
    for (const CoinListing &c : coins.value()) {
        if (c.id == "autonolas")
            continue;
        changed.push_back(c);
        if (changed.back().id == "io")
            changed.back().id = "io-net";
        if (c.id == "pha") {
            changed.back().id = "phala-network";
            changed.push_back({"phala-v2", c.symbol, c.name});
        }
    }
    const auto review = reviewCoinGeckoIds(m_taxonomy, changed);
    QCOMPARE(review.renames.size(), std::size_t(1));
    QCOMPARE(review.renames[0].entity, std::string("io-net"));
    QCOMPARE(review.renames[0].to, std::string("io-net"));
    QCOMPARE(review.unlisted, std::vector<std::string>{"olas (autonolas)"});
    QCOMPARE(review.ambiguous, std::vector<std::string>{"phala (pha): phala-network, phala-v2"});
    Taxonomy renamed = m_taxonomy;
    applyCoinGeckoRenames(renamed, review.renames);
    QCOMPARE(renamed.entityByCoinGeckoId("io-net")->id, std::string("io-net"));
    QCOMPARE(renamed.entityBySpelling("io")->id, std::string("io-net")); // the old id still names it
    QVERIFY(validateTaxonomy(renamed).empty());
    const auto lines = describeReview(review);
    QCOMPARE(lines[1],
             std::string("renamed io-net's CoinGecko id io -> io-net (symbol io and name io.net; the old "
                         "id stays an alias)"));

    // Markets items are not a list of coins; nor is an object.
    QVERIFY(!parseCoinsList(readFile(QFINDTESTDATA("data/coins_markets_top30.json")).toStdString()).isOk());
    QVERIFY(!parseCoinsList(R"({"bitcoin": {"usd": 1}})").isOk());
}

void tst_Adapters::protocolDetailTvlHistory()
{
    // /protocol/{slug} as documented: the TVL history (one point without a value), the current mcap.
    const QByteArray body = R"({"id": "1", "name": "Render", "gecko_id": "render-token", "mcap": 3600000000,
        "tvl": [{"date": 1735689600, "totalLiquidityUSD": 1200000}, {"date": 1735776000, "totalLiquidityUSD": null},
                {"date": 1735862400, "totalLiquidityUSD": 1350000.5}],
        "chainTvls": {"Solana": {"tvl": []}}})";
    const auto noTime = parse("defillama", "protocol", body);
    QVERIFY2(noTime.isOk(), noTime.status().message().c_str());
    QCOMPARE(
        render(noTime.value()),
        std::string("render,tvl_usd,USD,2025-01-01T00:00:00Z,1200000,,as_of=2025-01-01T00:00:00Z\n"
                    "render,tvl_usd,USD,2025-01-03T00:00:00Z,1350000.5,,as_of=2025-01-03T00:00:00Z\n"
                    "warning: 1 tvl points without a date or a valid totalLiquidityUSD were skipped\n"
                    "warning: mcap not stored: the payload does not say when it was current (give --as-of, "
                    "when it was captured)\n"));
    const auto withTime = parse("defillama", "protocol", body, {}, UnixSeconds(1735900000));
    QVERIFY(withTime.isOk());
    QCOMPARE(withTime.value().observations.back().key.metric, std::string("market_cap_usd"));
    // --entity contradicting the payload's gecko_id, and a protocol the taxonomy lacks.
    const auto wrong = parse("defillama", "protocol", body, "akash");
    QVERIFY(!wrong.isOk());
    QVERIFY2(wrong.status().message().find("gecko_id render-token, which is render), not akash") !=
                 std::string::npos,
             wrong.status().message().c_str());
    const auto other = parse("defillama", "protocol", R"({"name": "Aave", "gecko_id": "aave", "tvl": []})");
    QVERIFY(!other.isOk());
    QVERIFY2(other.status().message().find("Aave (gecko_id aave) is not in the taxonomy; give --entity") !=
                 std::string::npos,
             other.status().message().c_str());
    QVERIFY(parse("defillama", "protocol", R"({"name": "Aave", "gecko_id": "aave", "tvl": []})", "render")
                .isOk());
    // The listing kind names the endpoint a payload is from.
    const auto asListing = parse("defillama", "protocols", body);
    QVERIFY2(!asListing.isOk() && asListing.status().message().find("--kind protocol") != std::string::npos,
             asListing.status().message().c_str());
    const auto fees = parse("defillama", "protocols",
                            readFile(QFINDTESTDATA("data/summary_fees_hyperliquid_dailyFees.json")));
    QVERIFY2(!fees.isOk() &&
                 fees.status().message().find("/summary/fees/{slug} payload") != std::string::npos,
             fees.status().message().c_str());
    const auto listing = parse("defillama", "protocol", "[]");
    QVERIFY(!listing.isOk() && listing.status().message().find("--kind protocols") != std::string::npos);
}

void tst_Adapters::marketChartDuplicatesAndNulls()
{
    const QByteArray body =
        R"({"prices":[[1738000000000,4.1],[1738000000000,4.2],[1738086400000,null],[1738172800000,"x"],
      [-1,3]],"market_caps":[[1738000000000,0]],"total_volumes":"nope"})";
    auto parsed = parse("coingecko", "market_chart", body, "render");
    QVERIFY(parsed.isOk());
    const auto &obs = parsed.value().observations;
    QCOMPARE(obs.size(), std::size_t(1));
    QCOMPARE(obs[0].value, 4.2);                  // the repeated timestamp keeps the last value
    QCOMPARE(obs[0].ts, UnixSeconds(1738000000)); // milliseconds to seconds
    const std::string all = render(parsed.value());
    QVERIFY(all.find("1 repeated timestamps") != std::string::npos);
    QVERIFY(all.find("prices: 2 malformed points") != std::string::npos);
    QVERIFY(all.find("market_caps: 1 unknown (null or 0)") != std::string::npos);
    QVERIFY(all.find("total_volumes is not an array") != std::string::npos);
    QVERIFY(!parse("coingecko", "market_chart", body).isOk()); // needs --entity
    QVERIFY(!parse("coingecko", "market_chart", R"({"error":"coin not found"})", "render").isOk());
}

void tst_Adapters::feesKeepGaps()
{
    auto parsed =
        parse("defillama", "fees", readFile(QFINDTESTDATA("data/summary_fees_hyperliquid_dailyFees.json")),
              "bittensor", {}, "dailyRevenue");
    QVERIFY(parsed.isOk());
    const auto &obs = parsed.value().observations;
    QCOMPARE(obs.front().key.metric, std::string("revenue_usd"));
    const auto gap = parseTimestamp("2025-01-13").value.value();
    QVERIFY(std::none_of(obs.begin(), obs.end(), [&](const Observation &o) { return o.ts == gap; }));
    QVERIFY(std::any_of(obs.begin(), obs.end(), [&](const Observation &o) { return o.ts == gap - 86400; }));
    QVERIFY(!parse("defillama", "fees", "{}", "bittensor", {}, "dailyFees").isOk());
    QVERIFY(!parse("defillama", "fees", R"({"totalDataChart":[]})", "bittensor", {}, "weekly").isOk());
}

void tst_Adapters::vastaiPerGpuHour()
{
    // Two offers of 2 GPUs at 2.0 and 3.0 USD per machine-hour, one unverified, one rented, and an
    // interruptible bid (not an on-demand price: were it counted, the median would fall).
    const QByteArray body = R"({"offers":[
      {"gpu_name":"RTX 4090","num_gpus":2,"dph_total":2.0,"gpu_ram":24564,"verification":"verified","rentable":true,"is_bid":false},
      {"gpu_name":"RTX 4090","num_gpus":2,"dph_total":3.0,"gpu_ram":24564,"verification":"verified","rentable":true,"is_bid":false},
      {"gpu_name":"RTX 4090","num_gpus":1,"dph_total":0.1,"gpu_ram":24564,"verification":"unverified","rentable":true},
      {"gpu_name":"RTX 4090","num_gpus":1,"dph_total":0.1,"gpu_ram":24564,"verification":"verified","rentable":false},
      {"gpu_name":"RTX 4090","num_gpus":1,"dph_total":0.2,"gpu_ram":24564,"verification":"verified","rentable":true,"is_bid":true},
      {"gpu_name":"Voodoo 5","num_gpus":1,"dph_total":0.1,"gpu_ram":64,"verification":"verified","rentable":true}]})";
    auto parsed = parse("vastai", "offers", body, {}, kFetchedAt);
    QVERIFY(parsed.isOk());
    std::map<std::string, double> byStat;
    for (const auto &o : parsed.value().observations)
        byStat[o.key.metric + "/" +
               (o.key.dims.count("stat") ? o.key.dims.at("stat") : o.key.dims.at("state"))] = o.value;
    QCOMPARE(byStat["gpu_count/offers"], 2.0);
    QCOMPARE(byStat["gpu_hourly_usd/median"], 1.25); // (1.0 + 1.5) / 2 per GPU-hour, not per machine
    QCOMPARE(byStat["gpu_hourly_usd/p10"], 1.05);
    QCOMPARE(byStat["gpu_hourly_usd/p90"], 1.45);
    const std::string all = render(parsed.value());
    QVERIFY(all.find("1 unverified offers left out") != std::string::npos);
    QVERIFY(all.find("unknown GPU \"Voodoo 5\"") != std::string::npos);
    QCOMPARE(parsed.value().observations.front().key.dims.at("gpu"), std::string("rtx-4090"));
}

void tst_Adapters::akashMicroUnits()
{
    auto parsed = parse("akash", "dashboard", readFile(QFINDTESTDATA("data/akash_dashboard_synthetic.json")));
    QVERIFY(parsed.isOk());
    for (const auto &o : parsed.value().observations) {
        if (o.key.metric == "daily_spend_usd" && o.key.dims.at("denomination") == "usd")
            QCOMPARE(o.value, 23800.0); // 23,800,000,000 micro-USD
        if (o.key.metric == "active_leases")
            QCOMPARE(o.value, 1432.0);
    }
    auto prices =
        parse("akash", "gpu_prices", readFile(QFINDTESTDATA("data/akash_gpu_prices_synthetic.json")));
    const std::string all = render(prices.value());
    QVERIFY2(
        all.find("akash,gpu_hourly_usd,USD/"
                 "GPU-hour,2026-05-28T20:26:40Z,1.79,form=sxm;gpu=h100-80gb;rental=on_demand;stat=median") !=
            std::string::npos,
        all.c_str());
    QVERIFY(all.find("t4") != std::string::npos); // unknown model is a warning
    // the a100 40 GB model has no price (null): counts only, no price of 0
    QVERIFY(all.find("gpu=a100-40gb;rental") == std::string::npos);
    QVERIFY(all.find("gpu_count,GPUs,2026-05-28T20:26:40Z,16,form=sxm;gpu=a100-40gb;state=total") !=
            std::string::npos);
}

void tst_Adapters::priceSheetDividesInstancePrices()
{
    const QByteArray sheet = readFile(QStringLiteral(":/stackatlas/pricesheet/gpu_list_prices.csv"));
    QVERIFY(!sheet.isEmpty());
    auto parsed = parse("pricesheet", "pricesheet", sheet);
    QVERIFY(parsed.isOk());
    QVERIFY2(parsed.value().warnings.empty(), render(parsed.value()).c_str());
    QCOMPARE(parsed.value().observations.size(), std::size_t(148));
    bool sawP5 = false;
    for (const auto &o : parsed.value().observations) {
        QCOMPARE(o.unit, std::string("USD/GPU-hour"));
        if (o.key.entityId == "aws" && o.key.dims.at("region") == "us-east-1") {
            sawP5 = true;
            QCOMPARE(o.value, 6.88); // 55.04 per p5.48xlarge instance-hour / 8 GPUs
            QCOMPARE(o.key.dims.at("gpu"), std::string("h100-80gb"));
            QCOMPARE(formatIsoDate(o.provenance.asOf), std::string("2026-08-22"));
            QVERIFY(o.provenance.endpoint.find("AWS Price List API") != std::string::npos);
        }
        if (o.key.entityId == "massed-compute" && o.key.dims.at("gpu") == "a100-80gb" &&
            o.key.dims.at("gpus_per_instance") == "8")
            QCOMPARE(o.value, 1.23); // 9.84 per 8-GPU instance-hour
    }
    QVERIFY(sawP5);
}

void tst_Adapters::priceSheetBadRowsAreWarnings()
{
    const QByteArray sheet =
        "provider,gpu,gpu_count,region,rental,price_usd,price_per,as_of,source,source_url\n"
        "aws,p5.48xlarge,8,us-east-1,on_demand,55.04,instance,2026-08-22,AWS,\n"
        "nobody,H100_SXM,1,x,on_demand,2,gpu,2026-01-01,s,\n"
        "aws,H100_SXM,1,x,on_demand,-2,gpu,2026-01-01,s,\n"
        "aws,H100_SXM,1,x,on_demand,2,gpu,sometime,s,\n"
        "aws,p5.48xlarge,4,x,on_demand,2,instance,2026-01-01,s,\n"
        "aws,H100_SXM,1,x,on_demand,2,gpu,2026-01-01,,\n"
        "aws,H100_SXM,5.5e120,x,on_demand,2,gpu,2026-01-01,s,\n"; // found by fuzz_payload: UB as a long
    auto parsed = parse("pricesheet", "pricesheet", sheet);
    QVERIFY(parsed.isOk());
    QCOMPARE(parsed.value().observations.size(), std::size_t(1));
    QCOMPARE(parsed.value().warnings.size(), std::size_t(6));
    QVERIFY(parsed.value().warnings[5].find("line 8: gpu_count must be a whole number from 1 to 1024") !=
            std::string::npos);
    QVERIFY(parsed.value().warnings[0].find("line 3: unknown provider") != std::string::npos);
    QVERIFY(parsed.value().warnings[3].find("contradicts the instance type") != std::string::npos);
    QVERIFY(!parse("pricesheet", "pricesheet", "provider,gpu\naws,x\n").isOk());
}

void tst_Adapters::percentile()
{
    QCOMPARE(vastai::percentile({1, 2, 3, 4, 5}, 0.5), 3.0);
    QCOMPARE(vastai::percentile({1, 2}, 0.5), 1.5);
    QCOMPARE(vastai::percentile({7}, 0.9), 7.0);
    QCOMPARE(vastai::percentile({0, 10}, 0.1), 1.0);
}

QTEST_GUILESS_MAIN(tst_Adapters)
#include "tst_adapters.moc"
