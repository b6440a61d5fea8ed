// SPDX-License-Identifier: GPL-3.0-or-later
// Two dates of the shipped data side by side through the stackatlas binary: the change table,
// checked by hand against the shipped Coin Metrics history, and the layer map of a comparison.
#include "support/clirun.h"
#include "support/defaultdatalicence.h"
#include "support/warnings.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

class tst_CliCompare : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        stackatlas::test::failOnUnexpectedWarnings();
        m_dir = std::make_unique<QTemporaryDir>();
    }
    void protocolChangesMatchTheShippedHistory();
    void totalsNameWhatTheyLeaveOut();
    void badArgumentsAreUsageErrors();
    void snapshotComparesTheSame();
    void layerMapComparesTheR1Week();
    void framesOneADay();

private:
    using Run = stackatlas::test::CliRun;
    // The shipped default data, as a first run of the app copies it into a new cache.
    Run run(QStringList args)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("STACKATLAS_DEFAULT_DATA"), QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE));
        args << QStringLiteral("--cache") << m_dir->filePath(QStringLiteral("cache.sqlite"));
        return stackatlas::test::runCli(QStringLiteral(STACKATLAS_BINARY), args, env);
    }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_CliCompare::protocolChangesMatchTheShippedHistory()
{
    STACKATLAS_SKIP_WITHOUT_NONCOMMERCIAL_DATA(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE));
    const Run r = run({QStringLiteral("compare"), QStringLiteral("--from"), QStringLiteral("2025-01-20"),
                       QStringLiteral("--to"), QStringLiteral("2025-01-27"), QStringLiteral("--level"),
                       QStringLiteral("protocol"), QStringLiteral("--format"), QStringLiteral("json")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject doc = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(doc.value(QStringLiteral("metric")).toString(), QStringLiteral("market_cap_usd"));
    std::map<QString, QJsonObject> rows;
    for (const QJsonValue &v : doc.value(QStringLiteral("rows")).toArray())
        rows[v.toObject().value(QStringLiteral("id")).toString()] = v.toObject();
    QCOMPARE(rows.size(), std::size_t(21)); // every protocol, known or not
    // By hand, from resources/defaultdata/data/coinmetrics_*.csv (CapMrktEstUSD on 2025-01-20 and
    // 2025-01-27): AKT 706914614.888 -> 621866992.409 (-12.03 %), FET 3101262772.714 ->
    // 2900531328.304 (-6.47 %), RENDER 3686030675.952 -> 3384229930.487 (-8.19 %).
    const struct
    {
        const char *id;
        double a, b, change;
    } checked[] = {{"akash", 706914614.888, 621866992.409, -12.03},
                   {"fetch-ai", 3101262772.714, 2900531328.304, -6.47},
                   {"render", 3686030675.952, 3384229930.487, -8.19}};
    for (const auto &c : checked) {
        const QJsonObject row = rows.at(QString::fromLatin1(c.id));
        QVERIFY2(std::abs(row.value(QStringLiteral("value_a")).toDouble() - c.a) < 1, c.id);
        QVERIFY2(std::abs(row.value(QStringLiteral("value_b")).toDouble() - c.b) < 1, c.id);
        QVERIFY2(std::abs(row.value(QStringLiteral("change_pct")).toDouble() - c.change) < 0.005, c.id);
        // one source at both ends, each value with its date
        QCOMPARE(row.value(QStringLiteral("sources_a")).toString(), QStringLiteral("coinmetrics"));
        QCOMPARE(row.value(QStringLiteral("sources_b")).toString(), QStringLiteral("coinmetrics"));
        QCOMPARE(row.value(QStringLiteral("as_of_a")).toString(), QStringLiteral("2025-01-20"));
        QCOMPARE(row.value(QStringLiteral("as_of_b")).toString(), QStringLiteral("2025-01-27"));
    }
    // Render's CoinGecko value of 2025-01-27 is not compared with Coin Metrics' of the 20th.
    // io.net has a value at B only (derived, said so): unknown at A, no change, never 0.
    const QJsonObject io = rows.at(QStringLiteral("io-net"));
    QVERIFY(io.value(QStringLiteral("value_a")).isNull());
    QVERIFY(io.value(QStringLiteral("change_pct")).isNull());
    QVERIFY(io.value(QStringLiteral("value_b")).toDouble() > 1e8);
    QVERIFY(io.value(QStringLiteral("derived_b")).toBool());
    // Bittensor's market cap is derived at both ends (price x a dated supply): a column says so.
    const QJsonObject tao = rows.at(QStringLiteral("bittensor"));
    QVERIFY(tao.value(QStringLiteral("derived_a")).toBool());
    QCOMPARE(tao.value(QStringLiteral("sources_a")).toString(), QStringLiteral("derived"));
}

void tst_CliCompare::totalsNameWhatTheyLeaveOut()
{
    STACKATLAS_SKIP_WITHOUT_NONCOMMERCIAL_DATA(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE));
    const Run r = run({QStringLiteral("compare"), QStringLiteral("--from"), QStringLiteral("2025-01-20"),
                       QStringLiteral("--to"), QStringLiteral("2025-01-27"), QStringLiteral("--level"),
                       QStringLiteral("layer"), QStringLiteral("--format"), QStringLiteral("csv")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QStringList lines = r.out.trimmed().split(u'\n');
    QCOMPARE(lines.size(), 5);
    // Infrastructure: the seven protocols with Coin Metrics caps at both dates; io.net and Olas are
    // named as left out.
    QVERIFY2(lines[1].startsWith(QStringLiteral("infrastructure,Infrastructure,infrastructure,")),
             qPrintable(lines[1]));
    QVERIFY2(lines[1].contains(QStringLiteral(",7,io.net; Olas")), qPrintable(lines[1]));
    const double a = lines[1].section(u',', 3, 3).toDouble(), b = lines[1].section(u',', 4, 4).toDouble();
    QVERIFY(std::abs(b / a - 1 - lines[1].section(u',', 5, 5).toDouble() / 100) < 1e-4);
    // The text table says the same, with the count.
    const Run text = run({QStringLiteral("compare"), QStringLiteral("--from"), QStringLiteral("2025-01-20"),
                          QStringLiteral("--to"), QStringLiteral("2025-01-27"), QStringLiteral("--level"),
                          QStringLiteral("layer")});
    QVERIFY2(text.out.contains(QStringLiteral("(7 protocols known at both dates; 2 left out)")),
             qPrintable(text.out));
}

void tst_CliCompare::badArgumentsAreUsageErrors()
{
    QCOMPARE(
        run({QStringLiteral("compare"), QStringLiteral("--from"), QStringLiteral("2025-01-27")}).exitCode, 2);
    QCOMPARE(run({QStringLiteral("compare"), QStringLiteral("--from"), QStringLiteral("2025-01-27"),
                  QStringLiteral("--to"), QStringLiteral("2025-01-20")})
                 .exitCode,
             2);
    const Run metric = run({QStringLiteral("compare"), QStringLiteral("--from"), QStringLiteral("2025-01-20"),
                            QStringLiteral("--to"), QStringLiteral("2025-01-27"), QStringLiteral("--metric"),
                            QStringLiteral("gpu_hourly_usd")});
    QCOMPARE(metric.exitCode, 2);
    QVERIFY(metric.err.contains(QStringLiteral("not a protocol figure")));
}

void tst_CliCompare::snapshotComparesTheSame()
{
    const QStringList compare{QStringLiteral("compare"),    QStringLiteral("--from"),
                              QStringLiteral("2025-01-20"), QStringLiteral("--to"),
                              QStringLiteral("2025-01-27"), QStringLiteral("--format"),
                              QStringLiteral("csv")};
    const Run live = run(compare);
    QCOMPARE(live.exitCode, 0);
    const QString snap = m_dir->filePath(QStringLiteral("r1.stackatlas"));
    QCOMPARE(run({QStringLiteral("snapshot"), QStringLiteral("save"), snap}).exitCode, 0);
    // Read-only, no --cache: the snapshot alone.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const Run frozen = stackatlas::test::runCli(
        QStringLiteral(STACKATLAS_BINARY), compare + QStringList{QStringLiteral("--snapshot"), snap}, env);
    QVERIFY2(frozen.exitCode == 0, qPrintable(frozen.err));
    QCOMPARE(frozen.out, live.out);
}

void tst_CliCompare::layerMapComparesTheR1Week()
{
    STACKATLAS_SKIP_WITHOUT_NONCOMMERCIAL_DATA(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE));
    const QString svg = m_dir->filePath(QStringLiteral("r1.svg"));
    const Run r = run({QStringLiteral("export"), QStringLiteral("--pane"), QStringLiteral("layer-map"),
                       QStringLiteral("--compare"), QStringLiteral("2025-01-20,2025-01-27"),
                       QStringLiteral("--size"), QStringLiteral("1600x1000"), QStringLiteral("--out"), svg});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QFile f(svg);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    // The legend with its scale and dates, each tile's change, the layers' and categories' changes.
    QVERIFY(text.contains(QStringLiteral("Colour: market cap change 2025-01-20 \u2192 2025-01-27")));
    for (const char *tick : {"\u221240%", "\u221220%", "+20%", "+40%", "unknown at A or B"})
        QVERIFY2(text.contains(QString::fromUtf8(tick)), tick);
    for (const char *tile :
         {"\u22128.2%", "\u221212.0%", "\u22126.5%", "\u22128.5%"}) // Render, Akash, Fetch.ai, Grass
        QVERIFY2(text.contains(QString::fromUtf8(tile)), tile);
    QVERIFY(text.contains(QStringLiteral("unknown at A"))); // Bittensor: a value at B only
    QVERIFY(text.contains(QStringLiteral("Infrastructure  \u22128.8% (7 of 9)")));
    QVERIFY(text.contains(QStringLiteral("Decentralized compute  \u22128.8% (2 of 3)")));
    const Run bad = run({QStringLiteral("export"), QStringLiteral("--pane"), QStringLiteral("layer-map"),
                         QStringLiteral("--compare"), QStringLiteral("2025-01-27,2025-01-20"),
                         QStringLiteral("--out"), svg});
    QCOMPARE(bad.exitCode, 2);
}

void tst_CliCompare::framesOneADay()
{
    const QString dir = m_dir->filePath(QStringLiteral("frames"));
    const Run r = run({QStringLiteral("export"), QStringLiteral("--pane"), QStringLiteral("layer-map"),
                       QStringLiteral("--from"), QStringLiteral("2025-01-13"), QStringLiteral("--to"),
                       QStringLiteral("2025-02-10"), QStringLiteral("--step"), QStringLiteral("1d"),
                       QStringLiteral("--size"), QStringLiteral("800x500"), QStringLiteral("--out"), dir});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QStringList files = QDir(dir).entryList(QDir::Files, QDir::Name);
    QCOMPARE(files.size(), 29);
    QCOMPARE(files.first(), QStringLiteral("layer-map-0001-2025-01-13.png"));
    QCOMPARE(files.last(), QStringLiteral("layer-map-0029-2025-02-10.png"));
    QImage last(QDir(dir).filePath(files.last()));
    QCOMPARE(last.size(), QSize(800, 500));
    // Weekly frames of the same span: five.
    const QString weekly = m_dir->filePath(QStringLiteral("weekly"));
    QCOMPARE(run({QStringLiteral("export"), QStringLiteral("--pane"), QStringLiteral("layer-map"),
                  QStringLiteral("--from"), QStringLiteral("2025-01-13"), QStringLiteral("--to"),
                  QStringLiteral("2025-02-10"), QStringLiteral("--step"), QStringLiteral("1w"),
                  QStringLiteral("--size"), QStringLiteral("400x300"), QStringLiteral("--out"), weekly})
                 .exitCode,
             0);
    QCOMPARE(QDir(weekly).entryList(QDir::Files).size(), 5);
}

QTEST_GUILESS_MAIN(tst_CliCompare)
#include "tst_clicompare.moc"
