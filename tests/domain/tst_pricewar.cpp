// SPDX-License-Identifier: GPL-3.0-or-later
// Groundwork of the price-war charts: downsampling and the price advantage index.
#include "models/domain/downsample.h"
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
        {"akash", {"decentralized", {{d1, 1.0}}}},
        {"vast-ai", {"marketplace", {{d1 + 3600, 1.2}, {d2, 1.3}}}},
        {"aws", {"hyperscaler", {{d1, 6.88}}}},
        // three series of one provider on one day count once, at their median (5.0; the mean, 6.0,
        // would be pulled by the outlier)
        {"gcp", {"hyperscaler", {{d1, 3.0}, {d1 + 60, 5.0}, {d1 + 120, 10.0}}}},
        {"openai", {"centralized-ai-api", {{d1, 99.0}}}},
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

QTEST_GUILESS_MAIN(tst_PriceWar)
#include "tst_pricewar.moc"
