// SPDX-License-Identifier: GPL-3.0-or-later
// Imports through the stackatlas binary: long CSV in and out again, a second capture kept as a
// revision, outliers held unless accepted.
#include "support/clirun.h"
#include "support/warnings.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

class tst_CliImport : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        stackatlas::test::failOnUnexpectedWarnings();
        m_dir = std::make_unique<QTemporaryDir>();
    }
    void importThenQueryRoundTrips();
    void secondCaptureKeepsTheFirstAsRevision();
    void outliersHeldUnlessAccepted();
    void overlayTakesEffectInImports();
    void coinsListRenamesIds();
    void longHistoryWrittenInPieces();
    void aTaxonomyThatDropsAnEntitySaysWhatItHides();
    void devicesAndPipesAreReadWithinBounds();
    void rejectedCellsAreQuotedSafely();
    void priceSheetValuesOutOfBoundsAreRefused();

private:
    using Run = stackatlas::test::CliRun;
    Run run(const QStringList &args, const QString &overlay = {})
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("STACKATLAS_TAXONOMY_OVERLAY"), overlay);
        return stackatlas::test::runCli(QStringLiteral(STACKATLAS_BINARY), args, env);
    }
    QString cache() const { return m_dir->filePath(QStringLiteral("cache.sqlite")); }
    QString writeFile(const char *name, const QByteArray &contents)
    {
        return stackatlas::test::writeTestFile(QDir(m_dir->path()), name, contents);
    }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_CliImport::importThenQueryRoundTrips()
{
    const QString csv = writeFile(
        "prices.csv", "entity,metric,unit,timestamp,value,source,dim.gpu\n"
                      "aws,gpu_hourly_usd,USD/GPU-hour,2025-06-04T07:23:25,12.29,aws-price-list,H100_SXM\n"
                      "aws,gpu_hourly_usd,USD/GPU-hour,2025-06-05T07:22:36,6.88,aws-price-list,H100_SXM\n"
                      "Vast.ai,gpu_hourly_usd,USD/GPU-hour,1748995200,0.35,vastai,RTX_4090\n"
                      "aws,gpu_hourly_usd,USD per hour,2025-06-06,6.88,aws-price-list,H100_SXM\n"
                      "nobody,price_usd,USD,2025-06-06,1,x,\n");
    const Run imported = run({QStringLiteral("import-csv"), csv, QStringLiteral("--cache"), cache()});
    QCOMPARE(imported.exitCode, 3); // partial: two rows rejected
    const QStringList errors = imported.err.trimmed().split(u'\n');
    QCOMPARE(errors.size(), 2);
    QVERIFY2(errors[0].contains(QStringLiteral("prices.csv:5: unit \"USD per hour\"")),
             qPrintable(errors[0]));
    QVERIFY2(errors[1].contains(QStringLiteral("prices.csv:6: unknown entity \"nobody\"")),
             qPrintable(errors[1]));
    QVERIFY(imported.out.contains(QStringLiteral("imported 3 values")));

    const Run q = run({QStringLiteral("query"), QStringLiteral("--entity"), QStringLiteral("aws"),
                       QStringLiteral("--metric"), QStringLiteral("gpu_hourly_usd"), QStringLiteral("--dim"),
                       QStringLiteral("gpu=h100-80gb"), QStringLiteral("--cache"), cache()});
    QCOMPARE(q.exitCode, 0);
    const QStringList lines = q.out.trimmed().split(u'\n');
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines[0],
             QStringLiteral(
                 "entity,metric,unit,timestamp,value,source,dim.form,dim.gpu,endpoint,fetched_at,as_of"));
    QVERIFY2(lines[1].startsWith(QStringLiteral(
                 "aws,gpu_hourly_usd,USD/"
                 "GPU-hour,2025-06-04T07:23:25Z,12.29,aws-price-list,sxm,h100-80gb,imported from ")),
             qPrintable(lines[1]));
    QVERIFY(lines[2].contains(QStringLiteral("2025-06-05T07:22:36Z,6.88,")));
    QVERIFY(lines[2].endsWith(QStringLiteral(",2025-06-05T07:22:36Z"))); // as-of: the file's newest row

    // The CSV that query writes is itself importable.
    const QString again = writeFile("again.csv", q.out.toUtf8());
    const QString other = m_dir->filePath(QStringLiteral("other.sqlite"));
    const Run reimport = run({QStringLiteral("import-csv"), again, QStringLiteral("--cache"), other});
    QCOMPARE(reimport.exitCode, 0);
    QVERIFY(reimport.out.contains(QStringLiteral("imported 2 values")));

    // --from/--to bound the range.
    const Run ranged =
        run({QStringLiteral("query"), QStringLiteral("--entity"), QStringLiteral("aws"),
             QStringLiteral("--metric"), QStringLiteral("gpu_hourly_usd"), QStringLiteral("--from"),
             QStringLiteral("2025-06-05"), QStringLiteral("--cache"), cache()});
    QCOMPARE(ranged.out.trimmed().split(u'\n').size(), 2);
}

void tst_CliImport::secondCaptureKeepsTheFirstAsRevision()
{
    // Two Vast.ai captures of the same day: the a100-40gb median of 5 offers, then of 1 (issue 15).
    const auto capture = [this](const char *name, const char *value) {
        return writeFile(name, QByteArray("entity,metric,unit,timestamp,value,source,dim.gpu,dim.stat\n"
                                          "vast-ai,gpu_hourly_usd,USD/GPU-hour,2026-03-01,") +
                                   value + ",vastai,a100-40gb,median\n");
    };
    const QString first = capture("morning.csv", "0.7649");
    const QString second = capture("evening.csv", "1.0551");
    QCOMPARE(run({QStringLiteral("import-csv"), first, QStringLiteral("--cache"), cache()}).exitCode, 0);
    const Run replaced = run({QStringLiteral("import-csv"), second, QStringLiteral("--cache"), cache()});
    QCOMPARE(replaced.exitCode, 0);
    QVERIFY2(
        replaced.out.contains(QStringLiteral("replaced 1 values (the earlier ones are kept as revisions)")),
        qPrintable(replaced.out));
    const QStringList query{QStringLiteral("query"),
                            QStringLiteral("--entity"),
                            QStringLiteral("vastai"),
                            QStringLiteral("--metric"),
                            QStringLiteral("gpu_hourly_usd"),
                            QStringLiteral("--cache"),
                            cache()};
    QVERIFY(run(query).out.contains(QStringLiteral(",1.0551,"))); // the newest by default
    const Run history = run(query + QStringList{QStringLiteral("--revisions")});
    QCOMPARE(history.exitCode, 0);
    const QStringList rows = history.out.trimmed().split(u'\n');
    QCOMPARE(rows.size(), 2);
    QVERIFY2(rows[1].startsWith(QStringLiteral("vast-ai,gpu_hourly_usd,vastai,gpu=a100-40gb;stat=median,"
                                               "2026-03-01T00:00:00Z,0.7649,imported from ")),
             qPrintable(rows[1]));
    QVERIFY2(rows[1].contains(QStringLiteral("morning.csv")) &&
                 rows[1].endsWith(QStringLiteral("evening.csv")),
             qPrintable(rows[1]));
    // The same capture again changes nothing, and says so.
    const Run same = run({QStringLiteral("import-csv"), second, QStringLiteral("--cache"), cache()});
    QVERIFY2(same.out.contains(QStringLiteral("imported 0 values")) &&
                 same.out.contains(QStringLiteral("1 already stored as they are (unchanged)")),
             qPrintable(same.out));
    QCOMPARE(run(query + QStringList{QStringLiteral("--revisions")}).out.trimmed().split(u'\n').size(), 2);
}

void tst_CliImport::outliersHeldUnlessAccepted()
{
    QByteArray rows =
        "entity,metric,unit,timestamp,value,source\nbittensor,price_usd,USD,2024-01-01,0.1263,yahoo\n";
    for (int d = 2; d <= 9; ++d)
        rows += "bittensor,price_usd,USD,2024-01-0" + QByteArray::number(d) + ",93.40,yahoo\n";
    const QString csv = writeFile("tao.csv", rows);
    const Run held = run({QStringLiteral("import-csv"), csv, QStringLiteral("--cache"), cache()});
    QCOMPARE(held.exitCode, 3); // partial: one value held back
    QVERIFY2(held.err.contains(QStringLiteral("held back as suspect: bittensor/price_usd (yahoo) 2024-01-01: "
                                              "0.1263 is 740x below the median 93.4")),
             qPrintable(held.err));
    QVERIFY(held.out.contains(QStringLiteral("imported 8 values")));
    const QStringList query{QStringLiteral("query"),
                            QStringLiteral("--entity"),
                            QStringLiteral("TAO"),
                            QStringLiteral("--metric"),
                            QStringLiteral("price_usd"),
                            QStringLiteral("--cache"),
                            cache()};
    QVERIFY(!run(query).out.contains(QStringLiteral("0.1263")));
    const Run accepted = run({QStringLiteral("import-csv"), csv, QStringLiteral("--accept-suspect"),
                              QStringLiteral("--cache"), cache()});
    QCOMPARE(accepted.exitCode, 0);
    QVERIFY(accepted.err.contains(QStringLiteral("stored, marked suspect")));
    const QString stored = run(query).out;
    QVERIFY2(stored.contains(QStringLiteral(",0.1263,yahoo,")) &&
                 stored.contains(QStringLiteral("(accepted as suspect)")),
             qPrintable(stored));
}

void tst_CliImport::overlayTakesEffectInImports()
{
    // A provider and a GPU the shipped taxonomy lacks: refused, until the user's overlay adds them.
    const QString csv = writeFile("mi325x.csv", "entity,metric,unit,timestamp,value,source,dim.gpu\n"
                                                "TensorWave,gpu_hourly_usd,USD/GPU-hour,2026-11-02,2.25,"
                                                "tensorwave-site,MI325X\n");
    const QStringList import{QStringLiteral("import-csv"), csv, QStringLiteral("--cache"), cache()};
    const Run before = run(import);
    QCOMPARE(before.exitCode, 1); // every row refused
    QVERIFY2(before.err.contains(QStringLiteral("unknown entity \"TensorWave\"")), qPrintable(before.err));
    const QString overlay = writeFile("taxonomy-overlay.json",
                                      R"({"format": "stackatlas-taxonomy-overlay", "version": 1,
 "gpu_models": [{"key": "mi325x", "name": "AMD Instinct MI325X", "memory_gb": 256}],
 "gpu_aliases": [{"spelling": "MI325X", "gpu": "mi325x"}],
 "entities": [{"id": "tensorwave", "kind": "provider", "name": "TensorWave", "provider_class": "neocloud"}]
})");
    const Run after = run(import, overlay);
    QVERIFY2(after.exitCode == 0 && after.out.contains(QStringLiteral("imported 1 values")),
             qPrintable(after.out + after.err));
    const Run q = run({QStringLiteral("query"), QStringLiteral("--entity"), QStringLiteral("tensorwave"),
                       QStringLiteral("--metric"), QStringLiteral("gpu_hourly_usd"),
                       QStringLiteral("--cache"), cache()},
                      overlay);
    QVERIFY2(q.out.contains(QStringLiteral(",2.25,tensorwave-site,mi325x,")), qPrintable(q.out + q.err));

    // The loadable file is the taxonomy under the overlay, so loading it back keeps the overlay on.
    const Run json = run({QStringLiteral("taxonomy"), QStringLiteral("--format"), QStringLiteral("json"),
                          QStringLiteral("--cache"), cache()},
                         overlay);
    QCOMPARE(json.exitCode, 0);
    QVERIFY(json.err.contains(QStringLiteral("without the overlay")));
    QVERIFY(!json.out.contains(QStringLiteral("tensorwave")));
    const QString base = writeFile("base.json", json.out.toUtf8());
    const Run load =
        run({QStringLiteral("taxonomy"), QStringLiteral("--load"), base, QStringLiteral("--cache"), cache()},
            overlay);
    QVERIFY2(load.exitCode == 0 && load.out.contains(QStringLiteral("TensorWave")), qPrintable(load.err));
    QVERIFY(load.err.contains(QStringLiteral("applied: 1 entity, 1 GPU model, 1 GPU spelling")));

    // A snapshot carries it.
    const QString snap = m_dir->filePath(QStringLiteral("s.stackatlas"));
    QCOMPARE(
        run({QStringLiteral("snapshot"), QStringLiteral("save"), snap, QStringLiteral("--cache"), cache()},
            overlay)
            .exitCode,
        0);
    const Run info = run({QStringLiteral("snapshot"), QStringLiteral("info"), snap});
    QVERIFY2(info.out.contains(QStringLiteral("taxonomy overlay: ") + QFileInfo(overlay).absoluteFilePath()),
             qPrintable(info.out));

    // A broken overlay stops the command with its line and changes nothing; a removed one comes off.
    writeFile("taxonomy-overlay.json", R"({"format": "stackatlas-taxonomy-overlay", "version": 1,
 "gpu_aliases": [{"spelling": "MI325X", "gpu": "mi999"}]})");
    const Run broken = run({QStringLiteral("taxonomy"), QStringLiteral("--cache"), cache()}, overlay);
    QCOMPARE(broken.exitCode, 1);
    QVERIFY2(
        broken.err.contains(QStringLiteral("taxonomy-overlay.json:2: alias \"MI325X\" names unknown GPU")),
        qPrintable(broken.err));
    QFile::remove(overlay);
    const Run gone = run({QStringLiteral("taxonomy"), QStringLiteral("--cache"), cache()}, overlay);
    QVERIFY2(gone.exitCode == 0 && !gone.out.contains(QStringLiteral("TensorWave")), qPrintable(gone.err));
}

void tst_CliImport::coinsListRenamesIds()
{
    // The real /coins/list subset with io.net's coin re-listed as "io-net-2": import-payload renames
    // the taxonomy's id, keeps the old one as a spelling, and the rename outlives an overlay change.
    QFile real(QFINDTESTDATA("adapters/data/coins_list_ai_tokens_subset_2025-07-05.json"));
    QVERIFY(real.open(QIODevice::ReadOnly));
    QByteArray list = real.readAll();
    QVERIFY(list.contains("\"id\": \"io\","));
    list.replace("\"id\": \"io\",", "\"id\": \"io-net-2\",");
    const QString file = writeFile("coins_list.json", list);
    const QString overlay =
        writeFile("overlay.json", R"({"format": "stackatlas-taxonomy-overlay", "version": 1,
 "gpu_models": [{"key": "mi325x", "name": "AMD Instinct MI325X", "memory_gb": 256}]})");
    const Run imported = run({QStringLiteral("import-payload"), QStringLiteral("--source"),
                              QStringLiteral("coingecko"), QStringLiteral("--kind"),
                              QStringLiteral("coins_list"), file, QStringLiteral("--cache"), cache()},
                             overlay);
    QCOMPARE(imported.exitCode, 0);
    QVERIFY2(imported.out.startsWith(
                 QStringLiteral("23 coins listed; 19 of the taxonomy's CoinGecko ids confirmed, 1 "
                                "renamed, 0 not in the list\n"
                                "renamed io-net's CoinGecko id io -> io-net-2")),
             qPrintable(imported.out));
    writeFile("overlay.json", R"({"format": "stackatlas-taxonomy-overlay", "version": 1,
 "gpu_models": [{"key": "mi355x", "name": "AMD Instinct MI355X", "memory_gb": 288}]})");
    const Run after = run({QStringLiteral("taxonomy"), QStringLiteral("--cache"), cache()}, overlay);
    QVERIFY2(after.out.contains(QStringLiteral("io.net [io-net]  token IO  coingecko io-net-2")),
             qPrintable(after.out));
    // The old id still names io.net in the CLI.
    const Run byOldId =
        run({QStringLiteral("query"), QStringLiteral("--entity"), QStringLiteral("io"),
             QStringLiteral("--metric"), QStringLiteral("price_usd"), QStringLiteral("--cache"), cache()},
            overlay);
    QVERIFY2(byOldId.err.contains(QStringLiteral("price_usd for io-net")), qPrintable(byOldId.err));
}

// A market_chart of 90,000 values is handed to the cache in pieces of 65,536 as it is parsed
// (ObservationSpill), inside one transaction: every value arrives once, and importing it again
// changes nothing.
void tst_CliImport::longHistoryWrittenInPieces()
{
    constexpr int kPairs = 30000;
    const auto series = [](double base) {
        QByteArray out;
        for (int i = 0; i < kPairs; ++i)
            out += (i ? "," : "") + QByteArray("[") +
                   QByteArray::number(1420070400000LL + qint64(i) * 3600000) + "," +
                   QByteArray::number(base * (1 + (i % 7) * 0.01), 'f', 4) + "]";
        return out;
    };
    const QString file =
        writeFile("render_market_chart.json", "{\"prices\":[" + series(1.5) + "],\"market_caps\":[" +
                                                  series(5e8) + "],\"total_volumes\":[" + series(2e7) + "]}");
    const QStringList args{QStringLiteral("import-payload"), QStringLiteral("--source"),
                           QStringLiteral("coingecko"),      QStringLiteral("--kind"),
                           QStringLiteral("market_chart"),   QStringLiteral("--entity"),
                           QStringLiteral("render"),         file,
                           QStringLiteral("--cache"),        cache()};
    const Run first = run(args);
    QCOMPARE(first.exitCode, 0);
    QVERIFY2(first.out.startsWith(QStringLiteral("imported %1 values").arg(3 * kPairs)),
             qPrintable(first.out));
    const Run again = run(args);
    QCOMPARE(again.exitCode, 0);
    QVERIFY2(again.out.startsWith(QStringLiteral("imported 0 values")), qPrintable(again.out));
    QVERIFY2(again.out.contains(QStringLiteral("%1 already stored").arg(3 * kPairs)), qPrintable(again.out));
}

// Loading a taxonomy without Render keeps Render's series, and says that they are now hidden.
void tst_CliImport::aTaxonomyThatDropsAnEntitySaysWhatItHides()
{
    const QString csv = writeFile("prices.csv", "entity,metric,unit,timestamp,value,source\n"
                                                "render,price_usd,USD,2025-01-20,7.1,test\n"
                                                "akash,price_usd,USD,2025-01-20,3.2,test\n");
    QCOMPARE(run({QStringLiteral("import-csv"), csv, QStringLiteral("--cache"), cache()}).exitCode, 0);
    const Run exported = run({QStringLiteral("taxonomy"), QStringLiteral("--format"), QStringLiteral("json"),
                              QStringLiteral("--cache"), cache()});
    QCOMPARE(exported.exitCode, 0);
    QJsonObject taxonomy = QJsonDocument::fromJson(exported.out.toUtf8()).object();
    QVERIFY(taxonomy.contains(QStringLiteral("entities")));
    QJsonArray entities;
    for (const QJsonValue &e : taxonomy.value(QStringLiteral("entities")).toArray())
        if (e.toObject().value(QStringLiteral("id")).toString() != QLatin1String("render"))
            entities.append(e);
    taxonomy.insert(QStringLiteral("entities"), entities);
    QJsonArray edges;
    for (const QJsonValue &d : taxonomy.value(QStringLiteral("dependencies")).toArray())
        if (!d.toObject().value(QStringLiteral("from")).toString().contains(QLatin1String("render")) &&
            !d.toObject().value(QStringLiteral("to")).toString().contains(QLatin1String("render")))
            edges.append(d);
    taxonomy.insert(QStringLiteral("dependencies"), edges);
    const QString file = writeFile("without-render.json", QJsonDocument(taxonomy).toJson());
    const Run loaded =
        run({QStringLiteral("taxonomy"), QStringLiteral("--load"), file, QStringLiteral("--cache"), cache()});
    QVERIFY2(loaded.exitCode == 0, qPrintable(loaded.err));
    // (the count includes the shipped data's Render series when the run seeds from it)
    const QRegularExpression said(QStringLiteral("\\d+ series of ids the loaded taxonomy lacks are kept but "
                                                 "hidden: render \\(\\d+ series\\); load a taxonomy"));
    QVERIFY2(said.match(loaded.err).hasMatch(), qPrintable(loaded.err));
    QVERIFY2(!loaded.err.contains(QStringLiteral("akash")), qPrintable(loaded.err));
}

// Inputs that are not regular files: a device that never ends is refused at its limit, with the
// limit in the message; a pipe with a real payload imports like the file.
void tst_CliImport::devicesAndPipesAreReadWithinBounds()
{
    QElapsedTimer clock;
    clock.start();
    const Run csv =
        run({QStringLiteral("import-csv"), QStringLiteral("/dev/zero"), QStringLiteral("--cache"), cache()});
    QCOMPARE(csv.exitCode, 1);
    QVERIFY2(
        csv.err.contains(QStringLiteral("line 1 runs past 1024 KiB without a line end, before any header")),
        qPrintable(csv.err));
    const Run payload = run({QStringLiteral("import-payload"), QStringLiteral("--source"),
                             QStringLiteral("coingecko"), QStringLiteral("--kind"), QStringLiteral("markets"),
                             QStringLiteral("/dev/zero"), QStringLiteral("--cache"), cache()});
    QCOMPARE(payload.exitCode, 1);
    QVERIFY2(payload.err.contains(QStringLiteral("more than 64 MiB arrived: refused")),
             qPrintable(payload.err));
    // Every other whole-file input goes through the same bounded reader.
    const Run taxonomy = run({QStringLiteral("taxonomy"), QStringLiteral("--load"),
                              QStringLiteral("/dev/zero"), QStringLiteral("--cache"), cache()});
    QCOMPARE(taxonomy.exitCode, 1);
    QVERIFY2(taxonomy.err.contains(QStringLiteral("/dev/zero: more than 4 MiB arrived: refused")),
             qPrintable(taxonomy.err));
    QStringList fetch{QStringLiteral("fetch"), QStringLiteral("--pricesheet"), QStringLiteral("/dev/zero"),
                      QStringLiteral("--cache"), cache()};
    for (const char *source :
         {"coingecko", "defillama", "akash", "vastai"}) // unreachable: only the sheet is read
        fetch << QStringLiteral("--endpoint")
              << QLatin1String(source) + QStringLiteral("=http://127.0.0.1:1");
    const Run sheet = run(fetch);
    QVERIFY2(sheet.err.contains(
                 QStringLiteral("pricesheet: failed: /dev/zero: more than 16 MiB arrived: refused")),
             qPrintable(sheet.err));
    QVERIFY(clock.elapsed() < 60000); // refused at the limit, not after reading forever

    const QString fifo = m_dir->filePath(QStringLiteral("markets.pipe"));
    QCOMPARE(QProcess::execute(QStringLiteral("mkfifo"), {fifo}), 0);
    QProcess writer;
    writer.start(QStringLiteral("sh"),
                 {QStringLiteral("-c"), QStringLiteral("cat \"$0\" > \"$1\""),
                  QFINDTESTDATA("adapters/data/coingecko_markets_ai_items_2026-03-13.json"), fifo});
    const Run piped =
        run({QStringLiteral("import-payload"), QStringLiteral("--source"), QStringLiteral("coingecko"),
             QStringLiteral("--kind"), QStringLiteral("markets"), fifo, QStringLiteral("--cache"), cache()});
    QVERIFY(writer.waitForFinished(30000));
    QVERIFY2(piped.exitCode == 0 && piped.out.startsWith(QStringLiteral("imported ")),
             qPrintable(piped.out + piped.err));
    QVERIFY2(!piped.out.startsWith(QStringLiteral("imported 0 ")), qPrintable(piped.out));
}

// A rejected row's cells come back escaped and short: no terminal escape, no 300 KB line.
void tst_CliImport::rejectedCellsAreQuotedSafely()
{
    const QByteArray hostile = "entity,metric,unit,timestamp,value,source\n"
                               "render,price_usd,\x1b[2J\x1b]0;owned\x07USD,2025-01-20,7.1,test\n"
                               "render,price_usd,USD,2025-01-21," +
                               QByteArray(300000, '9') + "x,test\n";
    const Run r = run({QStringLiteral("import-csv"), writeFile("hostile.csv", hostile),
                       QStringLiteral("--cache"), cache()});
    QCOMPARE(r.exitCode, 1); // every row rejected
    QVERIFY2(!r.err.contains(QChar(0x1b)) && !r.err.contains(QChar(0x07)),
             qPrintable(r.err.toUtf8().toPercentEncoding()));
    QVERIFY2(r.err.contains(QStringLiteral("unit \"\\x1B[2J\\x1B]0;owned\\x07USD\"")), qPrintable(r.err));
    for (const QString &line : r.err.split(u'\n'))
        QVERIFY2(line.size() < 400, qPrintable(line.left(120)));
    QVERIFY(r.err.contains(QStringLiteral("(+299801 bytes)")));
}

// The price sheet (a payload) passes the same door as the CSV imports: a control character in a
// dimension, an as-of in 9999 and a 10 MB source name are refused and named, the good row stored.
void tst_CliImport::priceSheetValuesOutOfBoundsAreRefused()
{
    const QByteArray sheet =
        "provider,gpu,gpu_count,region,rental,price_usd,price_per,as_of,source,source_url\n"
        "aws,H100_SXM,1,\x1b[2Jus,on_demand,2.1,gpu,2026-01-01,AWS,\n"
        "aws,H100_SXM,1,us,on_demand,2.2,gpu,9999-12-31,AWS,\n"
        "aws,H100_SXM,1,us,on_demand,2.3,gpu,2026-01-02," +
        QByteArray(10000000, 's') +
        ",\n"
        "aws,H100_SXM,1,us,on_demand,2.4,gpu,2026-01-04,AWS,\n";
    const Run r = run({QStringLiteral("import-payload"), QStringLiteral("--source"),
                       QStringLiteral("pricesheet"), QStringLiteral("--kind"), QStringLiteral("pricesheet"),
                       writeFile("sheet.csv", sheet), QStringLiteral("--cache"), cache()});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.startsWith(QStringLiteral("imported 1 values")), qPrintable(r.out));
    QVERIFY2(r.err.contains(QStringLiteral("3 records refused as out of bounds, not stored: "
                                           "dim.region \"\\x1B[2Jus\" holds a control character")),
             qPrintable(r.err.left(400)));
    QVERIFY(
        r.err.contains(QStringLiteral("timestamp 9999-12-31T00:00:00Z is more than a day in the future")));
    QVERIFY(r.err.contains(QStringLiteral("bytes is longer than 2048")));
    QVERIFY(!r.err.contains(QChar(0x1b)));
    QVERIFY(r.err.size() < 2000);
    const Run q = run({QStringLiteral("query"), QStringLiteral("--entity"), QStringLiteral("aws"),
                       QStringLiteral("--metric"), QStringLiteral("gpu_hourly_usd"),
                       QStringLiteral("--cache"), cache()});
    QCOMPARE(q.out.trimmed().split(u'\n').size(), 2); // the header and the one good row
}

QTEST_GUILESS_MAIN(tst_CliImport)
#include "tst_cliimport.moc"
