// SPDX-License-Identifier: GPL-3.0-or-later
// Groundwork of the price-war charts: downsampling and the price advantage index.
#include "models/domain/downsample.h"
#include "models/domain/findings.h"
#include "models/domain/priceindex.h"
#include "support/warnings.h"

#include <QTest>

#include <cmath>
#include <random>

using namespace stackatlas;

class tst_PriceWar : public QObject
{
    Q_OBJECT

private slots:
    void init() { stackatlas::test::failOnUnexpectedWarnings(); }
    void plotIndicesKeepEverySpike();
    void plotIndicesKeepExtremesWithinTwiceTheWidth();
    void blockExtremesGiveTheSameIndices();
    void advantageIndexByHand();
    void providerPricesSelectsLikeForLike();
    void monthlyVotesCoverTheirMonth();
    void cheapestClassTakesTheProvidersDailyMedian();
    void indexFindingNamesChangedProviders();
    void overhangsFollowTheStalenessRule();
};

void tst_PriceWar::plotIndicesKeepEverySpike()
{
    std::vector<double> xs, ys;
    for (int i = 0; i < 100000; ++i) {
        xs.push_back(i);
        ys.push_back(i % 997 == 0 ? 100.0 : 1.0);
    }
    const auto kept = plotIndices(xs, ys, 500);
    QVERIFY(kept.size() <= 1000);
    QVERIFY(std::is_sorted(kept.begin(), kept.end()));
    for (int i = 0; i < 100000; i += 997) // every spike, even with far fewer columns than spikes' spacing
        QVERIFY2(std::find(kept.begin(), kept.end(), std::size_t(i)) != kept.end(),
                 qPrintable(QString::number(i)));
    QCOMPARE(kept.front(), std::size_t(0));
    QCOMPARE(kept.back(), std::size_t(99999));
}

void tst_PriceWar::plotIndicesKeepExtremesWithinTwiceTheWidth()
{
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> step(0.1, 5.0), value(-100, 100);
    for (std::size_t n : {1u, 2u, 10u, 1999u, 2000u, 2001u, 50000u}) {
        for (std::size_t width : {2u, 3u, 640u, 1000u, 1920u}) {
            std::vector<double> xs(n), ys(n);
            double x = 0;
            for (std::size_t i = 0; i < n; ++i) {
                x += step(rng); // uneven spacing, as real histories have
                xs[i] = x;
                ys[i] = value(rng);
            }
            const auto kept = plotIndices(xs, ys, width);
            QVERIFY2(kept.size() <= 2 * width,
                     qPrintable(QStringLiteral("n=%1 width=%2 kept=%3").arg(n).arg(width).arg(kept.size())));
            QCOMPARE(kept.front(), std::size_t(0));
            QCOMPARE(kept.back(), n - 1);
            QVERIFY(std::adjacent_find(kept.begin(), kept.end(), std::greater_equal<>()) == kept.end());
            const auto lo = std::size_t(std::min_element(ys.begin(), ys.end()) - ys.begin());
            const auto hi = std::size_t(std::max_element(ys.begin(), ys.end()) - ys.begin());
            QVERIFY(std::binary_search(kept.begin(), kept.end(), lo));
            QVERIFY(std::binary_search(kept.begin(), kept.end(), hi));
            if (n <= 2 * width)
                QCOMPARE(kept.size(), n);
        }
    }
    const std::vector<double> fx{1, 2, 3, 4, 5}, fy{5, 1, 9, 2, 3};
    QCOMPARE(plotIndices(fx, fy, 1).size(), std::size_t(4)); // width 1 counts as 2
}

void tst_PriceWar::blockExtremesGiveTheSameIndices()
{
    // Against the point-by-point pass: every window of a series (any offset, so columns start
    // anywhere in a block), with runs of equal values so "the first of equals" is tested too.
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> step(0.1, 5.0);
    std::uniform_int_distribution<int> value(0, 40);
    for (std::size_t n : {10u, 130u, 4097u, 100000u}) {
        std::vector<double> xs(n), ys(n);
        double x = 0;
        for (std::size_t i = 0; i < n; ++i) {
            x += step(rng);
            xs[i] = x;
            ys[i] = (i / 7) % 3 == 0 ? 20.0 : double(value(rng)); // plateaus and ties
        }
        const BlockExtremes blocks = blockExtremes(ys);
        for (std::size_t offset : {std::size_t(0), std::size_t(1), std::size_t(63), std::size_t(64), n / 3}) {
            if (offset >= n)
                continue;
            for (std::size_t width : {2u, 7u, 640u, 1920u}) {
                const std::span<const double> sx(xs.data() + offset, n - offset),
                    sy(ys.data() + offset, n - offset);
                QCOMPARE(plotIndices(sx, sy, width, blocks, offset), plotIndices(sx, sy, width));
            }
        }
    }
}

void tst_PriceWar::advantageIndexByHand()
{
    const UnixSeconds d1 = 1780000000 / 86400 * 86400, d2 = d1 + 86400;
    std::map<std::string, ProviderPrices> p{
        {"akash", {"decentralized", {{d1, 1.0}}, {}}},
        {"vast-ai", {"marketplace", {{d1 + 3600, 1.2}, {d2, 1.3}}, {}}},
        {"aws", {"hyperscaler", {{d1, 6.88}}, {}}},
        // three series of one provider on one day count once, at their median (5.0; the mean, 6.0,
        // would be pulled by the outlier)
        {"gcp", {"hyperscaler", {{d1, 3.0}, {d1 + 60, 5.0}, {d1 + 120, 10.0}}, {}}},
        {"openai", {"centralized-ai-api", {{d1, 99.0}}, {}}},
    };
    const auto index = priceAdvantageIndex(p, {"decentralized", "marketplace"}, {"hyperscaler", "neocloud"});
    QCOMPARE(index.size(), std::size_t(1)); // day 2 has no centralized price: no index that day
    QCOMPARE(index[0].day, d1);
    QCOMPARE(index[0].numeratorMedian, 1.1);
    QCOMPARE(index[0].denominatorMedian, (6.88 + 5.0) / 2);
    QCOMPARE(index[0].index, 1.1 / 5.94);
    QCOMPARE(index[0].numeratorProviders, std::size_t(2));
    QCOMPARE(index[0].denominatorProviders, std::size_t(2));
    // the sides are a setting: marketplaces moved to the centralized side
    const auto moved = priceAdvantageIndex(p, {"decentralized"}, {"hyperscaler", "marketplace"});
    QCOMPARE(moved[0].index, 1.0 / 5.0);
}

void tst_PriceWar::providerPricesSelectsLikeForLike()
{
    const auto entity = [](std::string id, std::string providerClass) {
        Entity e;
        e.id = id;
        e.name = id;
        e.providerClass = providerClass;
        return e;
    };
    Taxonomy t;
    t.entities = {entity("aws", "hyperscaler"), entity("runpod", "marketplace"),
                  entity("render", "")}; // a protocol without a provider class

    const auto series = [](std::string entity, std::string source, Dimensions dims, std::string unit,
                           std::vector<std::pair<UnixSeconds, double>> pts) {
        SeriesData s{{entity, "gpu_hourly_usd", source, dims}, unit, {}, {}};
        for (auto [ts, v] : pts)
            s.addPoint(ts, v, {source, "e", ts, ts});
        return s;
    };
    const std::vector<SeriesData> in{
        series("aws", "aws-price-list", {{"gpu", "h100-80gb"}}, "USD/GPU-hour", {{200, 6.88}, {100, 12.29}}),
        series("runpod", "tracker", {{"rental", "on_demand"}, {"stat", "median"}}, "USD/GPU-hour",
               {{100, 2.5}}),
        series("runpod", "tracker", {{"rental", "on_demand"}, {"stat", "min"}}, "USD/GPU-hour", {{100, 1.9}}),
        series("runpod", "tracker", {{"rental", "spot"}, {"stat", "median"}}, "USD/GPU-hour", {{100, 1.2}}),
        series("runpod", "offers", {{"rental", "on_demand"}}, "USD/instance-hour", {{100, 20.0}}),
        series("render", "x", {}, "USD/GPU-hour", {{100, 1.0}}),
    };
    const ProviderPriceSet set = providerPrices(in, t);
    QCOMPARE(set.providers.size(), std::size_t(2));
    // sorted by time, whatever order the series came in
    QCOMPARE(set.providers.at("aws").points,
             (std::vector<std::pair<UnixSeconds, double>>{{100, 12.29}, {200, 6.88}}));
    QCOMPARE(set.providers.at("aws").providerClass, std::string("hyperscaler"));
    // only the on-demand median: the min and the spot series are other views, not prices to mix
    QCOMPARE(set.providers.at("runpod").points, (std::vector<std::pair<UnixSeconds, double>>{{100, 2.5}}));
    QCOMPARE(set.skipped.size(), std::size_t(2)); // the per-instance price and the classless protocol
    QVERIFY(set.skipped[0].find("USD/instance-hour") != std::string::npos);
    QVERIFY(set.skipped[1].find("render/x") == 0);

    const ProviderPriceSet spot = providerPrices(in, t, {"spot"});
    QCOMPARE(spot.providers.at("runpod").points, (std::vector<std::pair<UnixSeconds, double>>{{100, 1.2}}));

    // A source that publishes only a mean (or min and max) vanishes from the comparison: named.
    t.entities.push_back(entity("lambda", "neocloud"));
    std::vector<SeriesData> withMean = in;
    withMean.push_back(series("lambda", "survey", {{"stat", "mean"}}, "USD/GPU-hour", {{100, 2.99}}));
    withMean.push_back(series("lambda", "survey", {{"stat", "max"}}, "USD/GPU-hour", {{100, 3.49}}));
    const ProviderPriceSet named = providerPrices(withMean, t);
    QVERIFY(!named.providers.count("lambda"));
    QCOMPARE(named.skipped.size(), std::size_t(3));
    QCOMPARE(
        named.skipped[2],
        std::string("lambda/survey: publishes only max and mean (the median or list price is compared; the "
                    "mean only when asked for)"));
    // runpod's min is not named: its median is compared
    QCOMPARE(statisticLeftOut(withMean, {}).size(), std::size_t(1));
    // Asked for, the mean stands in for lambda's missing median, and nothing is left out; runpod's
    // mean would not have replaced its median.
    withMean.push_back(series("runpod", "tracker", {{"rental", "on_demand"}, {"stat", "mean"}},
                              "USD/GPU-hour", {{100, 9.9}}));
    PriceSelection meanToo;
    meanToo.meanWhereNoMedian = true;
    const ProviderPriceSet fallback = providerPrices(withMean, t, meanToo);
    QCOMPARE(fallback.providers.at("lambda").points,
             (std::vector<std::pair<UnixSeconds, double>>{{100, 2.99}}));
    QCOMPARE(fallback.providers.at("runpod").points,
             (std::vector<std::pair<UnixSeconds, double>>{{100, 2.5}}));
    QVERIFY(statisticLeftOut(withMean, meanToo).empty());
}

namespace {

Entity provider(std::string id, std::string providerClass)
{
    Entity e;
    e.id = id;
    e.name = id;
    e.kind = EntityKind::Provider;
    e.providerClass = providerClass;
    return e;
}

SeriesData gpuSeries(std::string entity, std::string source, Dimensions dims,
                     std::vector<std::pair<UnixSeconds, double>> pts)
{
    dims["gpu"] = "h100-80gb";
    SeriesData s{{entity, "gpu_hourly_usd", source, dims}, "USD/GPU-hour", {}, {}};
    for (auto [ts, v] : pts)
        s.addPoint(ts, v, {source, "e", ts, ts});
    return s;
}

UnixSeconds day(const char *iso)
{
    return parseTimestamp(iso).value.value();
}

Taxonomy classes()
{
    Taxonomy t;
    t.providerClasses = {{"hyperscaler", "Hyperscaler", true, ""},
                         {"neocloud", "Neocloud", true, ""},
                         {"marketplace", "Marketplace", false, ""},
                         {"decentralized", "Decentralized network", false, ""}};
    return t;
}

} // namespace

// A monthly rate card (stamped on the 1st) covers its month: the index reads the same on the 31st,
// the 1st and the 2nd when no daily price moved, instead of jumping on the 1st alone (0.717, 0.850,
// 0.717 on the shipped H100 before).
void tst_PriceWar::monthlyVotesCoverTheirMonth()
{
    Taxonomy t = classes();
    t.entities = {provider("vast-ai", "marketplace"), provider("aws", "hyperscaler"),
                  provider("lambda", "neocloud")};
    const UnixSeconds may31 = day("2026-05-31"), jun1 = day("2026-06-01"), jun2 = day("2026-06-02");
    const std::vector<SeriesData> in{
        gpuSeries("vast-ai", "vastai", {}, {{may31, 2.0}, {jun1, 2.0}, {jun2, 2.0}}),
        gpuSeries("aws", "aws-price-list", {}, {{may31, 6.0}, {jun1, 6.0}, {jun2, 6.0}}),
        // lambda's rate-card votes: May's and June's
        gpuSeries("lambda", "gpu-price-index", {{"stat", "list"}, {"basis", "restated"}},
                  {{day("2026-05-01"), 4.0}, {jun1, 3.0}}),
    };
    QVERIFY(isMonthlySeries(in[2]));
    QVERIFY(!isMonthlySeries(in[0]));
    const ProviderPriceSet set = providerPrices(in, t);
    QCOMPARE(set.providers.at("lambda").monthly.size(), std::size_t(2));
    QVERIFY(set.providers.at("lambda").points.empty());
    const auto index = priceAdvantageIndex(set.providers, {"marketplace"}, {"hyperscaler", "neocloud"});
    std::map<UnixSeconds, const PriceAdvantagePoint *> byDay;
    for (const PriceAdvantagePoint &p : index)
        byDay[p.day] = &p;
    QVERIFY(byDay.count(may31) && byDay.count(jun1) && byDay.count(jun2));
    QCOMPARE(byDay[may31]->index, 2.0 / 5.0); // aws 6 and May's vote 4
    QCOMPARE(byDay[jun1]->index, 2.0 / 4.5);  // aws 6 and June's vote 3
    QCOMPARE(byDay[jun2]->index, 2.0 / 4.5);  // June's vote still counts on the 2nd
    QCOMPARE(byDay[jun2]->denominatorProviders, std::size_t(2));
    // Who is counted on each side that day, by name, with the provider's daily median.
    QCOMPARE(byDay[jun2]->numeratorPrices, (std::vector<std::pair<std::string, double>>{{"vast-ai", 2.0}}));
    QCOMPARE(byDay[jun2]->denominatorPrices,
             (std::vector<std::pair<std::string, double>>{{"aws", 6.0}, {"lambda", 3.0}}));
    // A daily price of the provider beats its monthly vote on that day.
    ProviderPrices both{"neocloud", {{jun2 + 3600, 2.5}}, {{jun1, 3.0}}};
    const auto days = providerDailyMedians(both);
    QCOMPARE(days.at(jun1), 3.0);
    QCOMPARE(days.at(jun2), 2.5);
    QCOMPARE(days.size(), std::size_t(30));
}

// The report's cheapest/dearest class takes each provider's median of its newest day, as the pane
// and the index do: one marketplace with six series that day is $2.20, not its last series' $2.52.
void tst_PriceWar::cheapestClassTakesTheProvidersDailyMedian()
{
    Taxonomy t = classes();
    t.entities = {provider("vast-ai", "marketplace"), provider("aws", "hyperscaler")};
    const UnixSeconds d = day("2026-06-30");
    std::vector<SeriesData> in;
    const double prices[] = {2.0, 2.1, 2.2, 2.2, 2.3, 2.52};
    for (int i = 0; i < 6; ++i)
        in.push_back(
            gpuSeries("vast-ai", "vastai", {{"region", "r" + std::to_string(i)}}, {{d + 60 * i, prices[i]}}));
    in.push_back(gpuSeries("aws", "aws-price-list", {}, {{d, 6.88}}));
    const auto f = classFindings("NVIDIA H100 80GB", in, t, d + 86399);
    QCOMPARE(f.size(), std::size_t(1));
    QVERIFY2(f[0].text.find("Marketplace $2.20 per GPU-hour") != std::string::npos, f[0].text.c_str());
    QVERIFY2(f[0].text.find("$2.52") == std::string::npos, f[0].text.c_str());
}

// "90 days before 0.83, now 0.56" compares two markets when other providers were counted: the
// finding names both sets, and the index over the providers counted on both days.
void tst_PriceWar::indexFindingNamesChangedProviders()
{
    Taxonomy t = classes();
    t.entities = {provider("cudo", "decentralized"), provider("vast-ai", "marketplace"),
                  provider("aws", "hyperscaler"), provider("lambda", "neocloud"),
                  provider("coreweave", "neocloud")};
    const UnixSeconds now = day("2026-06-30"), before = now - 90 * 86400;
    const std::vector<SeriesData> in{
        gpuSeries("cudo", "c", {}, {{before, 2.0}}),
        gpuSeries("vast-ai", "v", {}, {{before, 2.2}, {now, 1.8}}),
        gpuSeries("aws", "a", {}, {{before, 4.0}, {now, 4.0}}),
        gpuSeries("lambda", "l", {}, {{before, 3.0}, {now, 3.0}}),
        gpuSeries("coreweave", "w", {}, {{now, 2.0}}),
    };
    const auto f = indexFindings("NVIDIA H100 80GB", in, t, now);
    QCOMPARE(f.size(), std::size_t(1));
    const std::string &text = f[0].text;
    QVERIFY2(text.find("other providers: the cheap side then also cudo; the incumbents now also coreweave") !=
                 std::string::npos,
             text.c_str());
    // over vast-ai against aws and lambda on both days: 2.2 / 3.5 then, 1.8 / 3.5 now
    QVERIFY2(text.find("from 0.63 to 0.51") != std::string::npos, text.c_str());
}

// Stale overhangs appear only when asked for (AsOf::includeStale puts them in `latest`), each
// with its own date.
void tst_PriceWar::overhangsFollowTheStalenessRule()
{
    Taxonomy t;
    t.layers = {{"infrastructure", "Infrastructure", ""}};
    t.categories = {{"compute", "infrastructure", "Compute", ""}};
    Entity render;
    render.id = "render";
    render.name = "Render";
    render.kind = EntityKind::Protocol;
    render.categoryId = "compute";
    Entity near = render;
    near.id = "near";
    near.name = "NEAR";
    t.entities = {render, near};
    const auto value = [](std::string entity, std::string metric, double v, const char *when, bool stale) {
        LatestValue l{entity, metric, "USD", v, day(when), {"coingecko", "e", day(when), day(when)}, stale};
        return l;
    };
    const UnixSeconds asOf = day("2026-06-30");
    // Nothing within its window: without --show-stale, unknown, and no figure of another date.
    const auto fresh = overhangFindings(t, {}, asOf);
    QVERIFY2(fresh[0].text.find("unknown") == 0, fresh[0].text.c_str());
    QVERIFY(fresh[0].text.find("--show-stale") != std::string::npos);
    // Asked for: each item with its own date.
    const std::vector<LatestValue> stale{
        value("render", "market_cap_usd", 1e9, "2026-03-13", true),
        value("render", "fdv_usd", 3e9, "2026-03-13", true),
        value("near", "market_cap_usd", 1e9, "2026-05-26", true),
        value("near", "fdv_usd", 2e9, "2026-05-26", true),
    };
    const auto shown = overhangFindings(t, stale, asOf);
    QVERIFY2(shown[0].text.find("Render 3.00x (FDV $3.00B, market cap $1.00B, stale: 2026-03-13)") == 0,
             shown[0].text.c_str());
    QVERIFY2(shown[0].text.find("NEAR 2.00x (FDV $2.00B, market cap $1.00B, stale: 2026-05-26)") !=
                 std::string::npos,
             shown[0].text.c_str());
}

QTEST_GUILESS_MAIN(tst_PriceWar)
#include "tst_pricewar.moc"
