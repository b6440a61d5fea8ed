// SPDX-License-Identifier: GPL-3.0-or-later
// The layer map: its tree model, figures, the view, selection shared with the Protocols table,
// and headless exports.
#include "datasources/cache/cachelocation.h"
#include "models/item/layermapmodel.h"
#include "models/item/layermaproles.h"
#include "models/item/protocolsmodel.h"
#include "models/item/protocolsproxymodel.h"
#include "models/item/protocolsroles.h"
#include "support/warnings.h"
#include "ui/panes/layermap/layermappane.h"
#include "ui/views/layermapview.h"
#include "ui/widgets/selectionsync.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QImage>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QXmlStreamReader>

using namespace stackatlas;

namespace {

Observation obs(const std::string &entity, const std::string &metric, UnixSeconds ts, double v,
                const std::string &source = "coingecko")
{
    Observation o;
    o.key = {entity, metric, source, {}};
    o.unit = "USD";
    o.ts = ts;
    o.value = v;
    o.provenance = {source, "test", ts, ts};
    return o;
}

constexpr UnixSeconds kDay = 86400;
constexpr UnixSeconds kT0 = 1780000000 / kDay * kDay;

} // namespace

class tst_LayerMap : public QObject
{
    Q_OBJECT

private slots:
    void init() { stackatlas::test::failOnUnexpectedWarnings(); }
    void initTestCase();
    void modelContract();
    void figuresAndPriceChanges();
    void viewHitTestsKeysAndZoom();
    void selectionFollowsProtocolsTable();
    void detailsShowDependenciesAndClaims();
    void exportsAreValid_data();
    void exportsAreValid();
    void everyProtocolNamedInExports_data();
    void everyProtocolNamedInExports();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Cache> m_cache;
};

void tst_LayerMap::initTestCase()
{
    auto c = openUserCache(m_dir.filePath(QStringLiteral("c.sqlite")));
    QVERIFY(c.isOk());
    m_cache = std::move(c).value();
    std::vector<Observation> batch;
    // render: a daily price for 31 days (100 -> 130), market cap and FDV from one snapshot
    for (int d = 0; d <= 30; ++d)
        batch.push_back(obs("render", "price_usd", kT0 + d * kDay, 100.0 + d));
    batch.push_back(obs("render", "market_cap_usd", kT0 + 30 * kDay, 1.2e9));
    batch.push_back(obs("render", "fdv_usd", kT0 + 30 * kDay, 2.4e9));
    // akash: two prices 3 days apart: no 24h, 7d or 30d change can be honest
    batch.push_back(obs("akash", "price_usd", kT0, 2.0));
    batch.push_back(obs("akash", "price_usd", kT0 + 3 * kDay, 2.2));
    batch.push_back(obs("akash", "market_cap_usd", kT0 + 29 * kDay, 5e8)); // within 3 days of the newest
    batch.push_back(obs("bittensor", "market_cap_usd", kT0, 2.3e9));
    batch.push_back(obs("near", "market_cap_usd", kT0, 3.6e9));
    batch.push_back(obs("phala", "volume_24h_usd", kT0 + 29 * kDay, 2.1e7)); // figures, but no market cap
    for (int d = 0; d < 40; ++d)
        batch.push_back(obs("bittensor", "fees_usd", kT0 + (30 - d) * kDay, 1000.0, "defillama"));
    QVERIFY(m_cache->write(batch).isOk());
}

void tst_LayerMap::modelContract()
{
    LayerMapModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.reload(*m_cache).isOk());
    QCOMPARE(model.rowCount(), 5); // four layers and the providers band
    QCOMPARE(model.index(0, 0).data(NodeIdRole).toString(), QStringLiteral("infrastructure"));
    const QModelIndex render = model.indexForId(QStringLiteral("render"));
    QCOMPARE(render.parent().data(NodeIdRole).toString(), QStringLiteral("compute"));
    QCOMPARE(render.parent().parent().data(NodeIdRole).toString(), QStringLiteral("infrastructure"));
    int protocols = 0;
    for (int l = 0; l < 4; ++l)
        for (int c = 0; c < model.rowCount(model.index(l, 0)); ++c)
            protocols += model.rowCount(model.index(c, 0, model.index(l, 0)));
    QCOMPARE(protocols, 21);
    QVERIFY(model.reload(*m_cache).isOk()); // a second reload keeps the contract
}

void tst_LayerMap::figuresAndPriceChanges()
{
    LayerMapModel model;
    QVERIFY(model.reload(*m_cache).isOk());
    const QModelIndex render = model.indexForId(QStringLiteral("render"));
    QCOMPARE(render.data(MarketCapRole).toDouble(), 1.2e9);
    QCOMPARE(render.data(FdvOverMcRole).toDouble(), 2.0);
    QCOMPARE(render.data(Change24hRole).toDouble(), (130.0 / 129.0 - 1) * 100);
    QCOMPARE(render.data(Change7dRole).toDouble(), (130.0 / 123.0 - 1) * 100);
    QCOMPARE(render.data(Change30dRole).toDouble(), 30.0);
    const QModelIndex akash = model.indexForId(QStringLiteral("akash"));
    QVERIFY(!akash.data(Change24hRole).isValid()); // nearest earlier point is 3 days back: unknown, not 0
    QVERIFY(!akash.data(Change7dRole).isValid());
    QVERIFY(!akash.data(FdvOverMcRole).isValid());
    QCOMPARE(model.indexForId(QStringLiteral("bittensor")).data(Fees30dRole).toDouble(),
             30000.0); // 30 days of 1,000
    QVERIFY(!model.indexForId(QStringLiteral("olas")).data(MarketCapRole).isValid());
    // An entity with other figures but no market cap: unknown, never 0.
    const QModelIndex phala = model.indexForId(QStringLiteral("phala"));
    QCOMPARE(phala.data(Volume24hRole).toDouble(), 2.1e7);
    QVERIFY(!phala.data(MarketCapRole).isValid());
    QVERIFY(model.indexForId(QStringLiteral("render"))
                .data(ProvenanceRole)
                .toString()
                .contains(QStringLiteral("coingecko")));
}

void tst_LayerMap::viewHitTestsKeysAndZoom()
{
    LayerMapModel model;
    QVERIFY(model.reload(*m_cache).isOk());
    LayerMapView view;
    view.setLayerMapModel(&model);
    view.resize(1200, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QModelIndex near = model.indexForId(QStringLiteral("near"));
    const QRect r = view.visualRect(near);
    QVERIFY(!r.isEmpty());
    QCOMPARE(view.indexAt(r.center()), near);
    // the biggest tile of the map is its largest market cap
    const QRect bittensor = view.visualRect(model.indexForId(QStringLiteral("bittensor")));
    QVERIFY(bittensor.width() * bittensor.height() > r.width() * r.height() / 4);
    // an entity without data still has a tile
    QVERIFY(!view.visualRect(model.indexForId(QStringLiteral("olas"))).isEmpty());
    // keyboard: Right walks to another tile
    view.setFocus();
    view.setCurrentIndex(near);
    QTest::keyClick(&view, Qt::Key_Right);
    QVERIFY(view.currentIndex() != near);
    QCOMPARE(view.currentIndex().data(NodeKindRole).toString(), QStringLiteral("entity"));
    // zoom into a category and back
    view.zoomTo(QStringLiteral("compute"));
    QVERIFY(view.visualRect(model.indexForId(QStringLiteral("near"))).isEmpty());
    const QRect zoomed = view.visualRect(model.indexForId(QStringLiteral("render")));
    QVERIFY(zoomed.width() > 300);
    QTest::keyClick(&view, Qt::Key_Escape);
    QVERIFY(!view.visualRect(model.indexForId(QStringLiteral("near"))).isEmpty());
}

void tst_LayerMap::selectionFollowsProtocolsTable()
{
    LayerMapModel map;
    QVERIFY(map.reload(*m_cache).isOk());
    ProtocolsModel protocols;
    QVERIFY(protocols.reload(*m_cache).isOk());
    ProtocolsProxyModel proxy;
    proxy.setSourceModel(&protocols);
    proxy.sort(ProtocolsModel::MarketCapColumn, Qt::DescendingOrder);
    QTableView table;
    table.setModel(&proxy);
    table.setSelectionBehavior(QAbstractItemView::SelectRows);
    LayerMapView view;
    view.setLayerMapModel(&map);
    SelectionSync sync(&view, NodeIdRole, &table, EntityIdRole);

    view.setCurrentIndex(map.indexForId(QStringLiteral("akash")));
    QCOMPARE(table.currentIndex().data(EntityIdRole).toString(), QStringLiteral("akash"));
    QVERIFY(table.selectionModel()->isRowSelected(table.currentIndex().row(), {}));
    table.setCurrentIndex(proxy.mapFromSource(protocols.indexFor(QStringLiteral("phala"))));
    QCOMPARE(view.currentIndex().data(NodeIdRole).toString(), QStringLiteral("phala"));
}

void tst_LayerMap::detailsShowDependenciesAndClaims()
{
    LayerMapModel map;
    QVERIFY(map.reload(*m_cache).isOk());
    LayerMapPane pane(&map);
    pane.resize(1400, 900);
    pane.view()->setCurrentIndex(map.indexForId(QStringLiteral("akash")));
    const QString html = pane.details()->toHtml();
    QVERIFY2(html.contains(QStringLiteral("node:eliza")),
             qPrintable(html));                            // Eliza relies on Akash (protocol edge)
    QVERIFY(html.contains(QStringLiteral("node:agents"))); // through its category
    QVERIFY(html.contains(QStringLiteral("0.2%")));        // the research's Akash-vs-AWS claim
    QVERIFY(html.contains(QStringLiteral("$500.0M")));
}

void tst_LayerMap::exportsAreValid_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("png") << "png";
    QTest::newRow("svg") << "svg";
    QTest::newRow("pdf") << "pdf";
}

void tst_LayerMap::exportsAreValid()
{
    QFETCH(QString, format);
    LayerMapModel map;
    QVERIFY(map.reload(*m_cache).isOk());
    const QString path = m_dir.filePath(QStringLiteral("map.") + format);
    LayerMapOptions options;
    QVERIFY(exportLayerMap(map, options, QSize(2400, 1500), format, path).isOk());
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    if (format == QLatin1String("png")) {
        QImage image;
        QVERIFY(image.loadFromData(bytes, "PNG"));
        QCOMPARE(image.size(), QSize(2400, 1500));
    } else if (format == QLatin1String("pdf")) {
        QVERIFY(bytes.startsWith("%PDF-"));
        QVERIFY(bytes.trimmed().endsWith("%%EOF"));
    } else {
        QXmlStreamReader xml(bytes);
        while (!xml.atEnd())
            xml.readNext();
        QVERIFY(!xml.hasError());
    }
    QVERIFY(!QFile::exists(path + QStringLiteral(".tmp")));
    QVERIFY(!exportLayerMap(map, options, QSize(100, 100), QStringLiteral("bmp"), path).isOk());
}

// The text an SVG export draws, in drawing order, lines joined by spaces (a wrapped name is
// drawn a line at a time).
static QString svgText(const QByteArray &bytes)
{
    QStringList texts;
    QXmlStreamReader xml(bytes);
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::Characters && !xml.isWhitespace())
            texts << xml.text().toString().trimmed();
    }
    return texts.join(u' ');
}

void tst_LayerMap::everyProtocolNamedInExports_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<bool>("showStale");
    QTest::newRow("1600x1000") << QSize(1600, 1000) << false;
    QTest::newRow("1600x1000, stale shown") << QSize(1600, 1000) << true;
    QTest::newRow("900x560") << QSize(900, 560) << false;
}

void tst_LayerMap::everyProtocolNamedInExports()
{
    // Market caps a thousandfold apart in one box, as Render beside Akash and io.net: slivers
    // a few pixels wide, which must still be named (up their side or in the key strip).
    QFETCH(QSize, size);
    QFETCH(bool, showStale);
    QTemporaryDir dir;
    auto c = openUserCache(dir.filePath(QStringLiteral("skewed.sqlite")));
    QVERIFY(c.isOk());
    std::vector<Observation> batch;
    const UnixSeconds at = kT0 + 30 * kDay;
    batch.push_back(obs("render", "market_cap_usd", at, 2e12));
    batch.push_back(obs("akash", "market_cap_usd", at, 3e8));
    batch.push_back(obs("io-net", "market_cap_usd", at, 1e8));
    batch.push_back(obs("aixbt", "market_cap_usd", at, 4e7));
    batch.push_back(obs("goat", "market_cap_usd", at, 9e11));
    batch.push_back(obs("arc", "market_cap_usd", at, 1e6));
    batch.push_back(obs("eliza", "market_cap_usd", at, 5e11));
    batch.push_back(obs("near", "market_cap_usd", at - 20 * kDay, 3.6e9)); // stale at `at`
    QVERIFY(c.value()->write(batch).isOk());
    LayerMapModel map;
    AsOf asOf;
    asOf.includeStale = showStale;
    QVERIFY(map.reload(*c.value(), asOf).isOk());
    const QString path = dir.filePath(QStringLiteral("map.svg"));
    QVERIFY(exportLayerMap(map, LayerMapOptions{}, size, QStringLiteral("svg"), path).isOk());
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString text = svgText(f.readAll());
    QVERIFY(!text.isEmpty());
    int named = 0;
    for (const Entity *e : map.taxonomy().protocols()) {
        const QString name = QString::fromStdString(e->name);
        QVERIFY2(text.contains(name), qPrintable(name + QStringLiteral(" is not named in full")));
        ++named;
    }
    QCOMPARE(named, 21);
    // NEAR's market cap, 20 days old, is no data unless asked for, and then shown with its date.
    const QString nearFigure =
        QStringLiteral("$3.60B of %1").arg(QString::fromStdString(formatIsoDate(at - 20 * kDay)));
    QCOMPARE(text.contains(nearFigure), showStale);
    QCOMPARE(text.contains(QStringLiteral("stale: older than its window")), showStale);
}

QTEST_MAIN(tst_LayerMap)
#include "tst_layermap.moc"
