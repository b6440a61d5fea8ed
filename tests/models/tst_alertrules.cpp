// SPDX-License-Identifier: GPL-3.0-or-later
// Watch rules below the CLI: judging readings (crossings, changes, ratios), the rules' shape, the
// cache's rules and firings (once per crossing, read-only refused), and each kind of rule checked
// and evaluated against a cache built here with known figures.
#include "datasources/cache/cache.h"
#include "datasources/cache/cachelocation.h"
#include "datasources/taxonomy/taxonomyloader.h"
#include "models/alerts/alertcheck.h"
#include "support/warnings.h"

#include <QTemporaryDir>

#include <QTest>
#include <sqlite3.h>

#include <cmath>
#include <ctime>

using namespace stackatlas;

namespace {

constexpr UnixSeconds kDay = 86400;
constexpr UnixSeconds kT0 = 1'750'000'000; // 2025-06-15

std::vector<AlertSample> samples(std::initializer_list<double> values, UnixSeconds step = kDay)
{
    std::vector<AlertSample> out;
    UnixSeconds t = kT0;
    for (double v : values) {
        out.push_back({t, v, "test", {}});
        t += step;
    }
    return out;
}

Observation obs(const std::string &entity, const std::string &metric, UnixSeconds ts, double value,
                const std::string &source = "test", Dimensions dims = {}, const std::string &unit = "USD")
{
    Observation o;
    o.key = {entity, metric, source, std::move(dims)};
    o.unit = unit;
    o.ts = ts;
    o.value = value;
    o.provenance = {source, "https://example.invalid/" + metric, kT0, ts};
    return o;
}

AlertRule ruleOf(AlertKind kind, const std::string &name, const std::string &target)
{
    AlertRule r;
    r.kind = kind;
    r.name = name;
    r.target = target;
    return r;
}

} // namespace

class tst_AlertRules : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void crossingIsTheStartOfTheLastRun();
    void changeComparesWithTheReadingAWindowEarlier();
    void ratioPairsOnlyTheSameMoment();
    void shapeProblemsAreNamed_data();
    void shapeProblemsAreNamed();
    void rulesAndFiringsInTheCache();
    void snapshotRulesAreReadOnly();
    void rulesCheckedAgainstTheData();
    void eachKindEvaluated();
    void storedRuleEditedByHandIsNotJudged();
    void classMedianIsTheMedianOfItsProviders();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Cache> seeded()
    {
        auto c = openUserCache(m_dir->filePath(QStringLiteral("cache.sqlite")));
        if (!c.isOk())
            qFatal("%s", c.status().message().c_str());
        return std::move(c).value();
    }
};

void tst_AlertRules::init()
{
    test::failOnUnexpectedWarnings();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_AlertRules::crossingIsTheStartOfTheLastRun()
{
    // below 1: met on days 1-2, cleared on day 3, met again from day 4 to the newest.
    const auto s = samples({1.2, 0.9, 0.8, 1.1, 0.95, 0.7, 0.9});
    AlertOutcome o = judgeSamples(s, AlertComparison::Below, 1.0);
    QCOMPARE(int(o.state), int(AlertOutcome::State::Firing));
    QCOMPARE(o.crossing.ts, kT0 + 4 * kDay);
    QCOMPARE(o.crossing.value, 0.95);
    QCOMPARE(o.latest.value, 0.9);
    QCOMPARE(o.crossings, 2);
    QCOMPARE(*o.firstCrossed, kT0 + kDay);
    // The newest reading does not meet it: clear, whatever came before.
    o = judgeSamples(samples({0.5, 0.5, 1.5}), AlertComparison::Below, 1.0);
    QCOMPARE(int(o.state), int(AlertOutcome::State::Clear));
    // Equal is not beyond: "above 2" needs more than 2.
    QCOMPARE(int(judgeSamples(samples({2.0}), AlertComparison::Above, 2.0).state),
             int(AlertOutcome::State::Clear));
    // A series that meets it from its first reading crossed at its first reading.
    o = judgeSamples(samples({3, 4, 5}), AlertComparison::Above, 2.0);
    QCOMPARE(o.crossing.ts, kT0);
    QCOMPARE(o.crossings, 1);
    QCOMPARE(int(judgeSamples({}, AlertComparison::Above, 2.0).state),
             int(AlertOutcome::State::CannotEvaluate));
}

void tst_AlertRules::changeComparesWithTheReadingAWindowEarlier()
{
    // Readings every day; a 2-day window compares each with the one two days before.
    const auto c = changeSamples(samples({100, 110, 50, 55, 60}), 2);
    QCOMPARE(c.size(), std::size_t(3));
    QCOMPARE(c[0].ts, kT0 + 2 * kDay);
    QCOMPARE(c[0].value, -50.0);
    QVERIFY(std::fabs(c[1].value - (55.0 - 110) / 110 * 100) < 1e-9);
    QCOMPARE(c[2].value, 20.0);
    // With a gap, the base is the newest reading at least the window older (not a later one).
    std::vector<AlertSample> gap{
        {kT0, 10, "s", {}}, {kT0 + 5 * kDay, 20, "s", {}}, {kT0 + 6 * kDay, 30, "s", {}}};
    const auto g = changeSamples(gap, 3);
    QCOMPARE(g.size(), std::size_t(2));
    QCOMPARE(g[1].value, 200.0); // 30 against 10 (day 0), not against 20 (day 5, only 1 day older)
    QVERIFY(changeSamples(samples({1, 2}), 5).empty());
    QCOMPARE(changeSamples(samples({0, 2, 5}), 1).size(), std::size_t(1)); // a base of 0 gives none
}

void tst_AlertRules::ratioPairsOnlyTheSameMoment()
{
    std::vector<AlertSample> fdv{{kT0, 30, "cg", {}}, {kT0 + 10, 40, "cg", {}}, {kT0 + kDay, 50, "cg", {}}};
    std::vector<AlertSample> mc{
        {kT0, 10, "cg", {}}, {kT0 + kDay, 0, "cg", {}}, {kT0 + 2 * kDay, 10, "cg", {}}};
    const auto r = ratioSamples(fdv, mc);
    QCOMPARE(r.size(), std::size_t(1)); // kT0+10 has no partner; a 0 denominator is left out
    QCOMPARE(r[0].value, 3.0);
    QCOMPARE(r[0].ts, kT0);
}

void tst_AlertRules::shapeProblemsAreNamed_data()
{
    QTest::addColumn<int>("field");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no name") << 0 << "needs a name";
    QTest::newRow("control character") << 1 << "control character";
    QTest::newRow("window of 0 days") << 2 << "window of 0 days";
    QTest::newRow("change of 0") << 3 << "--change-pct 0";
    QTest::newRow("NaN threshold") << 4 << "finite";
    QTest::newRow("stale 0 hours") << 5 << "window of 0 hours";
    QTest::newRow("ratio of itself") << 6 << "two different metrics";
}

void tst_AlertRules::shapeProblemsAreNamed()
{
    QFETCH(int, field);
    QFETCH(QString, expected);
    AlertRule r = ruleOf(AlertKind::Change, "x", "render");
    r.metric = "price_usd";
    r.days = 7;
    r.threshold = 10;
    QVERIFY(alertRuleShapeProblem(r).empty());
    switch (field) {
    case 0:
        r.name = " ";
        break;
    case 1:
        r.name = "a\x1b[31m";
        break;
    case 2:
        r.days = 0;
        break;
    case 3:
        r.threshold = 0;
        break;
    case 4:
        r.threshold = std::nan("");
        break;
    case 5:
        r = ruleOf(AlertKind::Stale, "x", "coingecko");
        break;
    case 6:
        r = ruleOf(AlertKind::Ratio, "x", "render");
        r.metric = r.metric2 = "fdv_usd";
        break;
    }
    const std::string problem = alertRuleShapeProblem(r);
    QVERIFY2(QString::fromStdString(problem).contains(expected), problem.c_str());
}

void tst_AlertRules::rulesAndFiringsInTheCache()
{
    auto cache = seeded();
    AlertRule r = ruleOf(AlertKind::Metric, "render-cap", "render");
    r.metric = "market_cap_usd";
    r.dims = {{"k", "a;b=c"}};
    r.threshold = 1e9;
    r.comparison = AlertComparison::Above;
    r.severity = AlertSeverity::Critical;
    r.note = "ünïcode note";
    QVERIFY(cache->addAlertRule(r).isOk());
    auto dup = cache->addAlertRule(r);
    QCOMPARE(int(dup.status().code()), int(StatusCode::Conflict));
    auto rules = cache->alertRules().value();
    QCOMPARE(rules.size(), std::size_t(1));
    r.id = rules[0].id;
    r.createdAt = rules[0].createdAt;
    QVERIFY(rules[0] == r); // every field back as it went in, the dimension's ';' and '=' too

    AlertRule renamed = r;
    renamed.name = "render-cap-2";
    renamed.enabled = false;
    QVERIFY(cache->updateAlertRule("render-cap", renamed).isOk());
    QCOMPARE(int(cache->updateAlertRule("render-cap", renamed).code()), int(StatusCode::NotFound));
    QCOMPARE(cache->alertRules().value()[0].name, std::string("render-cap-2"));

    AlertFiring f;
    f.ruleName = "render-cap-2";
    f.ruleText = describeAlertRule(renamed);
    f.crossedAt = kT0;
    f.value = 2e9;
    f.latestAt = kT0;
    auto first = cache->recordAlertFirings({f, f});
    QCOMPARE(first.value().size(), std::size_t(1)); // the same crossing twice in one batch: once
    QVERIFY(cache->recordAlertFirings({f}).value().empty());
    AlertFiring later = f;
    later.crossedAt = kT0 + kDay; // it cleared and crossed again
    QCOMPARE(cache->recordAlertFirings({later}).value().size(), std::size_t(1));
    AlertFiring edited = f;
    edited.ruleText = "market_cap_usd of render above 2000000000"; // the rule as it is now differs
    QCOMPARE(cache->recordAlertFirings({edited}).value().size(), std::size_t(1));
    const auto firings = cache->alertFirings().value();
    QCOMPARE(firings.size(), std::size_t(3));
    QCOMPARE(firings[0].crossedAt, kT0 + kDay); // newest first
    // Removing a rule keeps what it found.
    QVERIFY(cache->removeAlertRule("render-cap-2").isOk());
    QCOMPARE(int(cache->removeAlertRule("render-cap-2").code()), int(StatusCode::NotFound));
    QCOMPARE(cache->alertFirings().value().size(), std::size_t(3));
}

void tst_AlertRules::snapshotRulesAreReadOnly()
{
    {
        auto cache = seeded();
        AlertRule r = ruleOf(AlertKind::Stale, "cg-stale", "coingecko");
        r.hours = 48;
        QVERIFY(cache->addAlertRule(r).isOk());
    }
    auto ro =
        Cache::open(m_dir->filePath(QStringLiteral("cache.sqlite")).toStdString(), Cache::Mode::ReadOnly);
    QVERIFY(ro.isOk());
    Cache &cache = *ro.value();
    QCOMPARE(cache.alertRules().value().size(), std::size_t(1));
    AlertRule r = cache.alertRules().value()[0];
    QCOMPARE(int(cache.addAlertRule(r).status().code()), int(StatusCode::Refused));
    QCOMPARE(int(cache.removeAlertRule("cg-stale").code()), int(StatusCode::Refused));
    QCOMPARE(int(cache.recordAlertFirings({AlertFiring{}}).status().code()), int(StatusCode::Refused));
    // Judged all the same; nothing recorded.
    auto round = runAlertRound(cache, cache.taxonomy().value(), true);
    QVERIFY(round.isOk());
    QCOMPARE(round.value().checks.size(), std::size_t(1));
    QVERIFY(round.value().newFirings.empty());
}

void tst_AlertRules::rulesCheckedAgainstTheData()
{
    auto cache = seeded();
    QVERIFY(cache
                ->write({obs("render", "gpu_hourly_usd", kT0, 2.0, "test", {{"gpu", "h100-80gb"}},
                             "USD/GPU-hour")})
                .isOk());
    const Taxonomy taxonomy = cache->taxonomy().value();
    const auto refusal = [&](AlertRule r) {
        r.threshold = r.threshold == 0 ? 1 : r.threshold;
        auto checked = checkedAlertRule(*cache, taxonomy, r);
        return checked.isOk() ? QString() : QString::fromStdString(checked.status().message());
    };
    AlertRule metric = ruleOf(AlertKind::Metric, "m", "RNDR"); // a spelling of render
    metric.metric = "gpu_hourly_usd";
    metric.dims = {{"gpu", "H100_SXM"}};
    auto checked = checkedAlertRule(*cache, taxonomy, metric);
    QVERIFY2(checked.isOk(), checked.status().message().c_str());
    QCOMPARE(checked.value().target, std::string("render"));
    QCOMPARE(checked.value().dims.at("gpu"), std::string("h100-80gb"));

    AlertRule unknownEntity = metric;
    unknownEntity.target = "no-such-protocol";
    QVERIFY(refusal(unknownEntity).contains(QLatin1String("unknown entity")));
    AlertRule unknownMetric = metric;
    unknownMetric.metric = "tvl_in_bananas";
    QVERIFY(refusal(unknownMetric).contains(QLatin1String("unknown metric")));
    AlertRule unknownDim = metric;
    unknownDim.dims = {{"gpu", "a100-80gb"}};
    QVERIFY(refusal(unknownDim).contains(QLatin1String("unknown dimension")));
    AlertRule gpu = ruleOf(AlertKind::Index, "i", "no-such-gpu");
    QVERIFY(!refusal(gpu).isEmpty());
    gpu.target = "H100 SXM5 80GB";
    QCOMPARE(checkedAlertRule(*cache, taxonomy, gpu).value().target, std::string("h100-80gb"));
    AlertRule source = ruleOf(AlertKind::Stale, "s", "no-such-source");
    source.hours = 4;
    QVERIFY(refusal(source).contains(QLatin1String("unknown source")));
    source.target = "defillama"; // a source StackAtlas fetches, with no data here yet: accepted
    QVERIFY(refusal(source).isEmpty());
}

void tst_AlertRules::eachKindEvaluated()
{
    auto cache = seeded();
    const auto now = UnixSeconds(std::time(nullptr));
    const UnixSeconds start = now - 40 * kDay;
    std::vector<Observation> rows;
    for (int d = 0; d < 30; ++d) // render's price rises 1 % a day; its FDV is 3x its market cap
        rows.push_back(obs("render", "price_usd", start + d * kDay, 5.0 * std::pow(1.01, d)));
    rows.push_back(obs("render", "fdv_usd", start, 3e9));
    rows.push_back(obs("render", "market_cap_usd", start, 1e9));
    rows.push_back(obs("render", "market_cap_usd", start + kDay, 1.1e9)); // no FDV at this moment
    QVERIFY(cache->write(rows).isOk());
    const Taxonomy taxonomy = cache->taxonomy().value();

    AlertRule change = ruleOf(AlertKind::Change, "rise", "render");
    change.metric = "price_usd";
    change.days = 10;
    change.threshold = 10; // 1.01^10 - 1 = 10.46 %
    AlertCheck c = evaluateAlertRule(*cache, taxonomy, change, now);
    QCOMPARE(int(c.outcome.state), int(AlertOutcome::State::Firing));
    QCOMPARE(c.outcome.crossing.ts, start + 10 * kDay); // the first day with a 10-day-old base
    QVERIFY(std::fabs(c.outcome.crossing.value - (std::pow(1.01, 10) - 1) * 100) < 1e-9);
    change.threshold = 11;
    QCOMPARE(int(evaluateAlertRule(*cache, taxonomy, change, now).outcome.state),
             int(AlertOutcome::State::Clear));
    change.days = 60; // no reading that far back: said, not silent
    c = evaluateAlertRule(*cache, taxonomy, change, now);
    QCOMPARE(int(c.outcome.state), int(AlertOutcome::State::CannotEvaluate));
    QVERIFY(c.outcome.reason.find("60 days before") != std::string::npos);

    AlertRule ratio = ruleOf(AlertKind::Ratio, "overhang", "render");
    ratio.metric = "fdv_usd";
    ratio.metric2 = "market_cap_usd";
    ratio.comparison = AlertComparison::Above;
    ratio.threshold = 2;
    c = evaluateAlertRule(*cache, taxonomy, ratio, now);
    QCOMPARE(int(c.outcome.state), int(AlertOutcome::State::Firing));
    QCOMPARE(c.outcome.crossing.value, 3.0);
    QCOMPARE(c.outcome.crossing.ts, start);
    QCOMPARE(c.outcome.latest.ts, start); // the later market cap has no FDV beside it

    AlertRule stale = ruleOf(AlertKind::Stale, "test-stale", "test");
    stale.hours = 24 * 5;
    c = evaluateAlertRule(*cache, taxonomy, stale, now);
    QCOMPARE(int(c.outcome.state), int(AlertOutcome::State::Firing)); // newest as-of: 11 days ago
    QCOMPARE(c.outcome.crossing.ts, start + 29 * kDay + 5 * 24 * 3600);
    stale.hours = 24 * 12;
    QCOMPARE(int(evaluateAlertRule(*cache, taxonomy, stale, now).outcome.state),
             int(AlertOutcome::State::Clear));

    AlertRule metric = ruleOf(AlertKind::Metric, "no-data", "akash");
    metric.metric = "market_cap_usd";
    metric.threshold = 1;
    c = evaluateAlertRule(*cache, taxonomy, metric, now);
    QCOMPARE(int(c.outcome.state), int(AlertOutcome::State::CannotEvaluate));
    QVERIFY(c.outcome.reason.find("no market_cap_usd reading of akash") != std::string::npos);

    // Recorded once per crossing across rounds; a disabled rule is not judged.
    QVERIFY(cache->addAlertRule(ratio).isOk());
    stale.hours = 24 * 5;
    stale.enabled = false;
    QVERIFY(cache->addAlertRule(stale).isOk());
    auto round = runAlertRound(*cache, taxonomy, true);
    QCOMPARE(round.value().checks.size(), std::size_t(1));
    QCOMPARE(round.value().newFirings.size(), std::size_t(1));
    QCOMPARE(round.value().newFirings[0].ruleText, std::string("fdv_usd / market_cap_usd of render above 2"));
    QVERIFY(runAlertRound(*cache, taxonomy, true).value().newFirings.empty());
    QCOMPARE(cache->alertFirings().value().size(), std::size_t(1));
}

void tst_AlertRules::storedRuleEditedByHandIsNotJudged()
{
    const QString file = m_dir->filePath(QStringLiteral("cache.sqlite"));
    {
        auto cache = seeded();
        AlertRule r = ruleOf(AlertKind::Change, "rise", "render");
        r.metric = "price_usd";
        r.days = 7;
        r.threshold = 10;
        QVERIFY(cache->addAlertRule(r).isOk());
    }
    // What a hand edit or a hostile snapshot can hold: a window of 0 days and a 1 MB metric.
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(file.toUtf8().constData(), &db), SQLITE_OK);
    QCOMPARE(sqlite3_exec(db, "UPDATE alert_rules SET days = 0", nullptr, nullptr, nullptr), SQLITE_OK);
    QCOMPARE(
        sqlite3_exec(db,
                     "INSERT INTO alert_rules(name, kind, target, metric, comparison, threshold, severity, "
                     "created_at) VALUES ('big', 'metric', 'render', hex(zeroblob(500000)), 'below', 1, "
                     "'info', 0)",
                     nullptr, nullptr, nullptr),
        SQLITE_OK);
    sqlite3_close(db);
    auto cache = seeded();
    auto round = runAlertRound(*cache, cache->taxonomy().value(), true);
    QVERIFY(round.isOk());
    QCOMPARE(round.value().checks.size(), std::size_t(2));
    for (const AlertCheck &c : round.value().checks) {
        QCOMPARE(int(c.outcome.state), int(AlertOutcome::State::CannotEvaluate));
        QVERIFY2(c.outcome.reason.find("the stored rule is not valid") == 0, c.outcome.reason.c_str());
    }
}

void tst_AlertRules::classMedianIsTheMedianOfItsProviders()
{
    auto cache = seeded();
    const Dimensions h100{{"gpu", "h100-80gb"}, {"rental", "on_demand"}};
    const auto price = [&](const char *entity, int day, double usd, const char *source = "tracker") {
        return obs(entity, "gpu_hourly_usd", kT0 + day * kDay, usd, source, h100, "USD/GPU-hour");
    };
    // Hyperscalers: day 0 aws 10, gcp 8, azure 6 (median 8); day 1 aws 4 (two series: 4 and 5, its
    // own median 4.5), gcp 4, azure 9 (median 4.5); a neocloud's price never counts.
    QVERIFY(cache
                ->write({price("aws", 0, 10), price("gcp", 0, 8), price("azure", 0, 6), price("aws", 1, 4),
                         price("aws", 1, 5, "list"), price("gcp", 1, 4), price("azure", 1, 9),
                         price("lambda", 0, 1), price("lambda", 1, 1)})
                .isOk());
    const Taxonomy taxonomy = cache->taxonomy().value();
    AlertRule r = ruleOf(AlertKind::ClassMedian, "hyper", "hyperscaler");
    r.dims = {{"gpu", "H100_SXM"}};
    r.threshold = 5;
    auto checked = checkedAlertRule(*cache, taxonomy, r);
    QVERIFY2(checked.isOk(), checked.status().message().c_str());
    QCOMPARE(checked.value().dims.at("gpu"), std::string("h100-80gb"));
    AlertCheck c = evaluateAlertRule(*cache, taxonomy, checked.value(), kT0);
    QCOMPARE(int(c.outcome.state), int(AlertOutcome::State::Firing));
    QCOMPARE(c.outcome.crossing.ts, kT0 - kT0 % kDay + kDay);
    QCOMPARE(c.outcome.crossing.value, 4.5);
    QCOMPARE(c.outcome.crossing.detail, std::string("3 providers counted: aws, azure, gcp"));
    QCOMPARE(c.outcome.crossing.source, std::string("list, tracker"));
    QCOMPARE(c.unit, std::string("USD/GPU-hour"));
    QCOMPARE(firingOf(c, 0).target, std::string("h100-80gb")); // a firing opens the GPU's chart
    r.target = "landlords";
    QVERIFY(QString::fromStdString(checkedAlertRule(*cache, taxonomy, r).status().message())
                .contains(QLatin1String("unknown provider class \"landlords\"")));
    r.target = "marketplace"; // a class with no price for this GPU: said
    c = evaluateAlertRule(*cache, taxonomy, checkedAlertRule(*cache, taxonomy, r).value(), kT0);
    QCOMPARE(int(c.outcome.state), int(AlertOutcome::State::CannotEvaluate));
    QCOMPARE(c.outcome.reason,
             std::string("no marketplace provider prices h100-80gb (4 providers of any class do)"));
}

QTEST_GUILESS_MAIN(tst_AlertRules)
#include "tst_alertrules.moc"
