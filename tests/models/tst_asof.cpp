// SPDX-License-Identifier: GPL-3.0-or-later
// One stale value through every reader: a market cap ten days older than the rest is unknown in
// the layer map, the Protocols table, the valuation charts and their CSV, and the report's table;
// asked for, it is shown everywhere marked stale, with its date. (The layer map's picture is
// checked in tst_layermap, the command line in tst_cli.)
#include "datasources/cache/cachelocation.h"
#include "models/domain/chartdata.h"
#include "models/item/chartloaders.h"
#include "models/item/layermapmodel.h"
#include "models/item/layermaproles.h"
#include "models/item/protocolsmodel.h"
#include "models/item/reportdata.h"
#include "support/warnings.h"

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
        near.contains(QStringLiteral("Infrastructure | unknown | unknown | unknown | unknown | $300.0 M")),
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
    QVERIFY2(near.contains(QStringLiteral("$3.60 bn (stale, %1)").arg(kStaleDate)), qPrintable(near));
    QVERIFY2(near.contains(QStringLiteral("coingecko, %1 to 2026-05-29").arg(kStaleDate)), qPrintable(near));
}

QTEST_GUILESS_MAIN(tst_AsOf)
#include "tst_asof.moc"
