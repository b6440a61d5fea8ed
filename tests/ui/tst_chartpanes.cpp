// SPDX-License-Identifier: GPL-3.0-or-later
// The chart panes on the shipped default data: chart models, loaders, the QtCharts binding with
// downsampling, exports, and the panes' controls (the price war pane's: tst_pricewarpane).
#include "datasources/cache/cache.h"
#include "datasources/cache/sqlthreadguard.h"
#include "models/domain/translate.h"
#include "models/item/activitymodel.h"
#include "models/item/chartdatamodel.h"
#include "models/item/chartloaders.h"
#include "models/item/valueformat.h"
#include "support/defaultdatalicence.h"
#include "support/storetest.h"
#include "support/warnings.h"
#include "ui/charts/chartbuilder.h"
#include "ui/charts/chartexport.h"
#include "ui/charts/chartpanel.h"
#include "ui/charts/chartstyle.h"
#include "ui/panes/activity/activitypane.h"
#include "ui/panes/charts/pricewarpane.h"
#include "ui/panes/charts/usagepane.h"
#include "ui/panes/charts/valuationpane.h"

#include <QAbstractItemModelTester>
#include <QChart>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QFile>
#include <QGraphicsScene>
#include <QImage>
#include <QMenu>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QTreeWidget>
#include <QXYSeries>

using namespace stackatlas;

namespace {

const QString kDefaultData = QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE);

ChartData syntheticChart(std::size_t n)
{
    ChartData c;
    c.id = "test.big";
    c.title = "big";
    c.unit = "USD/GPU-hour";
    ChartSeries s{"provider", "marketplace", SeriesRole::Line, {}};
    s.points.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        s.points.push_back({1.7e9 + double(i) * 60,
                            2.0 + std::sin(double(i) / 5000.0) + (i == n / 3 ? 50 : 0), 0, "", "synthetic",
                            UnixSeconds(1.7e9 + double(i) * 60)});
    c.series.push_back(std::move(s));
    return c;
}

} // namespace

class tst_ChartPanes : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void modelUnderTester();
    void loadersOnDefaultData();
    void derivedCapsAreMarkedAndCanBeHidden();
    void benchmarksAreChartedInPriceMode();
    void millionPointsReachTheChartDownsampled();
    void legendToggleCarriesTheBand();
    void exportsAreValid();
    void usagePaneClaim();
    void valuationPaneLoads();
    void activityListsRunsAndProblems();
    void choicesSurviveARestart();
    void damagedChoicesAreSkipped();
    void localeFormatsReachTheCharts();
    void chartTextIsTranslated();

private:
    DataStore &store() { return m_fx.store(); }
    test::StoreFixture m_fx;
};

#define SETTLE() QVERIFY(test::settle(store()))

void tst_ChartPanes::init()
{
    test::failOnUnexpectedWarnings();
    const std::string error = m_fx.reset(kDefaultData);
    QVERIFY2(error.empty(), error.c_str());
}

void tst_ChartPanes::modelUnderTester()
{
    ChartDataModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ChartData c;
    c.unit = "USD";
    c.series = {{"a", "g", SeriesRole::Line, {{1.7e9, 1.5, 0, "", "src", 1}}},
                {"empty", "g", SeriesRole::Line, {}},
                {"band",
                 "g",
                 SeriesRole::Band,
                 {{1.7e9, 1.0, 2.0, "", "", 0}, {1.7e9 + 86400, 1.0, 3.0, "", "", 0}}}};
    model.setChart(c);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.locate(1), (std::pair<std::size_t, std::size_t>{2, 0}));
    QCOMPARE(model.index(2, ChartDataModel::HighColumn).data(ChartDataModel::RawValueRole).toDouble(), 3.0);
    QVERIFY(!model.index(0, ChartDataModel::HighColumn).data(ChartDataModel::RawValueRole).isValid());
    QCOMPARE(model.index(0, ChartDataModel::XColumn).data().toString(),
             QStringLiteral("2023-11-14T22:13:20Z"));
    QCOMPARE(model.index(0, ChartDataModel::SourceColumn).data().toString(), QStringLiteral("src"));
    model.setChart({});
    QCOMPARE(model.rowCount(), 0);
    model.setChart(syntheticChart(1000));
    QCOMPARE(model.rowCount(), 1000);
}

void tst_ChartPanes::loadersOnDefaultData()
{
    STACKATLAS_SKIP_WITHOUT_NONCOMMERCIAL_DATA(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE));
    const auto gpus = pricedGpus(*m_fx.cache);
    QVERIFY(gpus.isOk());
    QVERIFY(std::find(gpus.value().begin(), gpus.value().end(), "h100-80gb") != gpus.value().end());
    QVERIFY(std::find(gpus.value().begin(), gpus.value().end(), "rtx-4090") != gpus.value().end());

    const auto pw = loadPriceWarCharts(*m_fx.cache, {});
    QVERIFY2(pw.isOk(), pw.status().message().c_str());
    // the AWS June 2025 cut on the H100 chart: 12.29 then 6.88 USD per GPU-hour
    const ChartSeries *aws = nullptr;
    for (const ChartSeries &s : pw.value().prices.series)
        if (s.name == "Amazon Web Services")
            aws = &s;
    QVERIFY(aws);
    double before = 0, after = 0;
    for (const ChartPoint &p : aws->points) {
        if (formatIsoDate(UnixSeconds(p.x)) == "2025-06-04")
            before = p.y;
        if (formatIsoDate(UnixSeconds(p.x)) == "2025-06-05")
            after = p.y;
    }
    QCOMPARE(before, 12.29);
    QCOMPARE(after, 6.88);
    // No decentralized or marketplace H100 price is dated 2023-05..2026-02 (the DeepSeek shock
    // among those months): both captions say so rather than let the incumbents' lines stand alone.
    for (const ChartData *c : {&pw.value().prices, &pw.value().index})
        QVERIFY2(c->caption.find(
                     "No Decentralized network + Marketplace price is dated 2023-05-01 to 2026-02-10") !=
                     std::string::npos,
                 c->caption.c_str());
    // the index moves across time
    const auto &idx = pw.value().index.series.at(0).points;
    QVERIFY(idx.size() > 50);
    // 2026-05-12: one challenger against nine incumbents (five daily prices and four May rate cards,
    // each counted on every day of its month), apart from the line, with n = 1 / 9
    const ChartSeries &thin = pw.value().index.series.at(1);
    QCOMPARE(thin.group, std::string("index-thin"));
    const auto may12 = std::find_if(thin.points.begin(), thin.points.end(), [](const ChartPoint &p) {
        return formatIsoDate(UnixSeconds(p.x)) == "2026-05-12";
    });
    QVERIFY(may12 != thin.points.end());
    QCOMPARE(may12->count, 1);
    QCOMPARE(may12->countOther, 9);
    QVERIFY(std::none_of(idx.begin(), idx.end(), [](const ChartPoint &p) {
        return formatIsoDate(UnixSeconds(p.x)) == "2026-05-12";
    }));
    const auto [lo, hi] =
        std::minmax_element(idx.begin(), idx.end(), [](auto &a, auto &b) { return a.y < b.y; });
    QVERIFY2(hi->y - lo->y > 0.05, "the H100 index is flat");
    // the AWS cut is annotated
    bool cut = false;
    for (const ChartAnnotation &a : pw.value().prices.annotations)
        cut = cut || a.title.find("AWS cuts") != std::string::npos;
    QVERIFY(cut);

    const auto val = loadValuationCharts(*m_fx.cache, {});
    QVERIFY(val.isOk());
    QVERIFY(!val.value().performance.isEmpty());
    QVERIFY(!val.value().fdvVsMarketCap.isEmpty());
    const auto use = loadUsageCharts(*m_fx.cache);
    QVERIFY(use.isOk());
    QCOMPARE(use.value().claimedSplit.series.at(0).points.at(0).y, 70.0);
    QVERIFY(use.value().feesByLayer.isEmpty()); // the sample data has no fees, and says so
    QVERIFY(!use.value().feesByLayer.emptyReason.empty());
    QVERIFY(!loadPaneCharts(*m_fx.cache, "nope", "", {}).isOk());
    // a range narrows what is read
    TimeRange range{parseTimestamp("2026-06-01").value, parseTimestamp("2026-06-30").value, {}};
    const auto june = loadPaneCharts(*m_fx.cache, "price-war", "h100-80gb", range);
    QVERIFY(june.isOk());
    for (const ChartSeries &s : june.value()[0].series)
        for (const ChartPoint &p : s.points)
            QVERIFY(p.x >= double(*range.from) && p.x <= double(*range.to));
}

// Bittensor's market cap of 2025-01-20 is derived (price x a dated supply): its bar is marked with a
// dagger and named in the caption; "Observed only" leaves it out (unknown, not an older figure).
void tst_ChartPanes::derivedCapsAreMarkedAndCanBeHidden()
{
    STACKATLAS_SKIP_WITHOUT_NONCOMMERCIAL_DATA(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE));
    TimeRange range;
    range.asOf.at = parseTimestamp("2025-01-20T23:59:59Z").value;
    PerformanceOptions options;
    const auto shown = loadValuationCharts(*m_fx.cache, options, range);
    QVERIFY(shown.isOk());
    const ChartData &bars = shown.value().fdvVsMarketCap;
    QVERIFY(std::find(bars.categories.begin(), bars.categories.end(), "Model: TAO\u2020") !=
            bars.categories.end());
    QVERIFY2(bars.caption.find(
                 "Market cap derived as price x a dated circulating supply, not observed: Vana, Bittensor") !=
                 std::string::npos,
             bars.caption.c_str());
    options.hideDerived = true;
    const auto hidden = loadValuationCharts(*m_fx.cache, options, range);
    QVERIFY(hidden.isOk());
    const ChartData &observed = hidden.value().fdvVsMarketCap;
    QVERIFY(std::none_of(observed.categories.begin(), observed.categories.end(),
                         [](const std::string &c) { return c.find("TAO") != std::string::npos; }));
    QVERIFY(observed.caption.find("derived") == std::string::npos);
    for (const ChartSeries &line : hidden.value().performance.series)
        for (const ChartPoint &p : line.points)
            QVERIFY(p.source != "derived");
}

// In price mode the indexed chart draws the benchmarks beside the tokens, each named as one (NVIDIA
// has no trading day on 2025-01-20, a US holiday, so its own base is named), in no layer average.
void tst_ChartPanes::benchmarksAreChartedInPriceMode()
{
    PerformanceOptions options;
    options.metric = "price_usd";
    const auto charts = loadValuationCharts(*m_fx.cache, options, {});
    QVERIFY(charts.isOk());
    std::vector<std::string> names;
    for (const ChartSeries &line : charts.value().performance.series)
        if (line.group == "benchmark")
            names.push_back(line.name);
    QVERIFY(std::find(names.begin(), names.end(), "Bitcoin (BTC), benchmark") != names.end());
    QVERIFY(std::find(names.begin(), names.end(), "NVIDIA (NVDA), benchmark (base 2025-01-21)") !=
            names.end());
    QCOMPARE(names.size(), std::size_t(4));
    QVERIFY(charts.value().performance.caption.find("Benchmarks (outside the stack, in no layer average)") !=
            std::string::npos);
    // Market cap mode indexes the stack only.
    const auto caps = loadValuationCharts(*m_fx.cache, {}, {});
    for (const ChartSeries &line : caps.value().performance.series)
        QVERIFY(line.group != "benchmark");
}

void tst_ChartPanes::millionPointsReachTheChartDownsampled()
{
    const ChartData data = syntheticChart(1000000);
    QGraphicsScene scene;
    BuiltChart *built = BuiltChart::build(data, {});
    scene.addItem(built->chart());
    built->chart()->resize(1200, 600);
    const std::size_t width = std::size_t(built->chart()->plotArea().width());
    const std::size_t all = built->resample();
    QVERIFY2(all <= 2 * width + 4, qPrintable(QString::number(all)));
    // zoomed out, the one-point spike is still drawn
    {
        auto *series = qobject_cast<QXYSeries *>(built->chart()->series().at(0));
        double top = 0;
        for (const QPointF &p : series->points())
            top = std::max(top, p.y());
        QVERIFY(top > 50);
    }
    // zoomed to a few percent: still bounded, and the spike in the window survives
    const double spikeX = data.series[0].points[1000000 / 3].x;
    built->setXRange(spikeX - 3600 * 24, spikeX + 3600 * 24);
    const std::size_t zoomed = built->resample();
    QVERIFY(zoomed <= 2 * width + 4);
    auto *line = qobject_cast<QXYSeries *>(built->chart()->series().at(0));
    double top = 0;
    for (const QPointF &p : line->points())
        top = std::max(top, p.y());
    QVERIFY(top > 50);
    // hover describes the raw point with its source and as-of
    const QString text = built->describe(line, QPointF(line->points().at(5).x(), 0));
    QVERIFY(text.contains(QStringLiteral("synthetic")));
    QVERIFY(text.contains(QStringLiteral("as of")));
}

void tst_ChartPanes::legendToggleCarriesTheBand()
{
    ChartData c;
    c.unit = "USD/GPU-hour";
    c.series = {{"Marketplace min-max", "marketplace", SeriesRole::Band, {{1.7e9, 1, 2, "", "", 0}}},
                {"Marketplace median", "marketplace", SeriesRole::Median, {{1.7e9, 1.5, 0, "", "", 0}}},
                {"vast", "marketplace", SeriesRole::Line, {{1.7e9, 1.5, 0, "", "s", 0}}}};
    QGraphicsScene scene;
    BuiltChart *built = BuiltChart::build(c, {});
    scene.addItem(built->chart());
    built->toggleSeries(1);
    QVERIFY(!built->isSeriesVisible(0));
    QVERIFY(!built->isSeriesVisible(1));
    QVERIFY(built->isSeriesVisible(2));
    built->toggleSeries(1);
    QVERIFY(built->isSeriesVisible(0));
}

void tst_ChartPanes::exportsAreValid()
{
    const auto charts = loadPaneCharts(*m_fx.cache, "price-war", "h100-80gb", {});
    QVERIFY(charts.isOk());
    const QString png = m_fx.dir->filePath(QStringLiteral("pw.png"));
    QVERIFY(exportCharts(charts.value(), QStringLiteral("png"), png, QSize(1200, 800), QStringLiteral("t"))
                .isOk());
    QImage image(png);
    QCOMPARE(image.size(), QSize(1200, 800));
    // not blank: the chart drew something other than the background
    int coloured = 0;
    for (int y = 0; y < image.height(); y += 7)
        for (int x = 0; x < image.width(); x += 7)
            coloured += QColor(image.pixel(x, y)).saturation() > 80;
    QVERIFY(coloured > 50);
    const QString svg = m_fx.dir->filePath(QStringLiteral("pw.svg"));
    QVERIFY(
        exportCharts(charts.value(), QStringLiteral("svg"), svg, QSize(1200, 800), QStringLiteral("Title"))
            .isOk());
    QFile s(svg);
    QVERIFY(s.open(QIODevice::ReadOnly));
    const QByteArray svgText = s.readAll();
    QVERIFY(svgText.contains("<svg"));
    QVERIFY(svgText.contains("<title>Title</title>"));
    QVERIFY(svgText.contains("aws-price-list"));
    const QString pdf = m_fx.dir->filePath(QStringLiteral("pw.pdf"));
    QVERIFY(exportCharts(charts.value(), QStringLiteral("pdf"), pdf, QSize(1200, 800), QStringLiteral("t"))
                .isOk());
    QFile p(pdf);
    QVERIFY(p.open(QIODevice::ReadOnly));
    const QByteArray pdfBytes = p.readAll();
    QVERIFY(pdfBytes.startsWith("%PDF-"));
    QCOMPARE(pdfBytes.count("/Type /Page\n") + pdfBytes.count("/Type /Page\r") +
                 pdfBytes.count("/Type /Page "),
             1);
    const QString csv = m_fx.dir->filePath(QStringLiteral("pw.csv"));
    QVERIFY(exportCharts(charts.value(), QStringLiteral("csv"), csv, {}, {}).isOk());
    QFile cf(csv);
    QVERIFY(cf.open(QIODevice::ReadOnly));
    const QByteArray csvText = cf.readAll();
    std::size_t points = 0;
    for (const ChartData &c : charts.value())
        points += c.pointCount();
    QCOMPARE(std::size_t(csvText.count('\n')), points + 1);
    // the AWS cut, at full resolution, with its source
    QVERIFY(csvText.contains(
        "price-war.prices,Amazon Web Services,hyperscaler,line,aws,2025-06-05T07:22:36Z,6.88,,USD/GPU-hour,"
        "aws-price-list,"));
    // a folder that does not exist: an error, nothing written, the old file kept
    const Status bad =
        exportCharts(charts.value(), QStringLiteral("png"), m_fx.dir->filePath(QStringLiteral("no/x.png")),
                     QSize(800, 600), QStringLiteral("t"));
    QVERIFY(!bad.isOk());
    QVERIFY(!exportCharts(charts.value(), QStringLiteral("gif"), png, QSize(800, 600), {}).isOk());
    QCOMPARE(QImage(png).size(), QSize(1200, 800));
}

void tst_ChartPanes::usagePaneClaim()
{
    UsagePane pane(store());
    pane.activate(); // a pane reads nothing until shown or activated
    SETTLE();
    const Status bad = pane.saveClaim(70, 20, 20, QStringLiteral("mine"));
    QVERIFY(!bad.isOk());
    QVERIFY(bad.message().find("110") != std::string::npos);
    SETTLE();
    {
        const cache::AllowSqlOnThisThread check;
        QVERIFY(!m_fx.cache->metadata(usageClaimMetadataKey).has_value());
    }
    QVERIFY(pane.saveClaim(50, 30, 20, QStringLiteral("my survey")).isOk());
    SETTLE();
    QCOMPARE(pane.statusText(), QStringLiteral("Your split is kept in this cache."));
    const ChartData split = pane.charts().at(0);
    QCOMPARE(split.series.at(0).points.at(1).y, 30.0);
    QVERIFY(split.caption.find("my survey") != std::string::npos);
    pane.resetClaim();
    SETTLE();
    QCOMPARE(pane.charts().at(0).series.at(0).points.at(0).y, 70.0);
}

void tst_ChartPanes::valuationPaneLoads()
{
    STACKATLAS_SKIP_WITHOUT_NONCOMMERCIAL_DATA(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE));
    ValuationPane pane(store());
    pane.activate(); // a pane reads nothing until shown or activated
    SETTLE();
    const auto charts = pane.charts();
    QCOMPARE(charts.size(), std::size_t(3));
    QVERIFY(charts[2].title.find("2025-01-20") != std::string::npos);
    QVERIFY(!charts[2].isEmpty());
}

void tst_ChartPanes::activityListsRunsAndProblems()
{
    ActivityModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.reload(*m_fx.cache).isOk());
    const int imports = model.rowCount();
    // one run per shipped file: 29, or 16 without the 13 non-commercial ones
    QVERIFY(imports >= (test::hasNonCommercialData(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE)) ? 20 : 14));
    FetchRun failed;
    failed.source = "coingecko";
    failed.startedAt = failed.endedAt = 4102444800; // 2100: newest
    failed.status = "failed";
    failed.httpStatus = 429;
    failed.error = "rate limited";
    QVERIFY(m_fx.cache->recordRun(failed).isOk());
    QVERIFY(model.reload(*m_fx.cache).isOk());
    QCOMPARE(model.rowCount(), imports + 1);
    QCOMPARE(model.index(0, ActivityModel::StatusColumn).data().toString(), QStringLiteral("failed"));
    QVERIFY(
        model.index(0, ActivityModel::DetailColumn).data().toString().contains(QStringLiteral("HTTP 429")));
    model.add(QStringLiteral("export"), QStringLiteral("error"), QStringLiteral("disk full"));
    QCOMPARE(model.rowCount(), imports + 2);
    ActivityPane pane(&model);
    pane.setFilter({}, QStringLiteral("problems"));
    QCOMPARE(pane.view()->model()->rowCount(), 2);
    pane.setFilter(QStringLiteral("disk"), {});
    QCOMPARE(pane.view()->model()->rowCount(), 1);
    // the session's entries survive a reload of the cache's runs
    QVERIFY(model.reload(*m_fx.cache).isOk());
    QCOMPARE(model.rowCount(), imports + 2);
}

namespace {
// What the next start reads: the choices written to an INI file and read back, as QSettings does.
QVariantMap throughSettings(const QVariantMap &choices, const QString &file)
{
    {
        QSettings out(file, QSettings::IniFormat);
        out.setValue(QStringLiteral("panes/pane"), choices);
    }
    QSettings in(file, QSettings::IniFormat);
    return in.value(QStringLiteral("panes/pane")).toMap();
}

QAction *sideAction(QWidget &pane, bool cheap, const QString &cls)
{
    for (QMenu *menu : pane.findChildren<QMenu *>())
        if (menu->property("cheap").isValid() && menu->property("cheap").toBool() == cheap)
            for (QAction *a : menu->actions())
                if (a->data().toString() == cls)
                    return a;
    return nullptr;
}
} // namespace

void tst_ChartPanes::choicesSurviveARestart()
{
    const QString ini = m_fx.dir->filePath(QStringLiteral("stackatlas.conf"));
    PriceWarPane before(store());
    before.activate(); // a pane reads nothing until shown or activated
    SETTLE();
    before.resize(1400, 900);
    before.show();
    QVERIFY(QTest::qWaitForWindowExposed(&before));
    const QVariantMap defaults = before.choices();
    auto *body = before.findChild<QSplitter *>();
    QVERIFY(body);
    body->setSizes({260, 1100});
    auto *rental = before.findChild<QComboBox *>(QStringLiteral("rental"));
    QVERIFY(rental);
    rental->setCurrentIndex(rental->findData(QStringLiteral("spot")));
    before.findChild<QCheckBox *>(QStringLiteral("logScale"))->setChecked(true);
    before.setPreset(QStringLiteral("90d"));
    QAction *marketplace = sideAction(before, true, QStringLiteral("marketplace"));
    QVERIFY(marketplace && marketplace->isChecked());
    marketplace->setChecked(false); // the index without marketplaces on the cheaper side
    SETTLE();
    const QVariantMap chosen = before.choices();
    QVERIFY(chosen != defaults);

    PriceWarPane after(store());

    after.activate(); // a pane reads nothing until shown or activated
    SETTLE();
    after.resize(1400, 900);
    after.show();
    QVERIFY(QTest::qWaitForWindowExposed(&after));
    after.restoreChoices(throughSettings(chosen, ini));
    SETTLE();
    QCOMPARE(after.choices(), chosen);
    QCOMPARE(after.findChild<QSplitter *>()->sizes(), body->sizes());
    QCOMPARE(after.findChild<QComboBox *>(QStringLiteral("rental"))->currentData().toString(),
             QStringLiteral("spot"));
    QVERIFY(!sideAction(after, true, QStringLiteral("marketplace"))->isChecked());
    // The restored options reach the charts, not only the controls.
    QCOMPARE(after.indexModel()->chart().caption, before.indexModel()->chart().caption);
    QCOMPARE(after.priceModel()->chart().title, before.priceModel()->chart().title);
    QVERIFY(after.priceModel()->chart().title != [this] {
        PriceWarPane fresh(store());
        fresh.activate(); // a pane reads nothing until shown or activated
        return test::settle(store()) ? fresh.priceModel()->chart().title : std::string();
    }());

    ValuationPane valuation(store());

    valuation.activate(); // a pane reads nothing until shown or activated
    SETTLE();
    valuation.findChild<QDateEdit *>()->setDate(QDate(2025, 3, 3));
    valuation.findChild<QCheckBox *>(QStringLiteral("layerAverages"))->setChecked(false);
    SETTLE();
    const QVariantMap valuationChoices = valuation.choices();
    ValuationPane valuationAfter(store());
    valuationAfter.activate(); // a pane reads nothing until shown or activated
    SETTLE();
    valuationAfter.restoreChoices(throughSettings(valuationChoices, ini));
    SETTLE();
    // Never shown, its splitters have no sizes yet; the price war pane above checks splitters.
    auto options = [](QVariantMap m) {
        m.remove(QStringLiteral("splitters"));
        return m;
    };
    QCOMPARE(options(valuationAfter.choices()), options(valuationChoices));
    QVERIFY(valuationAfter.charts().at(2).title.find("2025-03-03") != std::string::npos);
    QCOMPARE(valuationAfter.charts().at(2).series.size(), valuation.charts().at(2).series.size());
}

void tst_ChartPanes::damagedChoicesAreSkipped()
{
    PriceWarPane pane(store());
    pane.activate(); // a pane reads nothing until shown or activated
    SETTLE();
    const QVariantMap defaults = pane.choices();
    pane.restoreChoices({{QStringLiteral("rental"), QStringLiteral("weekly")},
                         {QStringLiteral("preset"), QStringLiteral("5y")},
                         {QStringLiteral("logScale"), QStringLiteral("maybe")},
                         {QStringLiteral("cheapSide"), QStringList{QStringLiteral("martian")}},
                         {QStringLiteral("splitters"), QVariantList{QByteArray("junk"), QByteArray()}}});
    QCOMPARE(pane.choices(), defaults);
    ValuationPane valuation(store());
    valuation.activate(); // a pane reads nothing until shown or activated
    SETTLE();
    const QVariantMap valuationDefaults = valuation.choices();
    valuation.restoreChoices({{QStringLiteral("baseDate"), QStringLiteral("2025-02-30")},
                              {QStringLiteral("excludedProtocols"), 42}});
    QCOMPARE(valuation.choices(), valuationDefaults);
}

void tst_ChartPanes::localeFormatsReachTheCharts()
{
    DisplayFormat german;
    german.localeNumbers = german.localeDates = true;
    german.locale = QLocale(QLocale::German, QLocale::Germany);
    setDisplayFormat(german);
    PriceWarPane pane(store());
    pane.activate(); // a pane reads nothing until shown or activated
    SETTLE();
    pane.resize(1400, 900);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QChart *chart = pane.pricePanel()->built()->chart();
    QVERIFY(chart->localizeNumbers());
    QCOMPARE(chart->locale(), german.locale);
    QCOMPARE(formatValue(1234.5, "USD/GPU-hour"), QStringLiteral("1.235 USD/GPU-hour"));
    QCOMPARE(formatValue(2.5, "USD/GPU-hour"), QStringLiteral("2,50 USD/GPU-hour"));
    // the CSV behind the chart stays machine-readable
    QVERIFY(chartsToCsv(pane.charts()).find(",6.88,") != std::string::npos);
    if (const QString shots = qEnvironmentVariable("STACKATLAS_SCREENSHOT_DIR"); !shots.isEmpty())
        pane.grab().save(shots + QStringLiteral("/price-war-de.png"));
    setDisplayFormat({});
    PriceWarPane plain(store());
    plain.activate(); // a pane reads nothing until shown or activated
    SETTLE();
    QVERIFY(!plain.pricePanel()->built()->chart()->localizeNumbers());
}

void tst_ChartPanes::chartTextIsTranslated()
{
    QTranslator german;
    QVERIFY(german.load(QStringLiteral(STACKATLAS_PSEUDO_QM)));
    QVERIFY(QCoreApplication::installTranslator(&german));
    setTranslator([](const char *context, const char *text) {
        return QCoreApplication::translate(context, text).toStdString();
    });
    PriceWarPane pane(store());
    pane.activate(); // a pane reads nothing until shown or activated
    SETTLE();
    QCOMPARE(pane.title(), QStringLiteral("Preiskampf"));
    const ChartData &index = pane.indexModel()->chart();
    QVERIFY2(index.title.ends_with(": Preisvorteilsindex"), index.title.c_str());
    QVERIFY2(index.caption.starts_with("Täglicher Median von "), index.caption.c_str());
    QVERIFY2(index.caption.find("(Stand 20") != std::string::npos, index.caption.c_str());
    QCOMPARE(pane.priceModel()->chart().yTitle, std::string("USD pro GPU-Stunde"));
    // a text without a translation stays English
    QCOMPARE(pane.priceModel()->chart().xTitle, std::string("Date (UTC)"));
    QCoreApplication::removeTranslator(&german);
    setTranslator(nullptr);
    PriceWarPane english(store());
    english.activate(); // a pane reads nothing until shown or activated
    SETTLE();
    QVERIFY(english.indexModel()->chart().title.ends_with(": price advantage index"));
}

QTEST_MAIN(tst_ChartPanes)
#include "tst_chartpanes.moc"
