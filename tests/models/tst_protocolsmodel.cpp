// SPDX-License-Identifier: GPL-3.0-or-later
// ProtocolsModel and its proxy: model contract, unknown-is-blank, refresh without reset,
// filtering and sorting with unknown values last.
#include "datasources/cache/cachelocation.h"
#include "datasources/taxonomy/taxonomyloader.h"
#include "models/item/protocolsmodel.h"
#include "models/item/protocolsproxymodel.h"
#include "models/item/protocolsroles.h"
#include "support/warnings.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

using namespace stackatlas;

namespace {

LatestValue value(const std::string &entity, const std::string &metric, double v, UnixSeconds ts = 1748995200)
{
    return LatestValue{
        entity, metric,
        "USD",  v,
        ts,     Provenance{"coingecko", "https://api.coingecko.com/api/v3/coins/markets", ts + 60, ts}};
}

// Bittensor's price on 2025-06-04 as a fetch or an import stored it.
Observation taoPrice(const std::string &endpoint)
{
    Observation o;
    o.key = {"bittensor", "price_usd", "coingecko", {}};
    o.unit = "USD";
    o.ts = 1748995200;
    o.value = 412.5;
    o.provenance = {"coingecko", endpoint, 1748995300, 1748995200};
    return o;
}

} // namespace

class tst_ProtocolsModel : public QObject
{
    Q_OBJECT

private slots:
    void init() { stackatlas::test::failOnUnexpectedWarnings(); }
    void initTestCase();
    void contractHolds();
    void unknownIsBlankNeverZero();
    void fdvOverMarketCap();
    void tooltipsNameSourceAndAsOf();
    void refreshIsNotAReset();
    void taxonomyChangeInsertsAndRemoves();
    void filterByTextAndLayer();
    void sortKeepsUnknownLast_data();
    void sortKeepsUnknownLast();
    void reloadFromCache();
    void staleValueUnknownOrGreyedWithItsDate();
    void revisedValueTooltipShowsItsHistory();

private:
    Taxonomy m_taxonomy;
};

void tst_ProtocolsModel::initTestCase()
{
    m_taxonomy = embeddedTaxonomy().value();
}

void tst_ProtocolsModel::contractHolds()
{
    ProtocolsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setContents(m_taxonomy, {value("render", "price_usd", 4.5)});
    model.setContents(m_taxonomy, {value("render", "price_usd", 4.6), value("akash", "market_cap_usd", 1e9)});
    Taxonomy smaller = m_taxonomy;
    smaller.entities.resize(10);
    model.setContents(smaller, {});
    model.setContents(m_taxonomy, {});
    QCOMPARE(model.rowCount(),
             int(std::count_if(m_taxonomy.entities.begin(), m_taxonomy.entities.end(),
                               [](const Entity &e) { return e.kind != EntityKind::Benchmark; })));
    ProtocolsProxyModel proxy;
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    proxy.sort(ProtocolsModel::PriceColumn);
    proxy.setTextFilter(QStringLiteral("a"));
    model.setContents(m_taxonomy, {value("render", "price_usd", 4.7)});
}

void tst_ProtocolsModel::unknownIsBlankNeverZero()
{
    ProtocolsModel model;
    model.setContents(m_taxonomy, {value("render", "price_usd", 4.5)});
    const QModelIndex olasPrice = model.indexFor(QStringLiteral("olas"), ProtocolsModel::PriceColumn);
    QVERIFY(olasPrice.isValid());
    QVERIFY(!olasPrice.data().isValid());
    QVERIFY(!olasPrice.data(SortRole).isValid());
    QVERIFY(olasPrice.data(Qt::ToolTipRole).toString().startsWith(QStringLiteral("Unknown")));
    QCOMPARE(model.indexFor(QStringLiteral("render"), ProtocolsModel::PriceColumn).data().toString(),
             QStringLiteral("$4.50"));
    QCOMPARE(model.indexFor(QStringLiteral("render"), ProtocolsModel::PriceColumn).data(SortRole).toDouble(),
             4.5);
    QVERIFY(!model.indexFor(QStringLiteral("render"), ProtocolsModel::FdvMcColumn).data().isValid());
}

void tst_ProtocolsModel::fdvOverMarketCap()
{
    ProtocolsModel model;
    model.setContents(m_taxonomy,
                      {value("io-net", "market_cap_usd", 2.0e8), value("io-net", "fdv_usd", 7.0e8),
                       value("grass", "market_cap_usd", 0.0), value("grass", "fdv_usd", 1e9)});
    const QModelIndex io = model.indexFor(QStringLiteral("io-net"), ProtocolsModel::FdvMcColumn);
    QCOMPARE(io.data().toString(), QStringLiteral("3.50×"));
    QCOMPARE(io.data(SortRole).toDouble(), 3.5);
    QCOMPARE(model.indexFor(QStringLiteral("io-net"), ProtocolsModel::MarketCapColumn).data().toString(),
             QStringLiteral("$200.0M"));
    // a zero market cap makes the ratio unknown, not infinite
    QVERIFY(!model.indexFor(QStringLiteral("grass"), ProtocolsModel::FdvMcColumn).data().isValid());
}

void tst_ProtocolsModel::tooltipsNameSourceAndAsOf()
{
    ProtocolsModel model;
    model.setContents(m_taxonomy, {value("near", "volume_24h_usd", 3.1e8),
                                   value("near", "market_cap_usd", 4e9), value("near", "fdv_usd", 5e9)});
    const QString tip = model.indexFor(QStringLiteral("near"), ProtocolsModel::Volume24hColumn)
                            .data(Qt::ToolTipRole)
                            .toString();
    QVERIFY2(tip.contains(QStringLiteral("Source: coingecko")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("As of: 2025-06-04 00:00 UTC")), qPrintable(tip));
    const QString ratioTip =
        model.indexFor(QStringLiteral("near"), ProtocolsModel::FdvMcColumn).data(Qt::ToolTipRole).toString();
    QVERIFY(ratioTip.contains(QStringLiteral("fdv_usd")) &&
            ratioTip.contains(QStringLiteral("market_cap_usd")));
    const QString tokenTip = model.indexFor(QStringLiteral("io-net"), ProtocolsModel::TokenColumn)
                                 .data(Qt::ToolTipRole)
                                 .toString();
    QCOMPARE(tokenTip, QStringLiteral("CoinGecko id: io"));
}

void tst_ProtocolsModel::refreshIsNotAReset()
{
    ProtocolsModel model;
    model.setContents(m_taxonomy, {value("render", "price_usd", 4.5)});
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    model.setContents(m_taxonomy, {value("render", "price_usd", 4.9), value("akash", "price_usd", 2.0)});
    QCOMPARE(resets.count(), 0);
    QCOMPARE(inserts.count(), 0);
    QCOMPARE(changes.count(), 2); // exactly the two rows whose figures changed
    model.setContents(m_taxonomy, {value("render", "price_usd", 4.9), value("akash", "price_usd", 2.0)});
    QCOMPARE(changes.count(), 2); // nothing changed, nothing signalled
}

void tst_ProtocolsModel::taxonomyChangeInsertsAndRemoves()
{
    ProtocolsModel model;
    Taxonomy t = m_taxonomy;
    model.setContents(t, {});
    QSignalSpy removes(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    const Entity storj = *t.entity("storj");
    t.entities.erase(
        std::find_if(t.entities.begin(), t.entities.end(), [](const Entity &e) { return e.id == "storj"; }));
    model.setContents(t, {});
    QCOMPARE(removes.count(), 1);
    QVERIFY(!model.indexFor(QStringLiteral("storj")).isValid());
    t.entities.push_back(storj);
    Entity extra = storj;
    extra.id = "newproto";
    extra.name = "New Protocol";
    extra.aliases.clear();
    t.entities.push_back(extra);
    model.setContents(t, {});
    QCOMPARE(inserts.count(), 2);
    QCOMPARE(resets.count(), 0);
    QVERIFY(model.indexFor(QStringLiteral("newproto")).isValid());
}

void tst_ProtocolsModel::filterByTextAndLayer()
{
    ProtocolsModel model;
    model.setContents(m_taxonomy, {});
    ProtocolsProxyModel proxy;
    proxy.setSourceModel(&model);
    const int all = proxy.rowCount();
    QCOMPARE(all, int(std::count_if(m_taxonomy.entities.begin(), m_taxonomy.entities.end(),
                                    [](const Entity &e) { return e.kind != EntityKind::Benchmark; })));
    proxy.setLayerFilter(QStringLiteral("middleware"));
    QCOMPARE(proxy.rowCount(), 7); // grass, masa, vana, eliza, arc, swarms, phala
    proxy.setLayerFilter(ProtocolsProxyModel::outsideTheStack());
    QCOMPARE(proxy.rowCount(),
             int(std::count_if(m_taxonomy.entities.begin(), m_taxonomy.entities.end(),
                               [](const Entity &e) { return e.kind == EntityKind::Provider; })));
    proxy.setLayerFilter(ProtocolsProxyModel::allLayers());
    proxy.setTextFilter(QStringLiteral("  hyperSCALER "));
    QCOMPARE(proxy.rowCount(), 4); // by class: AWS, GCP, Azure, Oracle
    proxy.setTextFilter(QStringLiteral("tao"));
    QCOMPARE(proxy.rowCount(), 1); // by token
    QCOMPARE(proxy.index(0, 0).data(EntityIdRole).toString(), QStringLiteral("bittensor"));
    proxy.setTextFilter(QStringLiteral("io-net"));
    QCOMPARE(proxy.rowCount(), 1); // by id
}

void tst_ProtocolsModel::sortKeepsUnknownLast_data()
{
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::newRow("ascending") << Qt::AscendingOrder;
    QTest::newRow("descending") << Qt::DescendingOrder;
}

void tst_ProtocolsModel::sortKeepsUnknownLast()
{
    QFETCH(Qt::SortOrder, order);
    ProtocolsModel model;
    model.setContents(m_taxonomy,
                      {value("render", "market_cap_usd", 2e9), value("akash", "market_cap_usd", 3e8),
                       value("near", "market_cap_usd", 4e9)});
    ProtocolsProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(ProtocolsModel::MarketCapColumn, order);
    QStringList top;
    for (int r = 0; r < 3; ++r)
        top << proxy.index(r, 0).data(EntityIdRole).toString();
    if (order == Qt::AscendingOrder)
        QCOMPARE(top,
                 (QStringList{QStringLiteral("akash"), QStringLiteral("render"), QStringLiteral("near")}));
    else
        QCOMPARE(top,
                 (QStringList{QStringLiteral("near"), QStringLiteral("render"), QStringLiteral("akash")}));
    for (int r = 3; r < proxy.rowCount(); ++r)
        QVERIFY(!proxy.index(r, ProtocolsModel::MarketCapColumn).data(SortRole).isValid());
}

void tst_ProtocolsModel::reloadFromCache()
{
    QTemporaryDir dir;
    auto cache = openUserCache(dir.filePath(QStringLiteral("c.sqlite")));
    QVERIFY(cache.isOk());
    QVERIFY(cache.value()->write({taoPrice("coins/markets")}).isOk());
    ProtocolsModel model;
    QVERIFY(model.reload(*cache.value()).isOk());
    QCOMPARE(model.indexFor(QStringLiteral("bittensor"), ProtocolsModel::PriceColumn).data().toString(),
             QStringLiteral("$412.50"));
}

void tst_ProtocolsModel::staleValueUnknownOrGreyedWithItsDate()
{
    QTemporaryDir dir;
    auto cache = openUserCache(dir.filePath(QStringLiteral("c.sqlite")));
    QVERIFY(cache.isOk());
    const UnixSeconds t = 1748995200; // 2025-06-04
    const auto obs = [](const char *metric, UnixSeconds ts, double v) {
        Observation o;
        o.key = {"bittensor", metric, "coingecko", {}};
        o.unit = "USD";
        o.ts = ts;
        o.value = v;
        o.provenance = {"coingecko", "coins/markets", ts + 100, ts};
        return o;
    };
    // The price is of the day; the market cap ten days older, past its 3-day window.
    QVERIFY(cache.value()
                ->write({obs("price_usd", t, 412.5), obs("market_cap_usd", t - 10 * 86400, 3.4e9)})
                .isOk());
    ProtocolsModel model;
    QVERIFY(model.reload(*cache.value()).isOk());
    const auto cell = [&](int column, int role = Qt::DisplayRole) {
        return model.indexFor(QStringLiteral("bittensor"), column).data(role);
    };
    QVERIFY(!cell(ProtocolsModel::MarketCapColumn).isValid()); // unknown, not an older figure
    QVERIFY(
        cell(ProtocolsModel::MarketCapColumn, Qt::ToolTipRole).toString().contains(QStringLiteral("window")));
    QCOMPARE(cell(ProtocolsModel::AsOfColumn).toString(), QStringLiteral("2025-06-04"));
    QVERIFY(!cell(ProtocolsModel::PriceColumn, Qt::ForegroundRole).isValid());

    AsOf asOf;
    asOf.includeStale = true;
    QVERIFY(model.reload(*cache.value(), asOf).isOk());
    QCOMPARE(cell(ProtocolsModel::MarketCapColumn).toString(), QStringLiteral("$3.40B (2025-05-25)"));
    QVERIFY(cell(ProtocolsModel::MarketCapColumn, Qt::ForegroundRole).isValid()); // greyed
    QVERIFY(cell(ProtocolsModel::MarketCapColumn, Qt::ToolTipRole)
                .toString()
                .startsWith(QStringLiteral("Stale")));
    QVERIFY(!cell(ProtocolsModel::PriceColumn, Qt::ForegroundRole).isValid());
    QCOMPARE(cell(ProtocolsModel::AsOfColumn).toString(), QStringLiteral("2025-05-25 to 2025-06-04"));
    // At a date before the price, only the market cap is in its window.
    asOf = {};
    asOf.at = t - 9 * 86400;
    QVERIFY(model.reload(*cache.value(), asOf).isOk());
    QVERIFY(!cell(ProtocolsModel::PriceColumn).isValid());
    QCOMPARE(cell(ProtocolsModel::MarketCapColumn).toString(), QStringLiteral("$3.40B"));
    QCOMPARE(cell(ProtocolsModel::AsOfColumn).toString(), QStringLiteral("2025-05-25"));
}

void tst_ProtocolsModel::revisedValueTooltipShowsItsHistory()
{
    // Two captures of the same moment: the table shows the newer, its tooltip the one it replaced.
    QTemporaryDir dir;
    auto cache = openUserCache(dir.filePath(QStringLiteral("c.sqlite")));
    QVERIFY(cache.isOk());
    Observation o = taoPrice("imported from morning.json");
    QVERIFY(cache.value()->write({o}).isOk());
    ProtocolsModel model;
    QVERIFY(model.reload(*cache.value()).isOk());
    const auto tip = [&] {
        return model.indexFor(QStringLiteral("bittensor"), ProtocolsModel::PriceColumn)
            .data(Qt::ToolTipRole)
            .toString();
    };
    QVERIFY(!tip().contains(QStringLiteral("Earlier readings")));
    o.value = 415.25;
    o.provenance = {"coingecko", "imported from evening.json", 1749030000, 1748995200};
    QVERIFY(cache.value()->write({o}).isOk());
    QVERIFY(model.reload(*cache.value()).isOk());
    QCOMPARE(model.indexFor(QStringLiteral("bittensor"), ProtocolsModel::PriceColumn).data().toString(),
             QStringLiteral("$415.25"));
    QVERIFY2(tip().contains(
                 QStringLiteral("Earlier readings of this moment, replaced:\n  412.5 from imported from "
                                "morning.json (fetched 2025-06-04 00:01")),
             qPrintable(tip()));
}

QTEST_GUILESS_MAIN(tst_ProtocolsModel)
#include "tst_protocolsmodel.moc"
