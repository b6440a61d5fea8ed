// SPDX-License-Identifier: GPL-3.0-or-later
// One stale value through every reader: a market cap ten days older than the rest is unknown in
// the layer map, the Protocols table, the valuation charts and their CSV, and the report's table;
// asked for, it is shown everywhere marked stale, with its date. (The layer map's picture is
// checked in tst_layermap, the command line in tst_cli.)
#include "datasources/cache/cache.h"
#include "datasources/cache/cachelocation.h"
#include "models/domain/chartdata.h"
#include "models/item/chartloaders.h"
#include "models/item/layermapmodel.h"
#include "models/item/layermaproles.h"
#include "models/item/protocolsmodel.h"
#include "models/item/reportdata.h"
#include "support/warnings.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace stackatlas;

namespace {

constexpr UnixSeconds kDay = 86400;
constexpr UnixSeconds kAt = 1780012800; // 2026-05-29, the newest data
const QString kStaleDate = QStringLiteral("2026-05-19");

Observation obs(const std::string &entity, const std::string &metric, UnixSeconds ts, double v)
{
    Observation o;
    o.key = {entity, metric, "coingecko", {}};
    o.unit = "USD";
    o.ts = ts;
    o.value = v;
    o.provenance = {"coingecko", "coins/markets", ts + 60, ts};
    return o;
}

QString rowOf(const ReportTable &table, const QString &name)
{
    for (const QStringList &row : table.rows)
        if (row.value(0) == name)
            return row.join(QStringLiteral(" | "));
    return {};
}

} // namespace

class tst_AsOf : public QObject
{
    Q_OBJECT

private slots:
    void init() { stackatlas::test::failOnUnexpectedWarnings(); }
    void initTestCase();
    void staleValueIsUnknownEverywhere();
    void staleValueOnRequestIsMarkedWithItsDate();
    void shippedDataShowsOneDateARow();
    void reportFiguresUseTheMoneyFormat();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Cache> m_cache;
};

void tst_AsOf::initTestCase()
{
    auto c = openUserCache(m_dir.filePath(QStringLiteral("c.sqlite")));
    QVERIFY(c.isOk());
    m_cache = std::move(c).value();
    QCOMPARE(QString::fromStdString(formatIsoDate(kAt - 10 * kDay)), kStaleDate);
    QVERIFY(m_cache
                ->write({obs("render", "market_cap_usd", kAt, 1.2e9), obs("render", "fdv_usd", kAt, 2.4e9),
                         obs("render", "volume_24h_usd", kAt, 6e7), obs("near", "volume_24h_usd", kAt, 3e8),
                         // the one stale value: NEAR's market cap, ten days before the rest
                         obs("near", "market_cap_usd", kAt - 10 * kDay, 3.6e9)})
                .isOk());
}

void tst_AsOf::staleValueIsUnknownEverywhere()
{
    const AsOf asOf; // the newest data, stale values left out
    QCOMPARE(m_cache->resolve(asOf), std::optional<UnixSeconds>(kAt));

    LayerMapModel map;
    QVERIFY(map.reload(*m_cache, asOf).isOk());
    QVERIFY(!map.indexForId(QStringLiteral("near")).data(MarketCapRole).isValid());
    QCOMPARE(map.indexForId(QStringLiteral("render")).data(MarketCapRole).toDouble(), 1.2e9);

    ProtocolsModel protocols;
    QVERIFY(protocols.reload(*m_cache, asOf).isOk());
    QVERIFY(!protocols.indexFor(QStringLiteral("near"), ProtocolsModel::MarketCapColumn).data().isValid());

    auto valuation = loadValuationCharts(*m_cache, {}, TimeRange{{}, {}, asOf});
    QVERIFY(valuation.isOk());
    const ChartData &bars = valuation.value().fdvVsMarketCap;
    QVERIFY(std::none_of(bars.categories.begin(), bars.categories.end(),
                         [](const std::string &c) { return c.find("NEAR") != std::string::npos; }));
    const QString csv = QString::fromStdString(chartsToCsv({bars}));
    QVERIFY(!csv.contains(QStringLiteral("near")));
    QVERIFY(!csv.contains(kStaleDate));

    auto report = gatherReportData(*m_cache, QStringLiteral("h100-80gb"), asOf);
    QVERIFY(report.isOk());
    const QString near = rowOf(report.value().protocols, QStringLiteral("NEAR"));
    QVERIFY2(
        near.contains(QStringLiteral("Infrastructure | unknown | unknown | unknown | unknown | $300.0M")),
        qPrintable(near));
    QVERIFY(!near.contains(kStaleDate));
}

void tst_AsOf::staleValueOnRequestIsMarkedWithItsDate()
{
    AsOf asOf;
    asOf.includeStale = true;

    LayerMapModel map;
    QVERIFY(map.reload(*m_cache, asOf).isOk());
    const LayerMapModel::Figures *f = map.figures("near");
    QVERIFY(f && f->marketCap && f->marketCap->stale);
    QVERIFY(map.indexForId(QStringLiteral("near"))
                .data(ProvenanceRole)
                .toString()
                .contains(QStringLiteral("stale")));
    QVERIFY(!map.figures("render")->marketCap->stale);

    ProtocolsModel protocols;
    QVERIFY(protocols.reload(*m_cache, asOf).isOk());
    const QModelIndex cell = protocols.indexFor(QStringLiteral("near"), ProtocolsModel::MarketCapColumn);
    QCOMPARE(cell.data().toString(), QStringLiteral("$3.60B (%1)").arg(kStaleDate));
    QVERIFY(cell.data(Qt::ForegroundRole).isValid());

    auto valuation = loadValuationCharts(*m_cache, {}, TimeRange{{}, {}, asOf});
    QVERIFY(valuation.isOk());
    const ChartData &bars = valuation.value().fdvVsMarketCap;
    QVERIFY(std::find(bars.categories.begin(), bars.categories.end(), "Infra: NEAR*") !=
            bars.categories.end());
    QVERIFY2(QString::fromStdString(bars.caption).contains(QStringLiteral("Stale")) &&
                 QString::fromStdString(bars.caption).contains(kStaleDate),
             bars.caption.c_str());
    QVERIFY(QString::fromStdString(chartsToCsv({bars})).contains(kStaleDate)); // its as-of column

    auto report = gatherReportData(*m_cache, QStringLiteral("h100-80gb"), asOf);
    QVERIFY(report.isOk());
    const QString near = rowOf(report.value().protocols, QStringLiteral("NEAR"));
    QVERIFY2(near.contains(QStringLiteral("$3.60B (stale %1)").arg(kStaleDate)), qPrintable(near));
    QVERIFY2(near.contains(QStringLiteral("coingecko, %1 to 2026-05-29").arg(kStaleDate)), qPrintable(near));
}

void tst_AsOf::shippedDataShowsOneDateARow()
{
    // On the shipped data at the default as-of, no two figures of a Protocols row or of a
    // valuation or sector chart are further apart than their window.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("default.sqlite"));
    QVERIFY(QFile::copy(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE), path));
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    auto cache = Cache::open(path.toStdString());
    QVERIFY(cache.isOk());
    const AsOf asOf;
    const std::optional<UnixSeconds> at = cache.value()->resolve(asOf);
    QVERIFY(at);
    const UnixSeconds window = asOf.windows.daily;

    ProtocolsModel protocols;
    QVERIFY(protocols.reload(*cache.value(), asOf).isOk());
    int dated = 0;
    for (int row = 0; row < protocols.rowCount(); ++row) {
        const QString span = protocols.index(row, ProtocolsModel::AsOfColumn).data().toString();
        if (span.isEmpty())
            continue;
        ++dated;
        // One date, or a span within the window.
        const QStringList ends = span.split(QStringLiteral(" to "));
        const auto first = parseTimestamp(ends.first().toStdString()).value;
        const auto last = parseTimestamp(ends.last().toStdString()).value;
        QVERIFY2(first && last && *last - *first <= window,
                 qPrintable(protocols.entityIdAt(row) + u' ' + span));
        QVERIFY2(*at - *first <= window + kDay, qPrintable(span)); // dates are whole days here
    }
    QVERIFY(dated >= 4); // AIXBT, ARC, Fetch.ai and Phala have figures of the newest day

    auto valuation = loadValuationCharts(*cache.value(), {}, TimeRange{{}, {}, asOf});
    auto usage = loadUsageCharts(*cache.value(), TimeRange{{}, {}, asOf});
    QVERIFY(valuation.isOk() && usage.isOk());
    for (const ChartData *chart :
         {&valuation.value().fdvVsMarketCap, &valuation.value().dilution, &usage.value().sectorTotals})
        for (const ChartSeries &s : chart->series)
            for (const ChartPoint &p : s.points)
                QVERIFY2(p.asOf <= *at && *at - p.asOf <= window,
                         (chart->id + " " + p.label + " " + formatIsoDate(p.asOf)).c_str());
}

// A 24 h volume of $34,520 reads "$34.5K" in the report's table, as everywhere in the app, never
// "$3.452e+04"; a price "$0.4321".
void tst_AsOf::reportFiguresUseTheMoneyFormat()
{
    auto taxonomy = m_cache->taxonomy();
    QVERIFY(taxonomy.isOk());
    const Provenance p{"coingecko", "e", kAt, kAt};
    const std::vector<LatestValue> latest{{"render", "volume_24h_usd", "USD", 34520, kAt, p, false},
                                          {"render", "price_usd", "USD", 0.43211, kAt, p, false}};
    const QString row = rowOf(protocolsTable(taxonomy.value(), latest), QStringLiteral("Render"));
    QVERIFY2(row.contains(QStringLiteral("$34.5K")), qPrintable(row));
    QVERIFY2(row.contains(QStringLiteral("$0.4321")), qPrintable(row));
    QVERIFY2(!row.contains(QStringLiteral("e+")), qPrintable(row));
}

QTEST_GUILESS_MAIN(tst_AsOf)
#include "tst_asof.moc"
