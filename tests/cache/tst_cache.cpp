// SPDX-License-Identifier: GPL-3.0-or-later
// The SQLite cache: upserts with provenance, atomic batches, queries, taxonomy storage, runs and
// sources, read-only use. Schema, migrations and refusals are in tst_cacheschema.
#include "datasources/cache/cache.h"
#include "datasources/cache/cachelocation.h"
#include "datasources/importers/csvimporter.h"
#include "datasources/taxonomy/taxonomyloader.h"
#include "support/filehash.h"
#include "support/warnings.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <limits>

using namespace stackatlas;

namespace {

Observation obs(const std::string &entity, const std::string &metric, const std::string &unit, UnixSeconds ts,
                double value, const std::string &source = "test", Dimensions dims = {})
{
    Observation o;
    o.key = {entity, metric, source, std::move(dims)};
    o.unit = unit;
    o.ts = ts;
    o.value = value;
    o.provenance = {source, "https://example.invalid/" + metric, 1000, ts};
    return o;
}

} // namespace

class tst_Cache : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void valuesAtADateKeepTheirWindow();
    void seedsTaxonomyOnce();
    void upsertReplacesValueAndProvenance();
    void badBatchLeavesNothing_data();
    void badBatchLeavesNothing();
    void writeScopeIsOneTransaction();
    void unitConflictRefused();
    void queryFiltersByDimsAndRange();
    void dimensionsEscaped();
    void latestValuesPickNewest();
    void taxonomyRoundTrip();
    void replaceTaxonomyKeepsUserEdges();
    void sourcesAndRuns();
    void csvImportReportsBadRows();
    void readOnlyRefusesWrites();
    void userEventsEditable();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString path(const char *name) const { return m_dir->filePath(QString::fromLatin1(name)); }
    std::unique_ptr<Cache> seeded(const char *name = "cache.sqlite")
    {
        auto c = openUserCache(path(name));
        if (!c.isOk())
            qFatal("%s", c.status().message().c_str());
        return std::move(c).value();
    }
};

void tst_Cache::init()
{
    stackatlas::test::failOnUnexpectedWarnings();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_Cache::valuesAtADateKeepTheirWindow()
{
    auto c = Cache::open(path("asof.sqlite").toStdString());
    QVERIFY(c.isOk());
    Cache &cache = *c.value();
    QVERIFY(cache.replaceTaxonomy(embeddedTaxonomy().value()).isOk());
    constexpr UnixSeconds day = 86400, t0 = 1'750'000'000;
    // render is fresh at the newest data; akash's market cap is 10 days older: stale (3-day window).
    QVERIFY(cache
                .write({obs("render", "market_cap_usd", "USD", t0, 2e9),
                        obs("akash", "market_cap_usd", "USD", t0 - 10 * day, 5e8),
                        obs("akash", "market_cap_usd", "USD", t0 - 30 * day, 4e8),
                        obs("render", "market_cap_usd", "USD", t0 + day, 2.1e9)})
                .isOk());
    QCOMPARE(cache.newestDataTime().value(), t0 + day);
    auto latest = cache.latestValues({"market_cap_usd"});
    QCOMPARE(latest.value().size(), std::size_t(1)); // akash unknown, never its older value
    QCOMPARE(latest.value()[0].value, 2.1e9);
    AsOf stale;
    stale.includeStale = true;
    latest = cache.latestValues({"market_cap_usd"}, stale);
    QCOMPARE(latest.value().size(), std::size_t(2));
    QVERIFY(latest.value()[0].entityId == "akash" && latest.value()[0].stale &&
            latest.value()[0].value == 5e8);
    // At an earlier date: the newest value at or before it, within the window.
    AsOf then;
    then.at = t0 - 9 * day;
    latest = cache.latestValues({"market_cap_usd"}, then);
    QCOMPARE(latest.value().size(), std::size_t(1));
    QCOMPARE(latest.value()[0].value, 5e8);
    QVERIFY(!latest.value()[0].stale);
    then.windows.daily = 0; // a setting: no window at all leaves it unknown
    QVERIFY(cache.latestValues({"market_cap_usd"}, then).value().empty());
}

void tst_Cache::seedsTaxonomyOnce()
{
    {
        auto c = seeded();
        QVERIFY(c->hasTaxonomy());
        QCOMPARE(c->taxonomy().value().protocols().size(), std::size_t(21));
        QVERIFY(c->metadata("taxonomy_origin")->find("embedded") == 0);
        QVERIFY(c->setMetadata("taxonomy_origin", "marker").isOk());
    }
    auto again = seeded();
    QCOMPARE(*again->metadata("taxonomy_origin"), std::string("marker")); // not re-seeded
}

void tst_Cache::upsertReplacesValueAndProvenance()
{
    auto c = seeded();
    QVERIFY(
        c->write({obs("render", "price_usd", "USD", 100, 4.0), obs("render", "price_usd", "USD", 200, 5.0)})
            .isOk());
    Observation newer = obs("render", "price_usd", "USD", 200, 5.5);
    newer.provenance.endpoint = "second-fetch";
    newer.provenance.fetchedAt = 2000;
    auto w = c->write({newer});
    QVERIFY(w.isOk());
    QCOMPARE(w.value().series, 0LL);
    auto q = c->query({"render", "price_usd", {}, {}, {}});
    QVERIFY(q.isOk());
    QCOMPARE(q.value().size(), std::size_t(1));
    const SeriesData &read = q.value().front();
    const auto &points = read.points;
    QCOMPARE(points.size(), std::size_t(2));
    QCOMPARE(points[0].value, 4.0);
    QCOMPARE(points[1].value, 5.5);
    QCOMPARE(read.provenanceOf(points[1]).endpoint, std::string("second-fetch"));
    QCOMPARE(read.provenanceOf(points[1]).fetchedAt, UnixSeconds(2000));
    QCOMPARE(read.provenanceOf(points[0]).endpoint, std::string("https://example.invalid/price_usd"));
    // each distinct provenance is read once
    QCOMPARE(read.provenances.size(), std::size_t(2));
}

void tst_Cache::badBatchLeavesNothing_data()
{
    QTest::addColumn<int>("fault");
    QTest::newRow("unknown-entity") << 0;
    QTest::newRow("nan-value") << 1;
    QTest::newRow("infinite-value") << 2;
    QTest::newRow("wrong-unit-for-metric") << 3;
    QTest::newRow("unknown-sector") << 4;
}

void tst_Cache::badBatchLeavesNothing()
{
    QFETCH(int, fault);
    auto c = seeded();
    std::vector<Observation> batch;
    for (int i = 0; i < 50; ++i)
        batch.push_back(obs("akash", "price_usd", "USD", 1000 + i, 1.0 + i));
    Observation bad = obs("akash", "price_usd", "USD", 5000, 1.0);
    switch (fault) {
    case 0:
        bad.key.entityId = "not-in-taxonomy";
        break;
    case 1:
        bad.value = std::numeric_limits<double>::quiet_NaN();
        break;
    case 2:
        bad.value = std::numeric_limits<double>::infinity();
        break;
    case 3:
        bad.unit = "EUR";
        break;
    case 4:
        bad.key.metric = "category_market_cap_usd";
        bad.key.entityId = "akash"; // an entity, not a sector
        break;
    }
    batch.push_back(bad);
    auto w = c->write(batch);
    QVERIFY(!w.isOk());
    QVERIFY(QString::fromStdString(w.status().message()).contains(QStringLiteral("nothing from this batch")));
    QCOMPARE(c->query({"akash", "price_usd", {}, {}, {}}).value().size(), std::size_t(0));
    QVERIFY(c->sources().value().empty());
}

// Writes inside a WriteScope are savepoints: a failed one leaves the others, and nothing of any
// is kept without the scope's commit.
void tst_Cache::writeScopeIsOneTransaction()
{
    auto c = seeded();
    const auto points = [&c] {
        return c->query({"akash", "price_usd", {}, {}, {}}).value();
    };
    const auto piece = [](UnixSeconds from) {
        std::vector<Observation> batch;
        for (int i = 0; i < 10; ++i)
            batch.push_back(obs("akash", "price_usd", "USD", from + i, 1.0 + i));
        return batch;
    };
    {
        auto scope = c->beginWrite();
        QVERIFY(scope.isOk());
        QVERIFY(c->write(piece(1000)).isOk());
        QVERIFY(c->write(piece(2000)).isOk());
        QCOMPARE(points().at(0).points.size(), std::size_t(20)); // seen inside the transaction
    }                                                            // never committed
    QCOMPARE(points().size(), std::size_t(0));
    {
        auto scope = c->beginWrite();
        QVERIFY(scope.isOk());
        QVERIFY(c->write(piece(1000)).isOk());
        std::vector<Observation> bad = piece(3000);
        bad.back().key.entityId = "not-in-taxonomy";
        QVERIFY(!c->write(bad).isOk()); // rolled back to its savepoint alone
        QVERIFY(c->write(piece(2000)).isOk());
        QVERIFY(scope.value()->commit().isOk());
    }
    QCOMPARE(points().at(0).points.size(), std::size_t(20));
    QVERIFY(c->write(piece(4000)).isOk()); // a plain write after the scope is its own transaction again
    QCOMPARE(points().at(0).points.size(), std::size_t(30));
}

void tst_Cache::unitConflictRefused()
{
    auto c = seeded();
    QVERIFY(c->write({obs("aws", "custom_metric", "percent", 1, 1.0)}).isOk());
    auto w = c->write({obs("aws", "custom_metric", "ratio", 2, 0.5)});
    QVERIFY(!w.isOk());
    QCOMPARE(w.status().code(), StatusCode::Conflict);
    QCOMPARE(c->query({"aws", "custom_metric", {}, {}, {}}).value().front().points.size(), std::size_t(1));
}

void tst_Cache::queryFiltersByDimsAndRange()
{
    auto c = seeded();
    std::vector<Observation> batch;
    for (int day = 0; day < 10; ++day) {
        batch.push_back(obs("vast-ai", "gpu_hourly_usd", "USD/GPU-hour", day * 86400, 0.3 + day * 0.01,
                            "vastai", {{"gpu", "rtx-4090"}, {"stat", "median"}}));
        batch.push_back(obs("vast-ai", "gpu_hourly_usd", "USD/GPU-hour", day * 86400, 1.2, "vastai",
                            {{"gpu", "h100-80gb"}, {"stat", "median"}}));
    }
    QVERIFY(c->write(batch).isOk());
    auto all = c->query({"vast-ai", "gpu_hourly_usd", {}, {}, {}});
    QCOMPARE(all.value().size(), std::size_t(2));
    auto one = c->query({"vast-ai", "gpu_hourly_usd", {{"gpu", "rtx-4090"}}, 2 * 86400, 4 * 86400});
    QCOMPARE(one.value().size(), std::size_t(1));
    QCOMPARE(one.value().front().points.size(), std::size_t(3));
    QCOMPARE(one.value().front().points.front().ts, UnixSeconds(2 * 86400));
    QCOMPARE(one.value().front().key.dims.at("stat"), std::string("median"));
    // Without endpoints (what charts ask): the same points, source and as-of, no endpoint text.
    SeriesQuery lean{"vast-ai", "gpu_hourly_usd", {{"gpu", "rtx-4090"}}, 2 * 86400, 4 * 86400};
    lean.withEndpoints = false;
    const auto slim = c->query(lean).value();
    QCOMPARE(slim.front().points.size(), std::size_t(3));
    const auto firstProvenance = [](const SeriesData &s) {
        return s.provenanceOf(s.points.front());
    };
    QVERIFY(!firstProvenance(one.value().front()).endpoint.empty());
    QVERIFY(firstProvenance(slim.front()).endpoint.empty());
    QCOMPARE(firstProvenance(slim.front()).source, firstProvenance(one.value().front()).source);
    QCOMPARE(firstProvenance(slim.front()).asOf, firstProvenance(one.value().front()).asOf);
    QCOMPARE(c->query({"vast-ai", "gpu_hourly_usd", {{"gpu", "b200"}}, {}, {}}).value().size(),
             std::size_t(0));
}

void tst_Cache::dimensionsEscaped()
{
    auto c = seeded();
    const Dimensions odd{{"note", "a=b;c%d"}, {"gpu", "h100-80gb"}};
    QVERIFY(c->write({obs("aws", "gpu_hourly_usd", "USD/GPU-hour", 1, 6.88, "x", odd)}).isOk());
    auto q = c->query({"aws", "gpu_hourly_usd", {{"note", "a=b;c%d"}}, {}, {}});
    QCOMPARE(q.value().size(), std::size_t(1));
    QCOMPARE(q.value().front().key.dims, odd);
    // The SQL filter matches whole pairs: a value that only starts alike, a key that only ends
    // alike, or the text of an escaped value are not matches.
    QVERIFY(c->write({obs("aws", "gpu_hourly_usd", "USD/GPU-hour", 1, 9.0, "x",
                          {{"gpu", "h100-80gb-nvl"}, {"subgpu", "h100-80gb"}})})
                .isOk());
    QCOMPARE(c->query({"aws", "gpu_hourly_usd", {{"gpu", "h100-80gb"}}, {}, {}}).value().size(),
             std::size_t(1));
    QCOMPARE(c->query({"", "gpu_hourly_usd", {{"note", "a"}}, {}, {}}).value().size(), std::size_t(0));
    QCOMPARE(c->query({"", "gpu_hourly_usd", {{"note", "a=b"}}, {}, {}}).value().size(), std::size_t(0));
    QCOMPARE(
        c->query({"", "gpu_hourly_usd", {{"gpu", "h100-80gb"}, {"note", "a=b;c%d"}}, {}, {}}).value().size(),
        std::size_t(1));
    // Counted per value, decoded; series without the dimension are not counted.
    QVERIFY(c->write({obs("aws", "gpu_hourly_usd", "USD/GPU-hour", 1, 1.0, "x", {{"note", "x;y"}})}).isOk());
    const auto counts = c->dimensionCounts("gpu_hourly_usd", "gpu");
    QVERIFY(counts.isOk());
    const std::map<std::string, long long> expected{{"h100-80gb", 1}, {"h100-80gb-nvl", 1}};
    QCOMPARE(counts.value(), expected);
    const auto notes = c->dimensionCounts("gpu_hourly_usd", "note").value();
    QCOMPARE(notes.at("a=b;c%d"), 1LL);
    QCOMPARE(notes.at("x;y"), 1LL);
}

void tst_Cache::latestValuesPickNewest()
{
    auto c = seeded();
    QVERIFY(c->write({obs("near", "price_usd", "USD", 100, 3.0, "coinmarketcap"),
                      obs("near", "price_usd", "USD", 300, 3.3, "coingecko"),
                      obs("near", "price_usd", "USD", 200, 3.2, "coinmarketcap"),
                      obs("near", "price_usd", "USD", 400, 9.9, "coingecko", {{"quote", "eur"}}),
                      obs("near", "market_cap_usd", "USD", 250, 4e9, "coinmarketcap")})
                .isOk());
    auto latest = c->latestValues({"price_usd", "market_cap_usd", "fdv_usd"});
    QVERIFY(latest.isOk());
    QCOMPARE(latest.value().size(), std::size_t(2)); // no FDV: absent, not 0
    for (const auto &v : latest.value()) {
        if (v.metric == "price_usd") {
            QCOMPARE(v.value, 3.3); // the dimensioned series is not a headline price
            QCOMPARE(v.provenance.source, std::string("coingecko"));
        } else {
            QCOMPARE(v.value, 4e9);
        }
    }
    QCOMPARE(c->newestAsOf().value(), UnixSeconds(400));
}

void tst_Cache::taxonomyRoundTrip()
{
    auto c = seeded();
    const Taxonomy original = embeddedTaxonomy().value();
    const Taxonomy stored = c->taxonomy().value();
    QCOMPARE(stored.entities.size(), original.entities.size());
    for (std::size_t i = 0; i < original.entities.size(); ++i)
        QVERIFY2(stored.entities[i] == original.entities[i], original.entities[i].id.c_str());
    QCOMPARE(stored.dependencies.size(), original.dependencies.size());
    QCOMPARE(stored.claims.size(), original.claims.size());
    QCOMPARE(stored.gpuAliases.size(), original.gpuAliases.size());
    QCOMPARE(stored.instanceTypes.front().gpuCount, 8);
    QCOMPARE(stored.claims[8].valueHigh.value(), 60.0);
    QCOMPARE(stored.sectors, original.sectors);
    QCOMPARE(stored.sector("ai-agents")->categoryId, std::string("agents"));
}

void tst_Cache::replaceTaxonomyKeepsUserEdges()
{
    auto c = seeded();
    Taxonomy t = c->taxonomy().value();
    t.dependencies.push_back({"griffain", "phala", "privacy", "my note", DependencyOrigin::User});
    t.dependencies.push_back({"aixbt", "akash", "compute", "another", DependencyOrigin::User});
    QVERIFY(c->replaceTaxonomy(t).isOk());

    Taxonomy reloaded = embeddedTaxonomy().value();
    // griffain disappears in the new file: its user edge goes; the other survives
    reloaded.entities.erase(std::find_if(reloaded.entities.begin(), reloaded.entities.end(),
                                         [](const Entity &e) { return e.id == "griffain"; }));
    QVERIFY(c->replaceTaxonomy(reloaded).isOk());
    int user = 0;
    const Taxonomy stored = c->taxonomy().value();
    for (const auto &d : stored.dependencies) {
        if (d.origin == DependencyOrigin::User) {
            ++user;
            QCOMPARE(d.fromId, std::string("aixbt"));
        }
    }
    QCOMPARE(user, 1);

    // An invalid taxonomy changes nothing.
    Taxonomy broken = reloaded;
    broken.categories.front().layerId = "nowhere";
    QVERIFY(!c->replaceTaxonomy(broken).isOk());
    QCOMPARE(c->taxonomy().value().categories.front().layerId, std::string("infrastructure"));
}

void tst_Cache::sourcesAndRuns()
{
    auto c = seeded();
    QVERIFY(c->write({obs("akash", "price_usd", "USD", 100, 1.0, "coingecko"),
                      obs("akash", "price_usd", "USD", 500, 2.0, "coingecko")})
                .isOk());
    FetchRun ok{"coingecko", "fetch", 10, 12, "ok",
                200,         1234,    2,  0,  "https://api.coingecko.com/api/v3/coins/markets",
                ""};
    FetchRun failed{"coingecko",
                    "fetch",
                    20,
                    21,
                    "failed",
                    429,
                    0,
                    0,
                    0,
                    "https://api.coingecko.com/api/v3/coins/markets",
                    "HTTP 429: rate limited"};
    QVERIFY(c->recordRun(ok).isOk());
    QVERIFY(c->recordRun(failed).isOk());
    QVERIFY(
        c->recordRun({"defillama", "fetch", 30, 31, "failed", std::nullopt, 0, 0, 0, "", "timeout"}).isOk());
    auto sources = c->sources();
    QVERIFY(sources.isOk());
    QCOMPARE(sources.value().size(), std::size_t(2));
    const SourceStatus &cg = sources.value()[0];
    QCOMPARE(cg.source, std::string("coingecko"));
    QCOMPARE(cg.points, 2LL);
    QCOMPARE(cg.asOf.value(), UnixSeconds(500));
    QCOMPARE(cg.lastRun->status,
             std::string("failed")); // the newest run, with the data of the last good one kept
    QCOMPARE(cg.lastRun->httpStatus.value(), 429);
    const SourceStatus &dl = sources.value()[1];
    QCOMPARE(dl.points, 0LL);
    QVERIFY(!dl.asOf);
    QCOMPARE(dl.lastRun->error, std::string("timeout"));
}

void tst_Cache::csvImportReportsBadRows()
{
    auto c = seeded();
    const QString csv = path("in.csv");
    QFile f(csv);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("entity,metric,unit,timestamp,value,source,dim.gpu\n"
            "aws,gpu_hourly_usd,USD/GPU-hour,2025-06-04T07:23:25,12.29,aws-price-list,H100_SXM\n"
            "aws,gpu_hourly_usd,USD/GPU-hour,2025-06-05T07:22:36,6.88,aws-price-list,H100_SXM\n"
            "aws,gpu_hourly_usd,USD/hour,2025-06-06,6.88,aws-price-list,H100_SXM\n"
            "aws,gpu_hourly_usd,USD/GPU-hour,2025-06-05T07:22:36,7,aws-price-list,H100_SXM\n"
            "aws,gpu_hourly_usd,USD/GPU-hour,2025-06-07,-1,aws-price-list,H100_SXM\n");
    f.close();
    auto report = importCsvFile(*c, csv);
    QVERIFY(report.isOk());
    QCOMPARE(report.value().dataRows, 5LL);
    QCOMPARE(report.value().written, 2LL);
    QCOMPARE(report.value().rejected.size(), std::size_t(3));
    QCOMPARE(report.value().rejected[0].line, 4L);
    QCOMPARE(report.value().rejected[1].line, 5L);
    QVERIFY(report.value().rejected[1].message.find("same series and time as line 3") != std::string::npos);
    QCOMPARE(report.value().rejected[2].line, 6L);

    auto q = c->query({"aws", "gpu_hourly_usd", {{"gpu", "h100-80gb"}, {"form", "sxm"}}, {}, {}});
    QCOMPARE(q.value().size(), std::size_t(1));
    QCOMPARE(q.value().front().points[0].value, 12.29);
    QCOMPARE(q.value().front().points[1].value, 6.88);
    QVERIFY(q.value().front().provenanceOf(q.value().front().points[0]).endpoint.find("in.csv") !=
            std::string::npos);
    QCOMPARE(c->sources().value().front().lastRun->status, std::string("partial"));
}

void tst_Cache::readOnlyRefusesWrites()
{
    {
        seeded("ro.sqlite");
    }
    const QByteArray before = stackatlas::test::fileHash(path("ro.sqlite"));
    auto c = Cache::open(path("ro.sqlite").toStdString(), Cache::Mode::ReadOnly);
    QVERIFY2(c.isOk(), c.status().message().c_str());
    QVERIFY(c.value()->hasTaxonomy());
    QVERIFY(!c.value()->write({obs("aws", "price_usd", "USD", 1, 1.0)}).isOk());
    QCOMPARE(c.value()->write({}).status().code(), StatusCode::Refused);
    c = Result<std::unique_ptr<Cache>>(Status::error(StatusCode::Internal, "closed"));
    QCOMPARE(stackatlas::test::fileHash(path("ro.sqlite")), before);
    QVERIFY(!Cache::open(path("missing.sqlite").toStdString(), Cache::Mode::ReadOnly).isOk());
}

void tst_Cache::userEventsEditable()
{
    auto c = seeded("events.sqlite");
    Cache &cache = *c;
    QVERIFY(
        cache.replaceDatasetEvents({{"2025-06-05", "", "day", "AWS cut", "price", "aws", "", false}}).isOk());
    Event mine{"2025-07-01", "", "", "My launch", "user", "my note", "", true};
    const auto id = cache.addUserEvent(mine);
    QVERIFY2(id.isOk(), id.status().message().c_str());
    auto events = cache.events().value();
    QCOMPARE(events.size(), std::size_t(2));
    QVERIFY(events[1].userDefined);
    QCOMPARE(events[1].precision, std::string("day"));
    QCOMPARE(events[1].id, id.value());
    // edits: a range, then removal; the dataset's event cannot be touched either way
    mine.end = "2025-07-03";
    QVERIFY(cache.updateUserEvent(id.value(), mine).isOk());
    QCOMPARE(cache.events().value()[1].precision, std::string("range"));
    const long long datasetId = events[0].id;
    QCOMPARE(cache.updateUserEvent(datasetId, mine).code(), StatusCode::NotFound);
    QCOMPARE(cache.removeUserEvent(datasetId).code(), StatusCode::NotFound);
    // bad input is refused and stores nothing
    for (const Event &bad : {Event{"2025-02-30", "", "", "t", "", "s", "", true},
                             Event{"2025-07-01", "2025-06-01", "", "t", "", "s", "", true},
                             Event{"2025-07-01", "", "", "  ", "", "s", "", true},
                             Event{"2025-07-01", "", "", "t", "", "", "", true},
                             Event{"1751328000", "", "", "t", "", "s", "", true}}) {
        const auto r = cache.addUserEvent(bad);
        QVERIFY2(!r.isOk(), bad.start.c_str());
        QCOMPARE(r.status().code(), StatusCode::InvalidInput);
    }
    QCOMPARE(cache.events().value().size(), std::size_t(2));
    // the user's events survive a new dataset import
    QVERIFY(cache.replaceDatasetEvents({}).isOk());
    QCOMPARE(cache.events().value().size(), std::size_t(1));
    QVERIFY(cache.removeUserEvent(id.value()).isOk());
    QVERIFY(cache.events().value().empty());
    QCOMPARE(cache.removeUserEvent(id.value()).code(), StatusCode::NotFound);
}

QTEST_GUILESS_MAIN(tst_Cache)
#include "tst_cache.moc"
