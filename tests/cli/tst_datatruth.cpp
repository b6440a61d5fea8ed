// SPDX-License-Identifier: GPL-3.0-or-later
// Figures that hold up when cited, through the stackatlas binary on the shipped default data: a
// payload or a CSV quoted in ETH is refused by what the other sources say that day (not only by an
// `ethereum` item), a relabelled quote coin is caught, and a total over unknown members is never $0.
#include "support/clirun.h"
#include "support/defaultdatalicence.h"
#include "support/warnings.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

class tst_DataTruth : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        stackatlas::test::failOnUnexpectedWarnings();
        m_dir = std::make_unique<QTemporaryDir>();
    }
    void ethQuotedPayloadIsRefused();
    void ethQuotedPayloadStoredMarkedWhenAccepted();
    void ethQuotedCsvIsRefusedWithFileAdvice();
    void relabelledQuoteCoinIsCaught();
    void usdPayloadOfTheSameDayPasses();
    void heldOutCapturesBetweenSnapshots();
    void exposureOverUnknownMembersIsNotZero();
    void everyPictureSaysItsDate();
    void compareTileShowsTheChangesOwnSource();
    void compareSaysWhoHasNoFigureAndWhy();

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
    QString writeFile(const char *name, const QByteArray &contents)
    {
        return stackatlas::test::writeTestFile(QDir(m_dir->path()), name, contents);
    }
    // A /coins/markets item as CoinGecko writes one, its figures divided by `quote` (an ETH price
    // in USD makes an ETH-quoted capture of the same moment).
    static QJsonObject item(const char *id, const char *symbol, double priceUsd, double capUsd, double quote)
    {
        const double price = priceUsd / quote;
        return {{QStringLiteral("id"), QLatin1String(id)},
                {QStringLiteral("symbol"), QLatin1String(symbol)},
                {QStringLiteral("current_price"), price},
                {QStringLiteral("high_24h"), price * 1.04},
                {QStringLiteral("low_24h"), price * 0.93},
                {QStringLiteral("market_cap"), capUsd / quote},
                {QStringLiteral("total_volume"), capUsd / quote / 20},
                {QStringLiteral("last_updated"), QStringLiteral("2025-01-27T01:30:00.000Z")}};
    }
    // Five coins of the shipped data at their USD figures of 2025-01-27 (Coin Metrics and the
    // crawler snapshot), without an `ethereum` item: a user's trimmed list.
    QString markets(const char *name, double quote)
    {
        QJsonArray items{
            item("near", "near", 4.64, 5.43e9, quote), item("render-token", "render", 6.13, 3.17e9, quote),
            item("filecoin", "fil", 4.37, 2.71e9, quote), item("arweave", "ar", 13.8, 9.0e8, quote),
            item("bittensor", "tao", 431.0, 3.50e9, quote)};
        return writeFile(name, QJsonDocument(items).toJson(QJsonDocument::Compact));
    }
    QString nearMarketCap(const char *date)
    {
        const Run q = run({QStringLiteral("query"), QStringLiteral("--entity"), QStringLiteral("near"),
                           QStringLiteral("--metric"), QStringLiteral("market_cap_usd"),
                           QStringLiteral("--from"), QLatin1String(date), QStringLiteral("--to"),
                           QLatin1String(date) + QStringLiteral("T23:59:59")});
        return q.out;
    }
    static QByteArray readAll(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_DataTruth::ethQuotedPayloadIsRefused()
{
    STACKATLAS_SKIP_WITHOUT_NONCOMMERCIAL_DATA(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE));
    const QString before = nearMarketCap("2025-01-27");
    const Run r =
        run({QStringLiteral("import-payload"), QStringLiteral("--source"), QStringLiteral("coingecko"),
             QStringLiteral("--kind"), QStringLiteral("markets"), markets("eth.json", 3180.0)});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral(
                 "(other sources, other captures) on 2025-01-27: is this payload quoted in ETH?")),
             qPrintable(r.err));
    QVERIFY2(
        r.err.contains(QRegularExpression(QStringLiteral("all \\d+ values are about 3,[0-9]{3}x below"))),
        qPrintable(r.err));
    QVERIFY(r.err.contains(QStringLiteral("--accept-suspect")));
    QCOMPARE(nearMarketCap("2025-01-27"), before); // nothing of it stored
}

void tst_DataTruth::ethQuotedPayloadStoredMarkedWhenAccepted()
{
    STACKATLAS_SKIP_WITHOUT_NONCOMMERCIAL_DATA(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE));
    const Run r = run({QStringLiteral("import-payload"), QStringLiteral("--source"),
                       QStringLiteral("coingecko"), QStringLiteral("--kind"), QStringLiteral("markets"),
                       QStringLiteral("--accept-suspect"), markets("eth.json", 3180.0)});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QString stored = nearMarketCap("2025-01-27");
    QVERIFY2(stored.contains(QStringLiteral("(accepted as suspect)")), qPrintable(stored));
}

void tst_DataTruth::ethQuotedCsvIsRefusedWithFileAdvice()
{
    STACKATLAS_SKIP_WITHOUT_NONCOMMERCIAL_DATA(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE));
    // The same figures as a long CSV a user exported from a sheet that was set to ETH.
    QByteArray csv = "entity,metric,unit,timestamp,value,source\n";
    const std::vector<std::pair<const char *, double>> caps{{"near", 5.43e9},
                                                            {"render", 3.17e9},
                                                            {"filecoin", 2.71e9},
                                                            {"arweave", 9.0e8},
                                                            {"bittensor", 3.50e9}};
    for (const auto &[entity, usd] : caps)
        csv += QByteArray(entity) + ",market_cap_usd,USD,2025-01-27," +
               QByteArray::number(usd / 3180.0, 'f', 0) + ",mysheet\n";
    const Run r = run({QStringLiteral("import-csv"), writeFile("eth.csv", csv)});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("is this file quoted in ETH?")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("check the file's currency")), qPrintable(r.err));
    QVERIFY2(!r.err.contains(QStringLiteral("vs_currency")), qPrintable(r.err));
    QVERIFY(!nearMarketCap("2025-01-27").contains(QStringLiteral("mysheet")));
    // Overridden on this path too.
    const Run accepted =
        run({QStringLiteral("import-csv"), writeFile("eth2.csv", csv), QStringLiteral("--accept-suspect")});
    QVERIFY2(accepted.exitCode == 0, qPrintable(accepted.err));
    QVERIFY(nearMarketCap("2025-01-27").contains(QStringLiteral("mysheet")));
}

void tst_DataTruth::relabelledQuoteCoinIsCaught()
{
    // ETH relabelled as another coin: priced at exactly 1, with a 24 h high and low of 1.
    QJsonObject quote = item("bittensor", "tao", 1, 3.8e8, 1);
    quote[QStringLiteral("current_price")] = 1;
    quote[QStringLiteral("high_24h")] = 1;
    quote[QStringLiteral("low_24h")] = 1;
    const QString path = writeFile("relabelled.json", QJsonDocument(QJsonArray{quote}).toJson());
    const Run r =
        run({QStringLiteral("import-payload"), QStringLiteral("--source"), QStringLiteral("coingecko"),
             QStringLiteral("--kind"), QStringLiteral("markets"), path});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("is the payload's quote coin")), qPrintable(r.err));
}

// The guard does not refuse what agrees with the other sources: the same payload in USD lands.
void tst_DataTruth::usdPayloadOfTheSameDayPasses()
{
    STACKATLAS_SKIP_WITHOUT_NONCOMMERCIAL_DATA(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE));
    const Run r =
        run({QStringLiteral("import-payload"), QStringLiteral("--source"), QStringLiteral("coingecko"),
             QStringLiteral("--kind"), QStringLiteral("markets"), markets("usd.json", 1.0)});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QVERIFY2(!r.err.contains(QStringLiteral("suspect")), qPrintable(r.err));
}

// Real captures of 2026-04-19, five weeks from the nearest shipped CoinGecko snapshots (2026-03-13
// and 2026-05-26): in USD they land; the same items divided by an ETH price are refused, judged by
// those snapshots with the wide factor (no coin moves 100x in weeks; ETH is ~2,000-4,000x).
void tst_DataTruth::heldOutCapturesBetweenSnapshots()
{
    const QStringList ids{QStringLiteral("bittensor"), QStringLiteral("render-token"),
                          QStringLiteral("filecoin"), QStringLiteral("near")};
    QJsonArray inEth;
    for (const QString &id : ids) {
        const QString path =
            QFINDTESTDATA(QStringLiteral("data/coins_markets_ids_%1_2026-04-19.json").arg(id));
        QJsonObject item = QJsonDocument::fromJson(readAll(path)).array().at(0).toObject();
        for (const char *field : {"current_price", "market_cap", "fully_diluted_valuation", "total_volume",
                                  "high_24h", "low_24h"})
            item[QLatin1String(field)] = item.value(QLatin1String(field)).toDouble() / 2400.0;
        inEth.append(item);
    }
    const Run eth = run({QStringLiteral("import-payload"), QStringLiteral("--source"),
                         QStringLiteral("coingecko"), QStringLiteral("--kind"), QStringLiteral("markets"),
                         writeFile("eth-2026-04-19.json", QJsonDocument(inEth).toJson())});
    QCOMPARE(eth.exitCode, 1);
    QVERIFY2(eth.err.contains(QStringLiteral("on 2026-04-19: is this payload quoted in ETH?")),
             qPrintable(eth.err));
    for (const QString &id : ids) {
        const QString path =
            QFINDTESTDATA(QStringLiteral("data/coins_markets_ids_%1_2026-04-19.json").arg(id));
        const Run usd =
            run({QStringLiteral("import-payload"), QStringLiteral("--source"), QStringLiteral("coingecko"),
                 QStringLiteral("--kind"), QStringLiteral("markets"), path});
        QVERIFY2(usd.exitCode == 0, qPrintable(id + QStringLiteral(": ") + usd.err));
        QVERIFY2(!usd.err.contains(QStringLiteral("suspect")), qPrintable(usd.err));
    }
}

// `deps l1 --downstream` at the sell-off: no FDV is known downstream, so the total is unknown, not $0.
void tst_DataTruth::exposureOverUnknownMembersIsNotZero()
{
    const Run text = run({QStringLiteral("deps"), QStringLiteral("l1"), QStringLiteral("--downstream"),
                          QStringLiteral("--as-of"), QStringLiteral("2025-01-27")});
    QVERIFY2(text.exitCode == 0, qPrintable(text.err));
    QVERIFY2(!text.out.contains(QStringLiteral("$0")), qPrintable(text.out));
    QVERIFY2(text.out.contains(QStringLiteral("FDV unknown (no figure for any of the")),
             qPrintable(text.out));
    const Run json = run({QStringLiteral("deps"), QStringLiteral("l1"), QStringLiteral("--downstream"),
                          QStringLiteral("--as-of"), QStringLiteral("2025-01-27"), QStringLiteral("--format"),
                          QStringLiteral("json")});
    const QJsonObject exposure =
        QJsonDocument::fromJson(json.out.toUtf8()).object().value(QStringLiteral("exposure")).toObject();
    QVERIFY2(exposure.value(QStringLiteral("fdv_usd")).isNull(), qPrintable(json.out));
    QCOMPARE(exposure.value(QStringLiteral("fdv_known")).toInt(), 0);
}

// An exported layer map (SVG keeps its text) says the date its figures are of and how many of the
// 21 protocols have one; in compare mode both dates; a chart export its date and span.
void tst_DataTruth::everyPictureSaysItsDate()
{
    STACKATLAS_SKIP_WITHOUT_NONCOMMERCIAL_DATA(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE));
    const QString map = m_dir->filePath(QStringLiteral("map.svg"));
    const Run one =
        run({QStringLiteral("export"), QStringLiteral("--pane"), QStringLiteral("layer-map"),
             QStringLiteral("--out"), map, QStringLiteral("--as-of"), QStringLiteral("2025-01-27")});
    QVERIFY2(one.exitCode == 0, qPrintable(one.err));
    const QString svg = QString::fromUtf8(readAll(map));
    // 14 of 21: the 9 with Coin Metrics histories, the crawler's snapshot of that morning, and the
    // caps derived as price x a dated supply (Vana, io.net, Eliza, AIXBT).
    QVERIFY2(svg.contains(QStringLiteral("As of 2025-01-27: market cap known for 14 of 21 protocols")),
             qPrintable(svg.left(400)));
    // An unpriced tile says why, where the map is sized by market cap (Griffain and Buzz: nothing
    // stored; the data README's table says what exists).
    QVERIFY(svg.contains(QStringLiteral("no data: none stored, see the data README")));
    const Run two = run({QStringLiteral("export"), QStringLiteral("--pane"), QStringLiteral("layer-map"),
                         QStringLiteral("--out"), map, QStringLiteral("--compare"),
                         QStringLiteral("2025-01-20,2025-01-27")});
    QVERIFY2(two.exitCode == 0, qPrintable(two.err));
    const QString compared = QString::fromUtf8(readAll(map));
    QVERIFY(compared.contains(QStringLiteral("A = 2025-01-20 ")));
    QVERIFY(compared.contains(QStringLiteral(" B = 2025-01-27 (area: B): market cap change known for ")));
    const QString frames = m_dir->filePath(QStringLiteral("frames"));
    const Run replay =
        run({QStringLiteral("export"), QStringLiteral("--pane"), QStringLiteral("layer-map"),
             QStringLiteral("--from"), QStringLiteral("2025-01-26"), QStringLiteral("--to"),
             QStringLiteral("2025-01-27"), QStringLiteral("--step"), QStringLiteral("1d"),
             QStringLiteral("--out"), frames, QStringLiteral("--format"), QStringLiteral("svg")});
    QVERIFY2(replay.exitCode == 0, qPrintable(replay.err));
    const QStringList written = QDir(frames).entryList({QStringLiteral("*.svg")}, QDir::Files, QDir::Name);
    QCOMPARE(written.size(), 2);
    // Each frame is compared with the first: both dates on it.
    const QString frame = QString::fromUtf8(readAll(QDir(frames).filePath(written[1])));
    QVERIFY(frame.contains(QStringLiteral("A = 2025-01-26 ")));
    QVERIFY(frame.contains(QStringLiteral(" B = 2025-01-27 (area: B): market cap change known for ")));

    const QString chart = m_dir->filePath(QStringLiteral("valuation.svg"));
    const Run v = run({QStringLiteral("export"), QStringLiteral("--pane"), QStringLiteral("valuation"),
                       QStringLiteral("--format"), QStringLiteral("svg"), QStringLiteral("--out"), chart});
    QVERIFY2(v.exitCode == 0, qPrintable(v.err));
    QVERIFY2(QString::fromUtf8(readAll(chart)).contains(QStringLiteral("Data from ")),
             "no date line in the chart");
}

// On the 2025-01-20 -> 2025-01-27 map, NEAR's change comes from Coin Metrics: the figure beside it is
// Coin Metrics' B value ($5.43B), not the crawler's ($5.49B).
void tst_DataTruth::compareTileShowsTheChangesOwnSource()
{
    STACKATLAS_SKIP_WITHOUT_NONCOMMERCIAL_DATA(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE));
    const QString map = m_dir->filePath(QStringLiteral("compare.svg"));
    const Run r = run({QStringLiteral("export"), QStringLiteral("--pane"), QStringLiteral("layer-map"),
                       QStringLiteral("--out"), map, QStringLiteral("--size"), QStringLiteral("1600x1000"),
                       QStringLiteral("--compare"), QStringLiteral("2025-01-20,2025-01-27")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QString svg = QString::fromUtf8(readAll(map));
    QVERIFY2(svg.contains(QStringLiteral("$5.43B")), "NEAR's Coin Metrics B value is not on the map");
    QVERIFY2(!svg.contains(QStringLiteral("$5.49B")),
             "the crawler's figure stands beside Coin Metrics' change");
}

// compare lists each protocol with no figure at A or at B and why, in its text and its JSON.
void tst_DataTruth::compareSaysWhoHasNoFigureAndWhy()
{
    STACKATLAS_SKIP_WITHOUT_NONCOMMERCIAL_DATA(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE));
    const Run text = run({QStringLiteral("compare"), QStringLiteral("--from"), QStringLiteral("2025-01-20"),
                          QStringLiteral("--to"), QStringLiteral("2025-01-27")});
    QVERIFY2(text.exitCode == 0, qPrintable(text.err));
    QVERIFY2(text.out.contains(
                 QStringLiteral("No figure at B (2025-01-27): Olas (none stored, see the data README)")),
             qPrintable(text.out.right(900)));
    QVERIFY(text.out.contains(QStringLiteral("ARC (AI Rig Complex) (none before 2026-06-30)")));
    const Run json = run({QStringLiteral("compare"), QStringLiteral("--from"), QStringLiteral("2025-01-20"),
                          QStringLiteral("--to"), QStringLiteral("2025-01-27"), QStringLiteral("--format"),
                          QStringLiteral("json")});
    const QJsonArray missingB =
        QJsonDocument::fromJson(json.out.toUtf8()).object().value(QStringLiteral("missing_b")).toArray();
    QCOMPARE(missingB.size(), 7); // Olas, Masa, ARC, Swarms, GOAT, Griffain, Buzz
    for (const QJsonValue &m : missingB)
        QVERIFY(!m.toObject().value(QStringLiteral("reason")).toString().isEmpty());
}

QTEST_GUILESS_MAIN(tst_DataTruth)
#include "tst_datatruth.moc"
