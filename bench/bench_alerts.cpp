// SPDX-License-Identifier: GPL-3.0-or-later
// What judging the watch rules costs after every refresh and import, on the shipped default data,
// as ratios against what the price-war pane computes anyway for one GPU (its series read, grouped
// by provider, the index built). One rule of each kind, then fifty (ten of each), and recording a
// round's firings (once per crossing: the second round writes nothing).
#include "datasources/cache/cache.h"
#include "models/alerts/alertcheck.h"
#include "models/domain/pricewarcharts.h"

#include "benchtimer.h"

#include <QFile>
#include <QTemporaryDir>

#include <cstdio>
#include <ctime>

using namespace stackatlas;
using stackatlas::bench::bestMs;

namespace {

std::vector<AlertRule> rules(int each)
{
    std::vector<AlertRule> out;
    for (int i = 0; i < each; ++i) {
        const std::string n = std::to_string(i);
        AlertRule index;
        index.name = "index-" + n;
        index.kind = AlertKind::Index;
        index.target = i % 2 ? "a100-80gb" : "h100-80gb";
        index.threshold = 0.6 + 0.01 * i;
        AlertRule metric;
        metric.name = "metric-" + n;
        metric.kind = AlertKind::Metric;
        metric.target = "render";
        metric.metric = "market_cap_usd";
        metric.threshold = 1e9 + i;
        AlertRule change = metric;
        change.name = "change-" + n;
        change.kind = AlertKind::Change;
        change.metric = "price_usd";
        change.days = 7 + i;
        change.threshold = -20;
        AlertRule ratio;
        ratio.name = "ratio-" + n;
        ratio.kind = AlertKind::Ratio;
        ratio.target = "bittensor";
        ratio.metric = "fdv_usd";
        ratio.metric2 = "market_cap_usd";
        ratio.comparison = AlertComparison::Above;
        ratio.threshold = 2 + i;
        AlertRule stale;
        stale.name = "stale-" + n;
        stale.kind = AlertKind::Stale;
        stale.target = "vastai";
        stale.hours = 48 + i;
        for (AlertRule *r : {&index, &metric, &change, &ratio, &stale})
            out.push_back(*r);
    }
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_alerts DEFAULT_DATA\n");
        return 2;
    }
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    if (!QFile::copy(QString::fromLocal8Bit(argv[1]), path))
        return 1;
    QFile(path).setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    auto opened = Cache::open(path.toStdString());
    if (!opened.isOk())
        return 1;
    Cache &cache = *opened.value();
    const Taxonomy taxonomy = cache.taxonomy().value();

    const double baseline = bestMs(7, [&] {
        SeriesQuery q;
        q.metric = "gpu_hourly_usd";
        q.dims["gpu"] = "h100-80gb";
        q.withEndpoints = false;
        const PriceWarOptions sides;
        const auto set = providerPrices(cache.query(q).value(), taxonomy, sides.selection);
        if (priceAdvantageIndex(set.providers, sides.cheapSide, sides.incumbentSide).empty())
            std::abort();
    });
    std::printf("baseline: the H100 price advantage index from the cache: %.1f ms\n", baseline);

    const auto each = [&](int n) {
        for (const AlertRule &r : rules(n))
            (void)cache.addAlertRule(r);
    };
    each(1);
    const double five = bestMs(7, [&] { (void)evaluateAlertRules(cache, taxonomy); });
    std::printf("one rule of each kind (5), judged: %.2fx baseline (goal <= 3x)\n", five / baseline);
    const std::vector<AlertRule> added = cache.alertRules().value();
    for (const AlertRule &r : added)
        (void)cache.removeAlertRule(r.name);
    each(10);
    const double fifty = bestMs(3, [&] { (void)evaluateAlertRules(cache, taxonomy); });
    std::printf(
        "fifty rules (ten of each kind), judged: %.2fx baseline (goal <= 25x: half a baseline a rule)\n",
        fifty / baseline);
    const double firstRecord = bestMs(1, [&] { (void)runAlertRound(cache, taxonomy, true); });
    const double again = bestMs(3, [&] { (void)runAlertRound(cache, taxonomy, true); });
    std::printf("fifty rules judged and recorded: first round %.2fx, later rounds (nothing new) %.2fx "
                "the judging alone (goal <= 1.2x)\n",
                firstRecord / fifty, again / fifty);
    std::printf("firings recorded: %zu\n", cache.alertFirings().value().size());
    return 0;
}
