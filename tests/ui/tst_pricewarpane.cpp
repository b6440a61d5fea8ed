// SPDX-License-Identifier: GPL-3.0-or-later
// The price war pane on the shipped default data: its GPU, rental kind and range controls, the
// cursor of the as-of date, the provider list, its exports, and a GPU the user's taxonomy overlay
// adds joining its GPU list once priced.
#include "datasources/cache/cache.h"
#include "datasources/cache/sqlthreadguard.h"
#include "datasources/importers/csvimporter.h"
#include "models/item/chartdatamodel.h"
#include "support/storetest.h"
#include "support/warnings.h"
#include "ui/charts/chartbuilder.h"
#include "ui/charts/chartpanel.h"
#include "ui/panes/charts/pricewarpane.h"

#include <QComboBox>
#include <QFile>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace stackatlas;

class tst_PriceWarPane : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void priceWarPaneControls();
    void overlayGpuJoinsTheGpuList();

private:
    DataStore &store() { return m_fx.store(); }
    test::StoreFixture m_fx;
};

#define SETTLE() QVERIFY(test::settle(store()))

void tst_PriceWarPane::init()
{
    test::failOnUnexpectedWarnings();
    const std::string error = m_fx.reset(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE));
    QVERIFY2(error.empty(), error.c_str());
}

void tst_PriceWarPane::priceWarPaneControls()
{
    PriceWarPane pane(store());
    pane.activate(); // a pane reads nothing until shown or activated
    SETTLE();
    pane.resize(1400, 900);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    pane.setGpu(QStringLiteral("no-such-gpu")); // not on offer: the choice stays
    SETTLE();
    QCOMPARE(pane.gpu(), QStringLiteral("h100-80gb"));
    pane.setGpu(QStringLiteral("rtx-4090"));
    SETTLE();
    QVERIFY(pane.priceModel()->chart().title.find("4090") != std::string::npos);
    pane.setGpu(QStringLiteral("h100-80gb"));
    SETTLE();
    pane.setPreset(QStringLiteral("90d"));
    QApplication::processEvents();
    const auto [from, to] = pane.pricePanel()->built()->xRange();
    QVERIFY2(std::abs((to - from) / 86400.0 - 90) < 1, qPrintable(QString::number((to - from) / 86400.0)));
    // an export holds the range on show
    const std::vector<ChartData> shown = pane.charts();
    for (const ChartSeries &s : shown.at(0).series)
        for (const ChartPoint &p : s.points)
            QVERIFY2(p.x >= from - 1 && p.x <= to + 1, s.name.c_str());
    QVERIFY(pane.charts().at(0).pointCount() < pane.priceModel()->chart().pointCount());
    pane.setPreset(QStringLiteral("all"));
    QCOMPARE(pane.charts().at(0).pointCount(), pane.priceModel()->chart().pointCount());
    const auto full = pane.pricePanel()->built()->dataXRange();
    const auto [allFrom, allTo] = pane.pricePanel()->built()->xRange();
    QCOMPARE(allFrom, full->first);
    QCOMPARE(allTo, full->second);
    // the index shows the same dates as the prices, though its own data starts later
    QVERIFY(pane.indexPanel()->built()->dataXRange()->first > allFrom);
    QCOMPARE(pane.indexPanel()->built()->xRange(), std::make_pair(allFrom, allTo));
    // and follows a zoom of the price chart
    const double mid = (allFrom + allTo) / 2;
    pane.pricePanel()->built()->setXRange(mid, allTo);
    emit pane.pricePanel()->xRangeChanged(mid, allTo);
    QCOMPARE(pane.indexPanel()->built()->xRange(), std::make_pair(mid, allTo));
    pane.setPreset(QStringLiteral("all"));
    // the app's as-of date is a cursor on both charts, which keep their dates in step
    AsOf asOf;
    asOf.at = UnixSeconds(mid);
    store().setAsOf(asOf);
    SETTLE();
    QCOMPARE(pane.priceModel()->chart().cursor, asOf.at);
    QCOMPARE(pane.charts().at(1).cursor, asOf.at);
    QCOMPARE(pane.indexPanel()->built()->xRange(), pane.pricePanel()->built()->xRange());
    store().setAsOf({});
    SETTLE();
    QVERIFY(!pane.priceModel()->chart().cursor);
    // the provider list hides a line
    auto *tree = pane.findChild<QTreeWidget *>();
    QVERIFY(tree);
    QTreeWidgetItem *first = tree->topLevelItem(0)->child(0);
    QVERIFY(first);
    const auto si = std::size_t(first->data(0, Qt::UserRole).toULongLong());
    QVERIFY(pane.pricePanel()->built()->isSeriesVisible(si));
    first->setCheckState(0, Qt::Unchecked);
    QVERIFY(!pane.pricePanel()->built()->isSeriesVisible(si));
    // exports from the pane, with what it shows
    const QString out = m_fx.dir->filePath(QStringLiteral("pane.csv"));
    QVERIFY(pane.exportTo(out, {}).isOk());
    QVERIFY(!pane.exportTo(m_fx.dir->filePath(QStringLiteral("pane.txt")), {}).isOk());
}

void tst_PriceWarPane::overlayGpuJoinsTheGpuList()
{
    // A GPU the user's taxonomy overlay adds is priced by an import and offered by the price war.
    const QString overlay = m_fx.dir->filePath(QStringLiteral("taxonomy-overlay.json"));
    QFile f(overlay);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"format": "stackatlas-taxonomy-overlay", "version": 1,
 "gpu_models": [{"key": "mi325x", "name": "AMD Instinct MI325X", "memory_gb": 256}],
 "gpu_aliases": [{"spelling": "MI325X", "gpu": "mi325x"}]})");
    f.close();
    qputenv("STACKATLAS_TAXONOMY_OVERLAY", overlay.toUtf8());
    const auto unset = qScopeGuard([] { qunsetenv("STACKATLAS_TAXONOMY_OVERLAY"); });
    store(); // opening the cache puts the overlay on
    const QString csv = m_fx.dir->filePath(QStringLiteral("mi325x.csv"));
    QFile c(csv);
    QVERIFY(c.open(QIODevice::WriteOnly));
    c.write("entity,metric,unit,timestamp,value,source,dim.gpu\n"
            "runpod,gpu_hourly_usd,USD/GPU-hour,2026-11-02,2.49,runpod,MI325X\n"
            "aws,gpu_hourly_usd,USD/GPU-hour,2026-11-02,4.10,aws,MI325X\n");
    c.close();
    const cache::AllowSqlOnThisThread setUp; // the test writes the data a user would import
    auto imported = importCsvFile(*m_fx.cache, csv);
    QVERIFY2(imported.isOk() && imported.value().written == 2 && imported.value().rejected.empty(),
             imported.isOk() ? "rows rejected" : imported.status().message().c_str());

    PriceWarPane pane(store());
    pane.activate();
    SETTLE();
    auto *gpus = pane.findChild<QComboBox *>(QStringLiteral("gpu"));
    QVERIFY(gpus);
    const int i = gpus->findData(QStringLiteral("mi325x"));
    QVERIFY2(i >= 0, "the overlay's GPU is not in the list");
    QCOMPARE(gpus->itemText(i), QStringLiteral("AMD Instinct MI325X"));
    pane.setGpu(QStringLiteral("mi325x"));
    SETTLE();
    QCOMPARE(pane.gpu(), QStringLiteral("mi325x"));
    QVERIFY(pane.priceModel()->chart().title.find("MI325X") != std::string::npos);
}

QTEST_MAIN(tst_PriceWarPane)
#include "tst_pricewarpane.moc"
