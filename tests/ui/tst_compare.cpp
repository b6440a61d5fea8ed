// SPDX-License-Identifier: GPL-3.0-or-later
// Compare mode and replay in the window (issue 16), on a copy of the shipped data and on a
// snapshot of it: the layer map's change from A to B, the presets, and Play stepping the as-of.
#include "datasources/cache/cache.h"
#include "datasources/cache/snapshot.h"
#include "datasources/cache/sqlthreadguard.h"
#include "models/domain/chartdata.h"
#include "models/item/chartloaders.h"
#include "models/item/layermapmodel.h"
#include "models/item/protocolsmodel.h"
#include "models/item/protocolsroles.h"
#include "models/session/appsession.h"
#include "models/store/datastore.h"
#include "support/defaultdatalicence.h"
#include "support/warnings.h"
#include "ui/appwindow.h"
#include "ui/mainwindow.h"
#include "ui/widgets/comparecontrol.h"

#include <QComboBox>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace stackatlas;

namespace {

UnixSeconds day(int y, int m, int d)
{
    return QDateTime(QDate(y, m, d), QTime(0, 0), QTimeZone::utc()).toSecsSinceEpoch();
}

} // namespace

class tst_Compare : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup() { delete m_window; }
    void layerMapChangesFromAToB();
    void protocolsShowBothDates();
    void valuationBarsAtBothDates();
    void presetsNameTheCitedSpans();
    void playStepsTheAsOfFromAToB();
    void worksOnASnapshot();

private:
    // The app's window over `options`, with the layer map on show.
    bool openWindow(AppSession::Options options);
    CompareControl *control() const { return m_window->findChild<CompareControl *>(); }
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_cache;
    AppSession *m_session = nullptr;
    QPointer<MainWindow> m_window;
};

void tst_Compare::init()
{
    test::failOnUnexpectedWarnings();
    m_dir = std::make_unique<QTemporaryDir>();
    m_cache = m_dir->filePath(QStringLiteral("cache.sqlite"));
    QVERIFY(QFile::copy(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE), m_cache));
    QFile::setPermissions(m_cache, QFile::ReadOwner | QFile::WriteOwner);
}

bool tst_Compare::openWindow(AppSession::Options options)
{
    options.useKeyring = false;
    auto opened = AppSession::open(options);
    if (!opened.isOk())
        return false;
    m_session = opened.value().get();
    m_window = buildMainWindow(std::move(opened).value());
    m_window->resize(1280, 800);
    m_window->showPane(QStringLiteral("layer-map"));
    m_window->show();
    m_session->waitUntilIdle();
    return QTest::qWaitForWindowExposed(m_window);
}

void tst_Compare::layerMapChangesFromAToB()
{
    STACKATLAS_SKIP_WITHOUT_NONCOMMERCIAL_DATA(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE));
    QVERIFY(openWindow({m_cache, {}, {}, {}, {}, false}));
    control()->setSpan(day(2025, 1, 20), day(2025, 1, 27));
    m_session->waitUntilIdle();
    const LayerMapModel &map = m_session->layerMap();
    QVERIFY(map.comparison());
    QCOMPARE(utcDay(map.comparison()->from), day(2025, 1, 20));
    QCOMPARE(utcDay(map.comparison()->to), day(2025, 1, 27));
    const ComparedFigure *akash = map.compared("akash", "market_cap_usd");
    QVERIFY(akash && akash->change());
    QVERIFY2(std::abs(*akash->change() - -12.03) < 0.005, std::to_string(*akash->change()).c_str());
    const ComparedFigure *infra = map.compared("infrastructure", "market_cap_usd");
    QVERIFY(infra);
    QCOMPARE(infra->members, 7);
    QCOMPARE(infra->leftOut.size(), std::size_t(2)); // io.net, Olas
    // The colour choice waits while comparing; unticking ends compare mode.
    auto *colour = m_window->findChild<QComboBox *>(QStringLiteral("colour"));
    QVERIFY(colour && !colour->isEnabled());
    control()->setCompareFrom(std::nullopt);
    m_session->waitUntilIdle();
    QVERIFY(!map.comparison());
    QVERIFY(colour->isEnabled());
}

void tst_Compare::protocolsShowBothDates()
{
    STACKATLAS_SKIP_WITHOUT_NONCOMMERCIAL_DATA(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE));
    QVERIFY(openWindow({m_cache, {}, {}, {}, {}, false}));
    m_window->showPane(QStringLiteral("protocols"));
    control()->setSpan(day(2025, 1, 20), day(2025, 1, 27));
    m_session->waitUntilIdle();
    const ProtocolsModel &table = m_session->protocols();
    const auto cell = [&](const char *id, int column, int role = Qt::DisplayRole) {
        return table.indexFor(QString::fromLatin1(id), column).data(role);
    };
    QCOMPARE(cell("akash", ProtocolsModel::MarketCapColumn).toString(),
             QStringLiteral("$706.9M \u2192 $621.9M (-12.0%)"));
    QVERIFY(cell("akash", ProtocolsModel::MarketCapColumn, Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("A: 706914614.9 (coinmetrics, 2025-01-20)")));
    // A value at B only (io.net: a cap derived from the supply of 2025-02-01, within 7 days of B, none
    // at A): A unknown, no change, nothing passed off as 0; a derived figure says so.
    QVERIFY2(cell("io-net", ProtocolsModel::MarketCapColumn)
                 .toString()
                 .startsWith(QStringLiteral("unknown \u2192 $")),
             qPrintable(cell("io-net", ProtocolsModel::MarketCapColumn).toString()));
    QVERIFY(
        cell("io-net", ProtocolsModel::MarketCapColumn).toString().endsWith(QStringLiteral(" (derived)")));
    QVERIFY(!cell("io-net", ProtocolsModel::MarketCapColumn, SortRole).isValid());
    // Bittensor: derived at both ends (price x a dated supply), each end marked.
    QVERIFY2(cell("bittensor", ProtocolsModel::MarketCapColumn)
                 .toString()
                 .contains(QStringLiteral(" (derived) \u2192 $")),
             qPrintable(cell("bittensor", ProtocolsModel::MarketCapColumn).toString()));
    QVERIFY(table.headerData(ProtocolsModel::MarketCapColumn, Qt::Horizontal)
                .toString()
                .contains(QStringLiteral("A \u2192 B")));
    control()->setCompareFrom(std::nullopt);
    m_session->waitUntilIdle();
    QVERIFY(!table.headerData(ProtocolsModel::MarketCapColumn, Qt::Horizontal)
                 .toString()
                 .contains(QStringLiteral("A \u2192 B")));
}

void tst_Compare::valuationBarsAtBothDates()
{
    STACKATLAS_SKIP_WITHOUT_NONCOMMERCIAL_DATA(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE));
    auto cache = Cache::open(m_cache.toStdString(), Cache::Mode::ReadOnly);
    QVERIFY(cache.isOk());
    TimeRange range;
    range.asOf.at = parseAsOf("2025-01-27").value;
    range.asOf.compareFrom = parseAsOf("2025-01-20").value;
    range.to = range.asOf.at;
    const cache::AllowSqlOnThisThread direct; // the loader as the store's thread runs it
    const auto charts = loadValuationCharts(*cache.value(), {}, range);
    QVERIFY2(charts.isOk(), charts.status().message().c_str());
    const ChartData &bars = charts.value().fdvVsMarketCap;
    QCOMPARE(bars.title, std::string("FDV next to market cap at A = 2025-01-20 and B = 2025-01-27"));
    QCOMPARE(bars.series.size(), std::size_t(4));
    QCOMPARE(bars.series[0].name, std::string("Market cap (A)"));
    QCOMPARE(bars.series[1].name, std::string("Market cap (B)"));
    const auto valueOf = [](const ChartSeries &s, const std::string &entity) -> std::optional<double> {
        for (const ChartPoint &p : s.points)
            if (p.label == entity)
                return p.y;
        return std::nullopt;
    };
    QVERIFY(std::abs(*valueOf(bars.series[0], "akash") - 706914614.888) < 1);
    QVERIFY(std::abs(*valueOf(bars.series[1], "akash") - 621866992.409) < 1);
    // io.net: a bar at B only (its derived market cap), none at A (unknown, not 0).
    QVERIFY(!valueOf(bars.series[0], "io-net"));
    QVERIFY(valueOf(bars.series[1], "io-net"));
    // Both dates' bars of a protocol share its category.
    for (const ChartPoint &p : bars.series[0].points)
        for (const ChartPoint &q : bars.series[1].points)
            if (p.label == q.label)
                QCOMPARE(p.x, q.x);
}

void tst_Compare::presetsNameTheCitedSpans()
{
    QVERIFY(openWindow({m_cache, {}, {}, {}, {}, false}));
    auto *presets = m_window->findChild<QComboBox *>(QStringLiteral("comparePresets"));
    QVERIFY(presets);
    QStringList items;
    for (int i = 0; i < presets->count(); ++i)
        items << presets->itemText(i);
    QVERIFY2(items.contains(QStringLiteral("R1 week: 2025-01-20 \u2192 2025-01-27")),
             qPrintable(items.join(u'|')));
    QVERIFY(items.contains(QStringLiteral("V3 to R1: 2024-12-26 \u2192 2025-01-20")));
    // The V3 to R1 preset sets both dates.
    presets->activated(items.indexOf(QStringLiteral("V3 to R1: 2024-12-26 \u2192 2025-01-20")));
    m_session->waitUntilIdle();
    QCOMPARE(utcDay(*m_session->store().asOf().compareFrom), day(2024, 12, 26));
    QCOMPARE(utcDay(*m_session->store().asOf().at), day(2025, 1, 20));
}

void tst_Compare::playStepsTheAsOfFromAToB()
{
    QVERIFY(openWindow({m_cache, {}, {}, {}, {}, false}));
    control()->setSpan(day(2025, 1, 13), day(2025, 1, 20));
    m_session->waitUntilIdle();
    std::vector<UnixSeconds> days;
    connect(control(), &CompareControl::stepped, this, [&](UnixSeconds t) { days.push_back(utcDay(t)); });
    QSignalSpy playing(control(), &CompareControl::playingChanged);
    control()->play();
    QVERIFY(control()->isPlaying());
    QTRY_VERIFY_WITH_TIMEOUT(!control()->isPlaying(), 30000);
    m_session->waitUntilIdle();
    QCOMPARE(days.size(), std::size_t(8)); // the 13th to the 20th, a day a step
    QCOMPARE(days.front(), day(2025, 1, 13));
    QCOMPARE(days.back(), day(2025, 1, 20));
    QVERIFY(std::is_sorted(days.begin(), days.end()));
    QCOMPARE(playing.count(), 2); // started, then ended
    // The map shows the last step, compared with A.
    QCOMPARE(utcDay(m_session->layerMap().comparison()->to), day(2025, 1, 20));
    QCOMPARE(utcDay(m_session->layerMap().comparison()->from), day(2025, 1, 13));
}

void tst_Compare::worksOnASnapshot()
{
    STACKATLAS_SKIP_WITHOUT_NONCOMMERCIAL_DATA(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE));
    const QString snap = m_dir->filePath(QStringLiteral("r1.stackatlas"));
    {
        auto cache = Cache::open(m_cache.toStdString());
        QVERIFY(cache.isOk());
        QVERIFY(saveSnapshot(*cache.value(), snap.toStdString(), "R1", "", "test").isOk());
    }
    QVERIFY(openWindow({{}, snap, {}, {}, {}, false}));
    QVERIFY(m_session->store().isReadOnly());
    control()->setSpan(day(2025, 1, 20), day(2025, 1, 27));
    m_session->waitUntilIdle();
    const ComparedFigure *render = m_session->layerMap().compared("render", "market_cap_usd");
    QVERIFY(render && render->change());
    QVERIFY(std::abs(*render->change() - -8.19) < 0.005);
}

QTEST_MAIN(tst_Compare)
#include "tst_compare.moc"
