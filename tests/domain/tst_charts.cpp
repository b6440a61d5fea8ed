// SPDX-License-Identifier: GPL-3.0-or-later
// The chart builders of the price-war, valuation and usage panes, on hand-made data.
#include "models/domain/chartdata.h"
#include "models/domain/pricewarcharts.h"
#include "models/domain/translate.h"
#include "models/domain/usagecharts.h"
#include "models/domain/valuationcharts.h"
#include "support/warnings.h"

#include <QTest>

using namespace stackatlas;

namespace {

constexpr UnixSeconds day = 86400;
constexpr UnixSeconds d0 = 1748995200; // 2025-06-04

Entity provider(std::string id, std::string cls)
{
    Entity e;
    e.id = id;
    e.name = id;
    e.providerClass = cls;
    return e;
}

Entity protocol(std::string id, std::string category, std::string symbol = {})
{
    Entity e;
    e.id = id;
    e.name = id;
    e.categoryId = category;
    e.tokenSymbol = symbol;
    return e;
}

Taxonomy taxonomy()
{
    Taxonomy t;
    t.layers = {{"infrastructure", "Infrastructure", ""}, {"application", "Application", ""}};
    t.categories = {{"compute", "infrastructure", "Compute", ""}, {"agents", "application", "Agents", ""}};
    t.providerClasses = {{"hyperscaler", "Hyperscaler", true, ""},
                         {"neocloud", "Neocloud", true, ""},
                         {"marketplace", "Marketplace", false, ""},
                         {"decentralized", "Decentralized network", false, ""}};
    t.entities = {provider("aws", "hyperscaler"),
                  provider("lambda", "neocloud"),
                  provider("gix", "neocloud"),
                  provider("vastai", "marketplace"),
                  provider("akash-gpu", "decentralized"),
                  protocol("render", "compute", "RENDER"),
                  protocol("akash", "compute", "AKT"),
                  protocol("goat", "agents", "GOAT")};
    t.gpuModels = {{"h100-80gb", "NVIDIA H100 80GB", 80, "h100"}};
    return t;
}

SeriesData prices(std::string entity, std::string source, Dimensions dims,
                  std::vector<std::pair<UnixSeconds, double>> pts)
{
    dims["gpu"] = "h100-80gb";
    SeriesData s{{entity, "gpu_hourly_usd", source, dims}, "USD/GPU-hour", {}, {}};
    for (auto [ts, v] : pts)
        s.addPoint(ts, v, {source, "endpoint", ts + 60, ts + 30});
    return s;
}

const ChartSeries *find(const ChartData &c, const std::string &name)
{
    for (const ChartSeries &s : c.series)
        if (s.name == name)
            return &s;
    return nullptr;
}

LatestValue latest(std::string entity, std::string metric, double value, UnixSeconds ts,
                   std::string source = "cg")
{
    return {entity, metric, "USD", value, ts, {source, "e", ts, ts}};
}

} // namespace

class tst_Charts : public QObject
{
    Q_OBJECT

private slots:
    void init() { stackatlas::test::failOnUnexpectedWarnings(); }
    void fillArgsKeepsTranslatorsOrder();
    void gpuNamesComeFromTheTaxonomy();
    void listPricesCountAndRestatedWins();
    void priceChartClassesBandsAndIndex();
    void indexNeedsBothSides();
    void annotationsInRange();
    void csvEscapesFormulas();
    void fdvBarsLeaveUnknownOut();
    void dilutionNeedsOneSnapshot();
    void indexedPerformance();
    void usageClaimRoundTrip();
    void layerStackNeedsCoverage();
    void offerShareOnNewestDay();
    void columnsFollowTheirPoints();
};

void tst_Charts::listPricesCountAndRestatedWins()
{
    const PriceSelection onDemand;
    QVERIFY(isComparablePriceSeries({"aws", "m", "s", {{"stat", "list"}}}, onDemand));
    QVERIFY(
        isComparablePriceSeries({"aws", "m", "s", {{"stat", "median"}, {"rental", "on_demand"}}}, onDemand));
    QVERIFY(!isComparablePriceSeries({"aws", "m", "s", {{"stat", "min"}}}, onDemand));
    QVERIFY(!isComparablePriceSeries({"aws", "m", "s", {{"rental", "spot"}}}, onDemand));
    QVERIFY(!isComparablePriceSeries({"gix", "m", "s", {{"basis", "raw"}}}, onDemand));
    QVERIFY(isComparablePriceSeries({"gix", "m", "s", {{"basis", "restated"}}}, onDemand));
    // the GIX index summarises neoclouds: drawn, never a provider of its own
    const auto set = providerPrices({prices("gix", "gpu-price-index", {{"basis", "restated"}}, {{d0, 2.0}}),
                                     prices("aws", "aws-price-list", {{"stat", "list"}}, {{d0, 12.29}})},
                                    taxonomy());
    QCOMPARE(set.providers.size(), std::size_t(1));
    QCOMPARE(set.providers.at("aws").points.front().second, 12.29);
}

void tst_Charts::priceChartClassesBandsAndIndex()
{
    const std::vector<SeriesData> in{
        prices("aws", "aws-price-list", {{"stat", "list"}}, {{d0, 12.29}, {d0 + day, 6.88}}),
        prices("lambda", "tracker", {{"stat", "median"}}, {{d0, 3.0}, {d0 + day, 3.0}}),
        prices("lambda", "tracker", {{"stat", "max"}}, {{d0, 9.0}}), // a view, not a price
        prices("vastai", "tracker", {{"stat", "median"}}, {{d0, 2.0}, {d0 + day, 1.5}}),
        prices("akash-gpu", "akash", {}, {{d0 + day, 1.0}}), // the decentralized side starts a day later
        prices("gix", "gpu-price-index", {{"basis", "restated"}, {"stat", "median"}}, {{d0, 100.0}}),
    };
    PriceWarOptions one;
    one.minProvidersPerSide = 1;
    const PriceWarCharts c = buildPriceWarCharts(in, taxonomy(), {}, one);
    // At the default minimum of two a side, day 0 (one challenger) is drawn apart, hollow, with
    // its sample size; day 1 (two a side) is the line.
    const PriceWarCharts two = buildPriceWarCharts(in, taxonomy(), {}, {});
    QCOMPARE(two.index.series.size(), std::size_t(2));
    QCOMPARE(two.index.series[0].points.size(), std::size_t(1));
    QCOMPARE(two.index.series[0].points[0].x, double(d0 + day));
    QCOMPARE(two.index.series[1].role, SeriesRole::Scatter);
    QCOMPARE(two.index.series[1].group, std::string("index-thin"));
    QCOMPARE(two.index.series[1].points.at(0).x, double(d0));
    QCOMPARE(two.index.series[1].points[0].count, 1);
    QCOMPARE(two.index.series[1].points[0].countOther, 2);
    QVERIFY(two.index.caption.find("1 days with fewer than 2 providers on a side are hollow markers") !=
            std::string::npos);
    QVERIFY(chartsToCsv({two.index}).find(",1,2\n") != std::string::npos);
    // per class: band and median before the members; GIX drawn last and apart
    const ChartSeries *neoMedian = find(c.prices, "Neocloud median");
    QVERIFY(neoMedian);
    QCOMPARE(neoMedian->points.size(), std::size_t(2));
    QCOMPARE(neoMedian->points[0].y, 3.0); // GIX's 100 is not a neocloud price
    const ChartSeries *aws = find(c.prices, "aws");
    QVERIFY(aws);
    QCOMPARE(aws->points[1].y, 6.88);
    QCOMPARE(aws->points[1].source, std::string("aws-price-list"));
    QCOMPARE(aws->points[1].asOf, d0 + day + 30);
    QCOMPARE(c.prices.series.back().name, std::string("gix"));
    QCOMPARE(c.prices.series.back().group, std::string("aggregate"));
    // day 0: cheap side vast 2.0 / incumbent median(12.29, 3.0) = 7.645
    QCOMPARE(c.index.series.size(), std::size_t(1));
    const auto &idx = c.index.series[0].points;
    QCOMPARE(idx.size(), std::size_t(2));
    QVERIFY(std::abs(idx[0].y - 2.0 / 7.645) < 1e-12);
    // day 1: median(1.5, 1.0) = 1.25 over median(6.88, 3.0) = 4.94: the AWS cut moves the index
    QVERIFY(std::abs(idx[1].y - 1.25 / 4.94) < 1e-12);
    QCOMPARE(c.index.referenceY.value(), 1.0);
    QVERIFY(c.prices.caption.find("aws-price-list (as of 2025-06-05)") != std::string::npos);
}

void tst_Charts::indexNeedsBothSides()
{
    // one side missing: prices drawn, the index empty with a reason, never a 0 or a 1
    const std::vector<SeriesData> in{prices("aws", "aws-price-list", {}, {{d0, 12.29}})};
    const PriceWarCharts c = buildPriceWarCharts(in, taxonomy(), {}, {});
    QVERIFY(!c.prices.isEmpty());
    QVERIFY(c.index.isEmpty());
    QVERIFY(c.index.emptyReason.find("both sides") != std::string::npos);
    // nothing at all
    const PriceWarCharts none = buildPriceWarCharts({}, taxonomy(), {}, {});
    QVERIFY(none.prices.emptyReason.find("NVIDIA H100 80GB") != std::string::npos);
    // a single provider on each side, with a gap: only days both have
    const std::vector<SeriesData> gaps{
        prices("aws", "a", {}, {{d0, 10}, {d0 + 2 * day, 8}}),
        prices("vastai", "v", {}, {{d0, 2}, {d0 + day, 2}, {d0 + 2 * day, 2}})};
    const auto idx = buildPriceWarCharts(gaps, taxonomy(), {}, {}).index.series.at(0).points;
    QCOMPARE(idx.size(), std::size_t(2));
    QCOMPARE(idx[1].y, 0.25);
}

void tst_Charts::annotationsInRange()
{
    std::vector<Event> events(3);
    events[0] = {"2025-06-05", "", "day", "AWS cut", "price", "aws", "", false, 1};
    events[1] = {"2020-01-01", "", "day", "too early", "x", "y", "", false, 2};
    events[2] = {"2025-06-04", "2025-06-05", "range", "mine", "user", "my note", "", true, 3};
    const auto a = annotationsBetween(events, d0, d0 + day);
    QCOMPARE(a.size(), std::size_t(2));
    QCOMPARE(a[0].start, d0 + day);
    QCOMPARE(a[1].end, d0 + day);
    QVERIFY(a[1].userDefined);
}

void tst_Charts::csvEscapesFormulas()
{
    ChartData c;
    c.id = "t";
    c.unit = "USD";
    c.series = {{"=HYPERLINK(\"x\")", "+g", SeriesRole::Line, {{double(d0), -1.5, 0, "@label", "-src", d0}}}};
    const std::string csv = chartsToCsv({c});
    QVERIFY(csv.find("\"'=HYPERLINK(\"\"x\"\")\"") != std::string::npos);
    QVERIFY(csv.find(",'+g,") != std::string::npos);
    QVERIFY(csv.find(",'@label,") != std::string::npos);
    QVERIFY(csv.find(",'-src,") != std::string::npos);
    // sources of a merged point are whole names, each once
    std::string joined;
    for (const char *src : {"coingecko-pro", "coingecko", "coingecko-pro"})
        addSource(joined, src);
    QCOMPARE(joined, std::string("coingecko-pro+coingecko"));
    // numbers are numbers: a negative value is not "escaped" into text
    QVERIFY(csv.find(",-1.5,") != std::string::npos);
    QVERIFY(csv.find("2025-06-04T00:00:00Z") != std::string::npos);
}

void tst_Charts::fdvBarsLeaveUnknownOut()
{
    const std::vector<LatestValue> in{latest("render", "market_cap_usd", 2e9, d0),
                                      latest("render", "fdv_usd", 2.1e9, d0),
                                      latest("goat", "market_cap_usd", 3e8, d0)};
    const ChartData c = buildFdvVsMarketCap(in, taxonomy());
    QCOMPARE(c.categories, (std::vector<std::string>{"Infra: RENDER", "App: GOAT"}));
    QCOMPARE(c.series[1].name, std::string("FDV"));
    QCOMPARE(c.series[1].points.size(), std::size_t(1)); // GOAT's FDV unknown: no bar, not 0
    QVERIFY(c.caption.find("FDV unknown (no bar): goat") != std::string::npos);
}

void tst_Charts::dilutionNeedsOneSnapshot()
{
    const std::vector<LatestValue> in{
        latest("render", "market_cap_usd", 2e9, d0), latest("render", "fdv_usd", 3e9, d0),
        latest("render", "volume_24h_usd", 1e8, d0),
        // AKT's FDV is from another day: no ratio
        latest("akash", "market_cap_usd", 1e9, d0), latest("akash", "fdv_usd", 1e9, d0 - day),
        latest("akash", "volume_24h_usd", 1e7, d0)};
    const ChartData c = buildDilutionScatter(in, taxonomy());
    QCOMPARE(c.series.size(), std::size_t(1));
    QCOMPARE(c.series[0].points.size(), std::size_t(1));
    QCOMPARE(c.series[0].points[0].x, 0.05);
    QCOMPARE(c.series[0].points[0].y, 1.5);
    QCOMPARE(c.series[0].points[0].label, std::string("RENDER"));
    QVERIFY(c.caption.find("akash") != std::string::npos);
}

void tst_Charts::indexedPerformance()
{
    const auto mc = [](std::string entity, std::string source, Dimensions dims,
                       std::vector<std::pair<UnixSeconds, double>> pts) {
        SeriesData s{{entity, "market_cap_usd", source, dims}, "USD", {}, {}};
        for (auto [ts, v] : pts)
            s.addPoint(ts, v, {source, "e", ts, ts});
        return s;
    };
    PerformanceOptions o;
    o.base = d0;
    const std::vector<SeriesData> in{
        mc("render", "coinmetrics", {{"asset", "render"}},
           {{d0 - day, 90}, {d0 + day, 50}, {d0 + 2 * day, 40}}),
        mc("render", "cmc", {}, {{d0, 100}}), // has the base but a shorter history after it
        mc("akash", "cmc", {}, {{d0 - 30 * day, 10}, {d0 + 10 * day, 20}}), // no base within 7 days
        mc("goat", "cg", {{"chain", "solana"}}, {{d0, 1}}),                 // not the token's total
    };
    const ChartData c = buildIndexedPerformance(in, taxonomy(), {}, o);
    // Its base is a day before the chart's: the line says so in its name, and the caption too.
    const ChartSeries *render = find(c, "render (base " + formatIsoDate(d0 - day) + ")");
    QVERIFY(render);
    QVERIFY(c.caption.find("Lines based on another day than " + formatIsoDate(d0) +
                           " (no value that day): render on " + formatIsoDate(d0 - day)) !=
            std::string::npos);
    QCOMPARE(render->points[0].source, std::string("coinmetrics")); // the longer history after the base wins
    QCOMPARE(render->points[0].y, 100.0);                           // its base is its own value a day before
    QVERIFY(std::abs(render->points[1].y - 50.0 / 90 * 100) < 1e-9);
    QVERIFY(!find(c, "akash"));
    QVERIFY(find(c, "Infrastructure average"));
    QVERIFY(c.caption.find("akash") != std::string::npos);
}

void tst_Charts::usageClaimRoundTrip()
{
    UsageClaim u{60, 25, 15, "my; survey\n2026", "", true};
    const auto back = decodeUsageClaim(encodeUsageClaim(u));
    QVERIFY(back.isOk());
    QCOMPARE(back.value().centralized, 60.0);
    QCOMPARE(back.value().source, std::string("my  survey 2026"));
    QVERIFY(!decodeUsageClaim("70;15;14").isOk());  // 99 %
    QVERIFY(!decodeUsageClaim("70;15;x").isOk());   // not a number
    QVERIFY(!decodeUsageClaim("110;-5;-5").isOk()); // out of range
    QVERIFY(!decodeUsageClaim("nan;50;50").isOk());
    QVERIFY(!decodeUsageClaim("").isOk());
    const ChartData donut = buildUsageDonut(back.value());
    QCOMPARE(donut.series[0].points.size(), std::size_t(3));
    QVERIFY(donut.caption.find("Your own estimate") != std::string::npos);
}

void tst_Charts::layerStackNeedsCoverage()
{
    Taxonomy t = taxonomy();
    t.entities.push_back(protocol("render2", "compute"));
    const auto mc = [](std::string entity, std::vector<std::pair<UnixSeconds, double>> pts) {
        SeriesData s{{entity, "market_cap_usd", "cg", {}}, "USD", {}, {}};
        for (auto [ts, v] : pts)
            s.addPoint(ts, v, {"cg", "e", ts, ts});
        return s;
    };
    const UnixSeconds june = d0, july = d0 + 30 * day;
    const std::vector<SeriesData> in{mc("render", {{june, 1}, {june + day, 2}, {july, 5}}),
                                     mc("akash", {{june, 10}}), mc("goat", {{june, 100}})};
    const ChartData c = buildLayerStack(in, t, "market_cap_usd");
    // July has one protocol only: left out. June: infrastructure 2 (newest render) + 10, application 100
    QCOMPARE(c.series.size(), std::size_t(2));
    QCOMPARE(c.series[0].points.size(), std::size_t(1));
    QCOMPARE(c.series[0].points[0].y, 100.0); // an index: 100 at the line's first month
    QVERIFY2(c.series[0].points[0].label.find("sum of the 2 protocols known that month: $12") !=
                 std::string::npos,
             c.series[0].points[0].label.c_str());
    QCOMPARE(c.series[0].points[0].count, 2);
    QCOMPARE(c.series[1].points[0].y, 100.0);
    QCOMPARE(c.unit, std::string("index"));
    QVERIFY(c.yTitle.find("Index") != std::string::npos);
    QVERIFY(buildLayerStack({}, t, "fees_usd").emptyReason.find("fee") != std::string::npos);

    // Coverage moves no line: akash enters in the second month, render2 leaves in the third, and
    // the layer moves only as much as the protocols reported in both months did.
    const UnixSeconds aug = d0 + 61 * day;
    const std::vector<SeriesData> moving{
        mc("render", {{june, 10}, {july, 11}, {aug, 11}}), mc("render2", {{june, 10}, {july, 10}}),
        mc("akash", {{july, 1000}, {aug, 1000}}), mc("goat", {{june, 1}, {july, 1}, {aug, 1}})};
    const ChartData chained = buildLayerStack(moving, t, "market_cap_usd");
    const auto &infra = chained.series.at(0).points;
    QCOMPARE(infra.size(), std::size_t(3));
    QCOMPARE(infra[0].y, 100.0);               // the line's base
    QCOMPARE(infra[1].y, 105.0);               // 100 x (11+10)/(10+10): akash's 1000 is not a rise
    QCOMPARE(infra[2].y, 105.0 * 1011 / 1011); // render2 leaving is not a fall
    QCOMPARE(infra[1].count, 2);
    QVERIFY(infra[1].label.find("sum of the 3 known that month: $1.0K") != std::string::npos);
    // No protocol in common: a new line, named, not joined to the old one.
    Taxonomy t2 = t;
    t2.entities.push_back(protocol("goat2", "agents"));
    const std::vector<SeriesData> gap{mc("render", {{june, 10}}), mc("akash", {{july, 50}}),
                                      mc("goat", {{june, 1}, {july, 1}}),
                                      mc("goat2", {{june, 3}, {july, 3}})};
    const ChartData split = buildLayerStack(gap, t2, "market_cap_usd");
    QCOMPARE(split.series.size(), std::size_t(3));
    QCOMPARE(split.series[0].points.size(), std::size_t(1));
    QCOMPARE(split.series[1].name.substr(0, 20), std::string("Infrastructure (from"));
    QCOMPARE(split.series[1].points.at(0).y, 100.0);
    QVERIFY(split.caption.find("no protocol was in common with the month before") != std::string::npos);

    // Only consecutive months link: 2025-03 and 2026-03 hold the same protocols, but a year lies
    // between them, so the second starts a new line (a new base), named on the chart.
    const UnixSeconds mar25 = parseTimestamp("2025-03-01").value.value();
    const UnixSeconds mar26 = parseTimestamp("2026-03-01").value.value();
    const UnixSeconds apr26 = parseTimestamp("2026-04-01").value.value();
    const std::vector<SeriesData> yearApart{mc("render", {{mar25, 10}, {mar26, 20}, {apr26, 40}}),
                                            mc("akash", {{mar25, 10}, {mar26, 20}, {apr26, 40}}),
                                            mc("goat", {{mar25, 1}, {mar26, 1}, {apr26, 1}})};
    const ChartData broken = buildLayerStack(yearApart, t, "market_cap_usd");
    QCOMPARE(broken.series.size(), std::size_t(4)); // each layer: 2025-03, then 2026-03..04
    QCOMPARE(broken.series[0].points.size(), std::size_t(1));
    QCOMPARE(broken.series[1].name, std::string("Infrastructure (from 2026-03)"));
    QCOMPARE(broken.series[1].points.size(), std::size_t(2));
    QCOMPARE(broken.series[1].points[0].y, 100.0);
    QCOMPARE(broken.series[1].points[1].y, 200.0);
    QVERIFY(broken.caption.find("Infrastructure 2026-03") != std::string::npos);
}

void tst_Charts::offerShareOnNewestDay()
{
    const auto count = [](std::string entity, std::string rental,
                          std::vector<std::pair<UnixSeconds, double>> pts) {
        SeriesData s{
            {entity, "gpu_count", "tracker", {{"state", "offers"}, {"rental", rental}}}, "GPUs", {}, {}};
        for (auto [ts, v] : pts)
            s.addPoint(ts, v, {"tracker", "e", ts, ts});
        return s;
    };
    const std::vector<SeriesData> in{count("vastai", "on_demand", {{d0, 5}, {d0 + day, 30}}),
                                     count("vastai", "spot", {{d0 + day, 30}}), // same GPUs again
                                     count("lambda", "on_demand", {{d0 + day, 10}}),
                                     count("aws", "on_demand", {{d0, 99}})}; // stale: not that day
    const ChartData c = buildOfferSupplyShare(in, taxonomy());
    QCOMPARE(c.series.size(), std::size_t(1));
    const auto &pts = c.series[0].points;
    QCOMPARE(pts.size(), std::size_t(2));
    QCOMPARE(pts[0].label, std::string("Marketplace"));
    QCOMPARE(pts[0].y, 30.0);
    QCOMPARE(pts[1].y, 10.0);
    QVERIFY(c.title.find("2025-06-05") != std::string::npos);
    // At a date: that day's offers, never a later day's.
    const ChartData before = buildOfferSupplyShare(in, taxonomy(), d0 + day / 2);
    QVERIFY(before.title.find("2025-06-04") != std::string::npos);
    QCOMPARE(before.series.at(0).points.size(), std::size_t(2)); // vastai's 5 and aws's 99
    QCOMPARE(before.series.at(0).points.at(0).y, 5.0);
    // Ten days on, the newest offers are older than the 7-day window: nothing, and why.
    const ChartData late = buildOfferSupplyShare(in, taxonomy(), d0 + 10 * day);
    QVERIFY(late.series.empty());
    QVERIFY2(late.emptyReason.find("the newest before it are of 2025-06-05") != std::string::npos,
             late.emptyReason.c_str());
}

void tst_Charts::fillArgsKeepsTranslatorsOrder()
{
    QCOMPARE(fillArgs("%1: price advantage index", {"H100"}), std::string("H100: price advantage index"));
    // a translation may put the arguments in another order
    QCOMPARE(fillArgs("%2 von %1", {"a", "b"}), std::string("b von a"));
    // an argument holding "%2" is not substituted again; a missing one is left as written
    QCOMPARE(fillArgs("%1 and %2 and %3", {"50%2", "x"}), std::string("50%2 and x and %3"));
    QCOMPARE(fillArgs("100 % sure", {}), std::string("100 % sure"));
    // without a translator the English source comes back
    setTranslator(nullptr);
    QCOMPARE(translate("ChartText", "Date (UTC)"), std::string("Date (UTC)"));
}

void tst_Charts::gpuNamesComeFromTheTaxonomy()
{
    // named from the taxonomy, or shown as the key when it lacks the model
    QCOMPARE(taxonomy().gpuName("h100-80gb"), std::string("NVIDIA H100 80GB"));
    QCOMPARE(taxonomy().gpuName("b200"), std::string("b200"));
    QVERIFY(!taxonomy().gpuModel("b200"));
}

void tst_Charts::columnsFollowTheirPoints()
{
    ChartData d;
    d.series.push_back(
        {"a", "g", SeriesRole::Band, {{1, 2, 3, "", "", 0, -1, -1}, {4, 5, 6, "", "", 0, -1, -1}}});
    d.series.push_back({"b", "g", SeriesRole::Line, {}});
    QVERIFY(!d.columnsOf(0)); // not filled yet
    d.fillColumns();
    const SeriesColumns *c = d.columnsOf(0);
    QVERIFY(c);
    QCOMPARE(c->xs, (std::vector<double>{1, 4}));
    QCOMPARE(c->ys, (std::vector<double>{2, 5}));
    QCOMPARE(c->highs, (std::vector<double>{3, 6}));
    QVERIFY(!d.columnsOf(1)); // no points: nothing to read
    QVERIFY(!d.columnsOf(2));
    // points added after: the columns no longer describe them, and are not used
    d.series[0].points.push_back({7, 8, 9, "", "", 0, -1, -1});
    QVERIFY(!d.columnsOf(0));
    QCOMPARE(d.xExtent()->first, 1.0);
    QCOMPARE(d.xExtent()->second, 7.0);
}

QTEST_GUILESS_MAIN(tst_Charts)
#include "tst_charts.moc"
