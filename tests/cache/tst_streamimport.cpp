// SPDX-License-Identifier: GPL-3.0-or-later
// The long CSV import read and written in pieces: what crosses a batch (repeated rows, outliers,
// the as-of of the whole file) is found as in one piece; a pipe imports like a file; a file of bad
// rows lists the first ten thousand and counts the rest; progress reaches the file's size.
#include "datasources/cache/cache.h"
#include "datasources/cache/cachelocation.h"
#include "datasources/importers/csvimporter.h"
#include "models/domain/csvmapping.h"
#include "models/domain/timeutil.h"
#include "support/warnings.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <thread>

using namespace stackatlas;

namespace {

constexpr UnixSeconds kT0 = 1420070400; // 2015-01-01: 50,000 hours on ends in 2020, not in the future
const char *const kHeader = "entity,metric,unit,timestamp,value,source,dim.gpu\n";

QByteArray row(const char *entity, const char *gpu, UnixSeconds ts, double value)
{
    return QByteArray(entity) + ",gpu_hourly_usd,USD/GPU-hour," +
           QByteArray::fromStdString(formatIsoUtc(ts)) + "," + QByteArray::number(value, 'f', 4) + ",bench," +
           gpu + "\n";
}

} // namespace

class tst_StreamImport : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        stackatlas::test::failOnUnexpectedWarnings();
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }
    void acrossBatches();
    void fromAPipe();
    void manyBadRowsAreCounted();
    void mappedAcrossPieces();
    void overlongLinesBeforeAndAfterTheHeader();
    void outOfBoundsRefusedAtTheDoor();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString path(const char *name) const { return m_dir->filePath(QString::fromLatin1(name)); }
    std::unique_ptr<Cache> seeded()
    {
        auto c = openUserCache(path("cache.sqlite"));
        if (!c.isOk())
            qFatal("%s", c.status().message().c_str());
        return std::move(c).value();
    }
};

// 150,000 rows of three hourly series: more than two batches. A row repeating the row before
// it, one repeating a row of the first batch late in the file, and one glitch far into it.
void tst_StreamImport::acrossBatches()
{
    QByteArray csv(kHeader);
    long line = 1;
    long glitchLine = 0, lateRepeatLine = 0, nextRepeatLine = 0;
    const char *const series[][2] = {
        {"runpod", "H100_SXM"}, {"lambda", "A100_SXM_80GB"}, {"akash", "RTX_4090"}};
    for (int k = 0; k < 3; ++k)
        for (int h = 0; h < 50000; ++h) {
            const auto &s = series[k];
            const bool glitch = k == 2 && h == 30000;
            csv += row(s[0], s[1], kT0 + h * 3600, glitch ? 250.0 : 2.0 + (h % 7) * 0.01);
            ++line;
            if (glitch)
                glitchLine = line;
            if (k == 1 && h == 100) { // the same row again at once
                csv += row(s[0], s[1], kT0 + h * 3600, 9.0);
                nextRepeatLine = ++line;
            }
        }
    csv += row("runpod", "H100_SXM", kT0 + 10 * 3600, 7.0); // back in the first batch
    lateRepeatLine = ++line;
    QFile f(path("big.csv"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(csv);
    f.close();

    auto cache = seeded();
    qint64 lastBytes = 0, total = 0;
    long long lastRows = 0;
    int calls = 0;
    auto report =
        importCsvFile(*cache, path("big.csv"), false, [&](qint64 bytes, qint64 size, long long rows) {
            QVERIFY(bytes >= lastBytes && rows >= lastRows);
            lastBytes = bytes, total = size, lastRows = rows, ++calls;
        });
    QVERIFY2(report.isOk(), report.isOk() ? "" : report.status().message().c_str());
    QCOMPARE(report.value().dataRows, 150002LL);
    QCOMPARE(report.value().written, 150000LL - 1); // the glitch held
    QCOMPARE(int(report.value().rejected.size()), 2);
    QCOMPARE(report.value().rejected[0].line, nextRepeatLine);
    QCOMPARE(QString::fromStdString(report.value().rejected[0].message),
             QStringLiteral("same series and time as line %1").arg(nextRepeatLine - 1));
    QCOMPARE(report.value().rejected[1].line, lateRepeatLine);
    QVERIFY(report.value().rejected[1].message.find("same series and time as") == 0);
    QCOMPARE(int(report.value().heldSuspects.size()), 1);
    const std::string glitchAt =
        "akash/gpu_hourly_usd (bench) " + formatIsoDate(kT0 + 30000 * 3600) + ": 250 is";
    QVERIFY2(report.value().heldSuspects[0].find(glitchAt) == 0, report.value().heldSuspects[0].c_str());
    QVERIFY(glitchLine > 100000); // in the third batch
    QVERIFY(calls >= 1);
    QCOMPARE(lastBytes, qint64(csv.size()));
    QCOMPARE(total, qint64(csv.size()));
    QCOMPARE(lastRows, 150002LL);
    // The file is as current as its newest row: the as-of is set once the whole file was read.
    const auto sources = cache->sources().value();
    const auto bench =
        std::find_if(sources.begin(), sources.end(), [](const auto &s) { return s.source == "bench"; });
    QVERIFY(bench != sources.end());
    QCOMPARE(*bench->asOf, kT0 + 49999 * 3600);
    QCOMPARE(bench->points, 149999LL);
    // The repeated rows changed nothing: the first reading stands.
    auto q = cache->query(
        {"lambda", "gpu_hourly_usd", {{"gpu", "a100-80gb"}}, kT0 + 100 * 3600, kT0 + 100 * 3600});
    QCOMPARE(q.value().front().points.front().value, 2.0 + (100 % 7) * 0.01);
}

// A named pipe has no size: the import reads it to its end all the same.
void tst_StreamImport::fromAPipe()
{
    const QString fifo = path("prices.fifo");
    QCOMPARE(::mkfifo(fifo.toLocal8Bit().constData(), 0600), 0);
    std::thread writer([fifo] {
        QFile out(fifo);
        if (!out.open(QIODevice::WriteOnly))
            return;
        out.write(kHeader);
        for (int h = 0; h < 20000; ++h)
            out.write(row("runpod", "H100_SXM", kT0 + h * 3600, 2.5));
    });
    auto cache = seeded();
    qint64 total = 0;
    auto report = importCsvFile(*cache, fifo, false, [&](qint64, qint64 size, long long) { total = size; });
    writer.join();
    QVERIFY2(report.isOk(), report.isOk() ? "" : report.status().message().c_str());
    QCOMPARE(report.value().written, 20000LL);
    QCOMPARE(total, qint64(-1));
}

// Bad rows beyond the listed ones are counted, never dropped silently.
void tst_StreamImport::manyBadRowsAreCounted()
{
    QByteArray csv(kHeader);
    for (int i = 0; i < 12000; ++i)
        csv += "nobody,gpu_hourly_usd,USD/GPU-hour,2024-01-01,1,bench,H100_SXM\n";
    csv += row("runpod", "H100_SXM", kT0, 2.5);
    QFile f(path("bad.csv"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(csv);
    f.close();
    auto cache = seeded();
    auto report = importCsvFile(*cache, path("bad.csv"));
    QVERIFY(report.isOk());
    QCOMPARE(report.value().rejected.size(), kListedRejections);
    QCOMPARE(report.value().rejectedNotListed, 12000LL - static_cast<long long>(kListedRejections));
    QCOMPARE(report.value().written, 1LL);
    QCOMPARE(report.value().rejected.front().line, 2L);
}

// A mapped CSV of about 6 MB (more than one 4 MiB piece) with its header on line 2: the spec's
// counts run across pieces, a repeated row at the end is found, and what is stored equals what
// the spec maps.
void tst_StreamImport::mappedAcrossPieces()
{
    QFile spec(path("spec.json"));
    QVERIFY(spec.open(QIODevice::WriteOnly));
    spec.write(R"({"format": "stackatlas-csv-mapping", "version": 1, "dataset": "bench", "source": "bench",
        "header_line": 2, "filters": [{"column": "state", "equals": "on"}],
        "entity": {"column": "provider", "unknown": "skip"},
        "timestamp": {"column": "hour", "format": "iso"},
        "dims": {"gpu": {"value": "h100-80gb"}},
        "values": [{"column": "price", "metric": "gpu_hourly_usd", "unit": "USD/GPU-hour"}]})");
    spec.close();
    QByteArray csv("exported by a test\nprovider,hour,price,state,padding\n");
    const QByteArray padding(40, 'x');
    int kept = 0;
    long off = 0;
    for (int h = 0; h < 90000; ++h) {
        const char *provider = h % 10 == 0 ? "nobody" : h % 2 ? "runpod" : "lambda";
        const bool on = h % 7 != 0;
        csv += QByteArray(provider) + "," + QByteArray::fromStdString(formatIsoUtc(kT0 + h * 3600)) + "," +
               QByteArray::number(2.0 + (h % 5) * 0.01, 'f', 2) + "," + (on ? "on" : "off") + "," + padding +
               "\n";
        kept += on && h % 10 != 0;
        off += !on;
    }
    csv +=
        "runpod," + QByteArray::fromStdString(formatIsoUtc(kT0 + 1 * 3600)) + ",9.99,on,x\n"; // hour 1 again
    QVERIFY(csv.size() > (6 << 20) - (1 << 20));
    QFile f(path("mapped.csv"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(csv);
    f.close();

    auto cache = seeded();
    auto report = importMappedCsvFile(*cache, path("spec.json"), path("mapped.csv"), {});
    QVERIFY2(report.isOk(), report.isOk() ? "" : report.status().message().c_str());
    QCOMPARE(report.value().dataRows, 90001LL);
    QCOMPARE(report.value().filtered, off);
    QCOMPARE(int(report.value().rejected.size()), 1);
    QCOMPARE(report.value().rejected[0].line, 90003L);
    QVERIFY(report.value().rejected[0].message.find("same series and time as") == 0);
    QCOMPARE(report.value().written, (long long)kept);
    QCOMPARE(report.value().skippedNames.at("nobody"), report.value().otherEntities);
    auto q = cache->query({"runpod", "gpu_hourly_usd", {{"gpu", "h100-80gb"}}, kT0 + 3600, kT0 + 3600});
    QCOMPARE(q.value().front().points.front().value, 2.01); // the first reading stands
}

// A line past the reader's 1 MiB limit before the header means the file is no CSV: refused at
// once. The same line after the header, in the same piece, is one rejected row among good ones.
void tst_StreamImport::overlongLinesBeforeAndAfterTheHeader()
{
    QFile spec(path("spec.json"));
    QVERIFY(spec.open(QIODevice::WriteOnly));
    spec.write(R"({"format": "stackatlas-csv-mapping", "version": 1, "dataset": "bench", "source": "bench",
        "entity": {"column": "provider"}, "timestamp": {"column": "hour", "format": "iso"},
        "dims": {"gpu": {"value": "h100-80gb"}},
        "values": [{"column": "price", "metric": "gpu_hourly_usd", "unit": "USD/GPU-hour"}]})");
    spec.close();
    const QByteArray overlong(5 << 20, 'x'); // past a 4 MiB piece: the reader sees it unfinished
    const auto row = [](int h) {
        return "runpod," + QByteArray::fromStdString(formatIsoUtc(kT0 + h * 3600)) + ",2.5\n";
    };
    const auto write = [this](const char *name, const QByteArray &bytes) {
        QFile f(path(name));
        return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
    };
    QVERIFY(write("after.csv", "provider,hour,price\n" + row(0) + overlong + "\n" + row(1)));
    QVERIFY(write("before.csv", overlong + "\nprovider,hour,price\n" + row(0)));
    const QByteArray header("entity,metric,unit,timestamp,value,source,dim.gpu\n");
    QVERIFY(write("long-after.csv",
                  header + QByteArray("runpod,gpu_hourly_usd,USD/GPU-hour,2024-01-01,2.5,b,H100_SXM\n") +
                      overlong + "\nrunpod,gpu_hourly_usd,USD/GPU-hour,2024-01-02,2.6,b,H100_SXM\n"));

    auto cache = seeded();
    auto after = importMappedCsvFile(*cache, path("spec.json"), path("after.csv"), {});
    QVERIFY2(after.isOk(), after.isOk() ? "" : after.status().message().c_str());
    QCOMPARE(after.value().written, 2LL);
    QCOMPARE(int(after.value().rejected.size()), 1);
    QCOMPARE(after.value().rejected[0].line, 3L);
    auto longAfter = importCsvFile(*cache, path("long-after.csv"));
    QVERIFY2(longAfter.isOk(), longAfter.isOk() ? "" : longAfter.status().message().c_str());
    QCOMPARE(longAfter.value().written, 2LL);
    QCOMPARE(int(longAfter.value().rejected.size()), 1);

    auto before = importMappedCsvFile(*cache, path("spec.json"), path("before.csv"), {});
    QVERIFY(!before.isOk());
    QVERIFY2(before.status().message().find(
                 "line 1 runs past 1024 KiB without a line end, before any header") != std::string::npos,
             before.status().message().c_str());
}

// Values no real series holds are refused with their line, and the good rows beside them land:
// an overflowing market cap, a price beyond 1e9, a date in 9999 or before 2009, control characters
// in a dimension (long and mapped CSV alike), and a 300,000-character source name.
void tst_StreamImport::outOfBoundsRefusedAtTheDoor()
{
    const QByteArray hugeSource(300000, 's'); // within the reader's 1 MiB line
    QByteArray csv("entity,metric,unit,timestamp,value,source,dim.region\n"
                   "render,market_cap_usd,USD,2025-01-20,1.797e308,test,\n"      // line 2
                   "render,price_usd,USD,2025-01-20,5e12,test,\n"                // line 3
                   "render,price_usd,USD,9999-12-31,7.1,test,\n"                 // line 4
                   "render,price_usd,USD,2008-12-31,7.1,test,\n"                 // line 5
                   "render,price_usd,USD,2025-01-21,7.2,test,eu\xe2\x80\xaeus\n" // line 6: U+202E
                   "render,price_usd,USD,2025-01-22,7.3,test,eu\xef\xbf\xbf\n"); // line 7: U+FFFF
    csv += "render,price_usd,USD,2025-01-23,7.4," + hugeSource + ",\n";          // line 8
    csv += "render,market_cap_usd,USD,2025-01-20,3.6e9,test,\n";                 // line 9: the good row
    QFile f(path("bounds.csv"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(csv);
    f.close();
    auto cache = seeded();
    auto report = importCsvFile(*cache, path("bounds.csv"));
    QVERIFY2(report.isOk(), report.isOk() ? "" : report.status().message().c_str());
    const auto &rejected = report.value().rejected;
    QCOMPARE(int(rejected.size()), 7);
    const char *const expected[] = {"is beyond 1e15 USD, the bound for market_cap_usd",
                                    "value 5e+12 USD is beyond 1e9 USD, the bound for price_usd",
                                    "more than a day in the future",
                                    "is before 2009-01-01",
                                    "dim.region \"eu\\u{202E}us\" holds a control character",
                                    "dim.region \"eu\\u{FFFF}\" holds a control character",
                                    "source of 300000 bytes is longer than 200"};
    for (int i = 0; i < 7; ++i) {
        QCOMPARE(rejected[i].line, long(i + 2));
        QVERIFY2(rejected[i].message.find(expected[i]) != std::string::npos, rejected[i].message.c_str());
    }
    QCOMPARE(report.value().written, 1LL);

    // A mapped CSV's dimension column and value column pass the same door.
    QFile spec(path("spec.json"));
    QVERIFY(spec.open(QIODevice::WriteOnly));
    spec.write(R"({"format": "stackatlas-csv-mapping", "version": 1, "dataset": "bench", "source": "bench",
        "entity": {"column": "provider"}, "timestamp": {"column": "hour", "format": "iso"},
        "dims": {"gpu": {"value": "h100-80gb"}, "region": {"column": "region"}},
        "values": [{"column": "price", "metric": "gpu_hourly_usd", "unit": "USD/GPU-hour"}]})");
    spec.close();
    QFile mapped(path("mapped.csv"));
    QVERIFY(mapped.open(QIODevice::WriteOnly));
    mapped.write("provider,hour,price,region\n"
                 "runpod,2025-01-20T00:00:00Z,2.5,\x1b[31meu\n"
                 "runpod,2025-01-20T01:00:00Z,2e9,eu\n"
                 "runpod,2025-01-20T02:00:00Z,2.6,eu\n");
    mapped.close();
    auto mappedReport = importMappedCsvFile(*cache, path("spec.json"), path("mapped.csv"), {});
    QVERIFY2(mappedReport.isOk(), mappedReport.isOk() ? "" : mappedReport.status().message().c_str());
    QCOMPARE(int(mappedReport.value().rejected.size()), 2);
    QVERIFY2(mappedReport.value().rejected[0].message.find("dim.region \"\\x1B[31meu\"") != std::string::npos,
             mappedReport.value().rejected[0].message.c_str());
    QVERIFY2(mappedReport.value().rejected[1].message.find("is beyond 1e9 USD/GPU-hour") != std::string::npos,
             mappedReport.value().rejected[1].message.c_str());
    QCOMPARE(mappedReport.value().written, 1LL);
}

QTEST_GUILESS_MAIN(tst_StreamImport)
#include "tst_streamimport.moc"
