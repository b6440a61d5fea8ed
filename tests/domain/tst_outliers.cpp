// SPDX-License-Identifier: GPL-3.0-or-later
// The import outlier rule: a glitch in a price history and a per-instance price read as per-GPU
// are held; a real crash, and the whole of Filecoin's volatile first years, are not.
#include "models/domain/csvreader.h"
#include "models/domain/currencyguard.h"
#include "models/domain/moneyformat.h"
#include "models/domain/outliers.h"
#include "models/domain/timeutil.h"
#include "support/warnings.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTest>

using namespace stackatlas;

namespace {

constexpr UnixSeconds kDay = 86400;
constexpr UnixSeconds kT0 = 1704067200; // 2024-01-01

Observation price(const std::string &entity, const std::string &metric, UnixSeconds ts, double v,
                  Dimensions dims = {})
{
    Observation o;
    o.key = {entity, metric, "yahoo", std::move(dims)};
    o.unit = "USD";
    o.ts = ts;
    o.value = v;
    return o;
}

// The rule as written, value by value: the reference the sliding window must agree with.
std::vector<std::pair<std::size_t, double>>
naiveSuspects(const std::vector<Observation> &batch, const StoredNeighbours &stored, const OutlierRule &rule)
{
    std::map<SeriesKey, std::map<UnixSeconds, double>> bySeries;
    for (const auto &[key, points] : stored)
        for (const auto &[ts, v] : points)
            bySeries[key][ts] = v;
    for (const Observation &o : batch)
        bySeries[o.key][o.ts] = o.value;
    std::vector<std::pair<std::size_t, double>> out;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const Observation &o = batch[i];
        if (!(o.value > 0))
            continue;
        std::vector<double> values;
        for (const auto &[ts, v] : bySeries[o.key])
            if (ts != o.ts && ts >= o.ts - rule.window && ts <= o.ts + rule.window)
                values.push_back(v);
        if (values.size() < rule.minNeighbours)
            continue;
        std::sort(values.begin(), values.end());
        const std::size_t n = values.size();
        const double median = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
        if (median > 0 && (o.value > median * rule.factor || o.value * rule.factor < median))
            out.emplace_back(i, median);
    }
    return out;
}

} // namespace

class tst_Outliers : public QObject
{
    Q_OBJECT

private slots:
    void init() { stackatlas::test::failOnUnexpectedWarnings(); }
    void taoGlitchIsHeld();
    void perInstancePriceIsHeldAgainstStoredValues();
    void realCrashPasses();
    void filecoinHistoryHasNoSuspect();
    void volumesAreNotJudged();
    void anotherCurrencyIsNamed();
    void slidingWindowAgreesWithTheRule();
    void otherSourcesBetrayAnEthQuote();
    void oneValueOffOtherSourcesIsASuspect();
    void guardBoundaries();
};

void tst_Outliers::taoGlitchIsHeld()
{
    // As in a public Yahoo export of TAO: a first row of 0.1263, then 93.40 and on.
    std::vector<Observation> batch{price("bittensor", "price_usd", kT0, 0.1263)};
    for (int d = 1; d <= 10; ++d)
        batch.push_back(price("bittensor", "price_usd", kT0 + d * kDay, 93.40 + d));
    const auto suspects = findSuspects(batch, {});
    QCOMPARE(suspects.size(), std::size_t(1));
    QCOMPARE(suspects[0].index, std::size_t(0));
    QCOMPARE(suspects[0].neighbours.size(), std::size_t(7)); // the seven days after it
    const std::string said = describeSuspect(batch[0], suspects[0]);
    QVERIFY2(said.find("bittensor/price_usd (yahoo) 2024-01-01: 0.1263 is 771x below the median 97.4") == 0,
             said.c_str());
    QVERIFY2(said.find("94.4 on 2024-01-02") != std::string::npos, said.c_str());
}

void tst_Outliers::perInstancePriceIsHeldAgainstStoredValues()
{
    // An 8-GPU instance's hourly price read as a per-GPU price, beside a week of stored prices.
    const SeriesKey key{"lambda", "gpu_hourly_usd", "yahoo", {{"gpu", "h100-80gb"}}};
    StoredNeighbours stored;
    for (int d = 0; d < 7; ++d)
        stored[key].emplace_back(kT0 + d * kDay, 2.49);
    const std::vector<Observation> batch{price("lambda", "gpu_hourly_usd", kT0 + 7 * kDay, 19.92, key.dims),
                                         price("lambda", "gpu_hourly_usd", kT0 + 8 * kDay, 2.39, key.dims)};
    const auto suspects = findSuspects(batch, stored);
    QCOMPARE(suspects.size(), std::size_t(1));
    QCOMPARE(suspects[0].index, std::size_t(0));
    QCOMPARE(suspects[0].median, 2.49);
    // Another series (another GPU) is not a neighbour.
    const std::vector<Observation> other{
        price("lambda", "gpu_hourly_usd", kT0 + 7 * kDay, 19.92, {{"gpu", "b200"}})};
    QVERIFY(findSuspects(other, stored).empty());
}

void tst_Outliers::realCrashPasses()
{
    // A genuine 50 % fall in a day, held there for a week: a move, not a glitch.
    std::vector<Observation> batch;
    for (int d = 0; d < 7; ++d)
        batch.push_back(price("render", "price_usd", kT0 + d * kDay, 8.0));
    for (int d = 7; d < 14; ++d)
        batch.push_back(price("render", "price_usd", kT0 + d * kDay, 4.0));
    QVERIFY(findSuspects(batch, {}).empty());
}

void tst_Outliers::filecoinHistoryHasNoSuspect()
{
    // CoinGecko's daily FIL history from its launch (2020-10, $61 falling to $20, then $236 in
    // 2021-04 and a 34 % fall on 2021-05-19): volatile, and every day of it real.
    QFile f(QStringLiteral(STACKATLAS_SOURCE_DIR
                           "/resources/defaultdata/data/coingecko_fil_usd_daily_2020-10_2023-05.csv"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    const CsvDocument doc = readCsv(std::string_view(bytes.constData(), std::size_t(bytes.size())));
    std::vector<Observation> batch;
    for (std::size_t i = 1; i < doc.records.size(); ++i) {
        const auto &fields = doc.records[i].fields;
        if (fields.size() < 2 || fields[1].empty())
            continue;
        const auto ts = parseTimestamp(fields[0].substr(0, 10));
        QVERIFY(ts.value);
        batch.push_back(price("filecoin", "price_usd", *ts.value, std::stod(fields[1])));
    }
    QVERIFY(batch.size() > 900);
    const auto suspects = findSuspects(batch, {});
    QVERIFY2(suspects.empty(),
             suspects.empty() ? "" : describeSuspect(batch[suspects[0].index], suspects[0]).c_str());
}

void tst_Outliers::volumesAreNotJudged()
{
    std::vector<Observation> batch;
    for (int d = 0; d < 7; ++d)
        batch.push_back(price("render", "volume_24h_usd", kT0 + d * kDay, d == 3 ? 9e9 : 1e7));
    QVERIFY(findSuspects(batch, {}).empty()); // a listing day's volume can be 900x
}

void tst_Outliers::anotherCurrencyIsNamed()
{
    // A week of USD prices stored for three coins, then a capture of the same coins quoted in ETH
    // (~3100 USD): every price about 3100x below its series. The batch is named as another currency.
    StoredNeighbours stored;
    const std::vector<std::pair<std::string, double>> coins{
        {"bittensor", 412.0}, {"render", 7.1}, {"fetch-ai", 1.35}};
    for (const auto &[entity, usd] : coins)
        for (int d = 0; d < 5; ++d)
            stored[SeriesKey{entity, "price_usd", "coingecko", {}}].emplace_back(kT0 + d * kDay,
                                                                                 usd * (1 + d / 100.0));
    std::vector<Observation> eth;
    for (const auto &[entity, usd] : coins) {
        Observation o = price(entity, "price_usd", kT0 + 5 * kDay, usd / 3100.0);
        o.key.source = "coingecko";
        eth.push_back(o);
    }
    const auto suspects = findSuspects(eth, stored);
    QCOMPARE(suspects.size(), std::size_t(3));
    const auto why = currencyMismatch(eth, suspects);
    QVERIFY(why);
    QVERIFY2(why->find("the prices of 3 coins (bittensor, fetch-ai, render) are all about 31") == 0,
             why->c_str());
    QVERIFY2(why->find("x below their stored series: the payload looks quoted in another currency") !=
                 std::string::npos,
             why->c_str());

    // One coin's glitch is a suspect, not a currency; two coins off in opposite directions neither.
    std::vector<Observation> one{eth[0]};
    QVERIFY(!currencyMismatch(one, findSuspects(one, stored)));
    std::vector<Observation> opposite{eth[0], eth[1]};
    opposite[1].value = coins[1].second * 40;
    const auto mixed = findSuspects(opposite, stored);
    QCOMPARE(mixed.size(), std::size_t(2));
    QVERIFY(!currencyMismatch(opposite, mixed));
}

// Random hourly and daily series with glitches, repeated moments, zeros and stored history: the
// sliding-window judge finds exactly the values, and medians, the rule as written finds.
void tst_Outliers::slidingWindowAgreesWithTheRule()
{
    QRandomGenerator rng(5122026);
    for (int round = 0; round < 200; ++round) {
        std::vector<Observation> batch;
        StoredNeighbours stored;
        const int series = rng.bounded(1, 4);
        for (int s = 0; s < series; ++s) {
            const Dimensions dims{{"gpu", "g" + std::to_string(s)}};
            const UnixSeconds step = rng.bounded(2) ? 3600 : kDay;
            const int n = rng.bounded(0, 120);
            for (int i = 0; i < n; ++i) {
                double v = 10 + rng.bounded(5.0);
                const int roll = rng.bounded(20);
                if (roll == 0)
                    v *= 40;
                else if (roll == 1)
                    v /= 40;
                else if (roll == 2)
                    v = 0;
                UnixSeconds ts = kT0 + step * rng.bounded(0, n + 5);
                batch.push_back(price("akash", "gpu_hourly_usd", ts, v, dims));
            }
            for (int i = 0; i < rng.bounded(0, 30); ++i)
                stored[SeriesKey{"akash", "gpu_hourly_usd", "yahoo", dims}].emplace_back(
                    kT0 + step * rng.bounded(-20, n + 20), 10 + rng.bounded(5.0));
        }
        const OutlierRule rule;
        const auto fast = findSuspects(batch, stored, rule);
        const auto naive = naiveSuspects(batch, stored, rule);
        QCOMPARE(fast.size(), naive.size());
        for (std::size_t i = 0; i < fast.size(); ++i) {
            QCOMPARE(fast[i].index, naive[i].first);
            QCOMPARE(fast[i].median, naive[i].second);
        }
    }
}

namespace {

// What Coin Metrics says of a coin on 2025-01-27, as the guard sees a stored series.
OtherSeries coinMetrics(const std::string &asset, UnixSeconds ts, double usd)
{
    return {{"", "market_cap_usd", "coinmetrics", {{"asset", asset}}}, {{ts - kDay, usd * 1.02}, {ts, usd}}};
}

GuardedValue incoming(std::size_t index, const std::string &entity, UnixSeconds ts, double value,
                      const std::vector<OtherSeries> &others)
{
    GuardedValue v{index, entity, "market_cap_usd", ts, value, {}};
    addReferences(v, others);
    return v;
}

} // namespace

// A /coins/markets payload quoted in ETH with no `ethereum` item: every value sits ~3,180x below
// what Coin Metrics holds for the same coins that day. The payload is refused, naming the factor
// and the likely quote; a file gets advice about the file, not about vs_currency.
void tst_Outliers::otherSourcesBetrayAnEthQuote()
{
    const UnixSeconds d = parseTimestamp("2025-01-27").value.value();
    const std::vector<std::pair<std::string, double>> caps{
        {"bittensor", 3.50e9}, {"near", 5.43e9}, {"render", 3.2e9}, {"fetch-ai", 2.9e9}, {"filecoin", 2.8e9}};
    std::vector<GuardedValue> values;
    for (const auto &[entity, usd] : caps)
        values.push_back(incoming(values.size(), entity, d, usd / 3180.0, {coinMetrics(entity, d, usd)}));
    const CrossSourceVerdict verdict = judgeAcrossSources(values, GuardSubject::Payload);
    QVERIFY(verdict.refusal);
    QVERIFY2(
        verdict.refusal->find("all 5 values are about 3,180x below the figures stored for the same coins "
                              "(other sources, other captures) on 2025-01-27: is this payload quoted in "
                              "ETH?") == 0,
        verdict.refusal->c_str());
    QVERIFY(verdict.refusal->find("vs_currency=usd") != std::string::npos);
    QCOMPARE(verdict.off.size(), std::size_t(5));
    QVERIFY2(verdict.off[0].description.find("bittensor/market_cap_usd 2025-01-27: ") == 0,
             verdict.off[0].description.c_str());

    const CrossSourceVerdict file = judgeAcrossSources(values, GuardSubject::File);
    QVERIFY(file.refusal);
    QVERIFY2(file.refusal->find("is this file quoted in ETH?") != std::string::npos, file.refusal->c_str());
    QVERIFY2(file.refusal->find("vs_currency") == std::string::npos, file.refusal->c_str());
    QVERIFY(file.refusal->find("check the file's currency") != std::string::npos);

    // BTC-quoted: ~100,000x below.
    for (std::size_t i = 0; i < values.size(); ++i)
        values[i].value = caps[i].second / 101000.0;
    QVERIFY(judgeAcrossSources(values, GuardSubject::Payload).refusal->find("quoted in BTC?") !=
            std::string::npos);
    // Two values suffice when they are most of what could be compared (a two-coin payload).
    std::vector<GuardedValue> two(values.begin(), values.begin() + 2);
    QVERIFY(judgeAcrossSources(two, GuardSubject::Payload).refusal);
}

// One value far off the other sources is held as a suspect, not a currency: the payload stands.
void tst_Outliers::oneValueOffOtherSourcesIsASuspect()
{
    const UnixSeconds d = parseTimestamp("2025-01-27").value.value();
    std::vector<GuardedValue> values{
        incoming(0, "bittensor", d, 3.49e9, {coinMetrics("tao", d, 3.50e9)}),
        incoming(1, "near", d, 5.43e9 / 3180.0, {coinMetrics("near", d, 5.43e9)}),
        incoming(2, "render", d, 3.3e9, {coinMetrics("render", d, 3.2e9)}),
        incoming(3, "goat", d, 4e8, {}), // nothing to compare with: not judged
    };
    const CrossSourceVerdict verdict = judgeAcrossSources(values, GuardSubject::Payload);
    QVERIFY(!verdict.refusal);
    QCOMPARE(verdict.off.size(), std::size_t(1));
    QCOMPARE(verdict.off[0].index, std::size_t(1));
    QVERIFY2(verdict.off[0].description.find("3,180x below the figures stored near it") != std::string::npos,
             verdict.off[0].description.c_str());
    QVERIFY(verdict.off[0].description.find("coinmetrics asset=near") != std::string::npos);
}

// The rule's edges: a factor of 10 is not off, just over it is; a reference more than two days away
// is no reference; two off values among five compared are not "most"; off on opposite sides share
// no factor.
void tst_Outliers::guardBoundaries()
{
    const UnixSeconds d = parseTimestamp("2025-01-27").value.value();
    const OtherSeries ref = coinMetrics("x", d, 1000.0);
    QVERIFY(judgeAcrossSources({incoming(0, "a", d, 100.0, {ref})}, GuardSubject::Payload).off.empty());
    QCOMPARE(judgeAcrossSources({incoming(0, "a", d, 99.0, {ref})}, GuardSubject::Payload).off.size(),
             std::size_t(1));
    QCOMPARE(judgeAcrossSources({incoming(0, "a", d, 10001.0, {ref})}, GuardSubject::Payload).off.size(),
             std::size_t(1));
    // The near window: the reference's nearest point is at d; two days later it judges by 10x, a
    // second more only by the far factor (100x), and past 45 days not at all.
    const auto offAt = [&](UnixSeconds ts, double v) {
        return judgeAcrossSources({incoming(0, "a", ts, v, {ref})}, GuardSubject::Payload).off.size();
    };
    QCOMPARE(offAt(d + 2 * kDay, 50.0), std::size_t(1));
    QCOMPARE(offAt(d + 2 * kDay + 1, 50.0), std::size_t(0));
    QCOMPARE(offAt(d + 2 * kDay + 1, 9.99), std::size_t(1));
    const auto far = judgeAcrossSources({incoming(0, "a", d + 20 * kDay, 9.0, {ref})}, GuardSubject::Payload);
    QVERIFY2(far.off.at(0).description.find("the nearest figures stored, weeks away") != std::string::npos,
             far.off.at(0).description.c_str());
    QCOMPARE(offAt(d - 3 * kDay, 50.0), std::size_t(1)); // d - 1 day is 2 days away
    QCOMPARE(offAt(d - 3 * kDay - 1, 50.0), std::size_t(0));
    QCOMPARE(incoming(0, "a", d + 45 * kDay, 1.0, {ref}).references.size(), std::size_t(1));
    QCOMPARE(incoming(0, "a", d + 45 * kDay + 1, 1.0, {ref}).references.size(), std::size_t(0));
    // The value's own series: its point at the value's moment (the one it replaces) is no reference.
    const SeriesKey own{"", "market_cap_usd", "coinmetrics", {{"asset", "x"}}};
    GuardedValue replacing{0, "a", "market_cap_usd", d, 1000.0, {}};
    addReferences(replacing, {ref}, &own);
    QCOMPARE(replacing.references.size(), std::size_t(1));
    QCOMPARE(replacing.references[0].ts, d - kDay);

    std::vector<GuardedValue> five;
    for (std::size_t i = 0; i < 5; ++i)
        five.push_back(incoming(i, "e" + std::to_string(i), d, i < 2 ? 1000.0 / 3180 : 1000.0, {ref}));
    const CrossSourceVerdict notMost = judgeAcrossSources(five, GuardSubject::Payload);
    QVERIFY(!notMost.refusal);
    QCOMPARE(notMost.off.size(), std::size_t(2)); // each held
    five[2].value = 1000.0 / 3000;                // three of five: most
    QVERIFY(judgeAcrossSources(five, GuardSubject::Payload).refusal);

    std::vector<GuardedValue> opposite{incoming(0, "a", d, 1000.0 / 3180, {ref}),
                                       incoming(1, "b", d, 1000.0 * 3180, {ref})};
    const CrossSourceVerdict sides = judgeAcrossSources(opposite, GuardSubject::Payload);
    QVERIFY(!sides.refusal);
    QCOMPARE(sides.off.size(), std::size_t(2));
    QCOMPARE(likelyQuote(3180, true), std::string("ETH"));
    QCOMPARE(likelyQuote(3180, false), std::string());
    QCOMPARE(formatGrouped(1234567.4), std::string("1,234,567"));
}

QTEST_GUILESS_MAIN(tst_Outliers)
#include "tst_outliers.moc"
