// SPDX-License-Identifier: GPL-3.0-or-later
// The PDF report on the shipped default data, from a snapshot: page count, every section's title
// in the extracted text, the snapshot's hash on the cover, and the chart files.
#include "datasources/cache/cache.h"
#include "datasources/cache/snapshot.h"
#include "support/defaultdatalicence.h"
#include "support/warnings.h"
#include "ui/report/reportwriter.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace stackatlas;

namespace {
const QString kDefaultData = QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE);

QString run(const QString &program, const QStringList &args)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        return {};
    return QString::fromUtf8(p.readAllStandardOutput());
}
} // namespace

class tst_Report : public QObject
{
    Q_OBJECT

private slots:
    void init() { stackatlas::test::failOnUnexpectedWarnings(); }
    void reportFromASnapshot();
    void summaryLeadsWithFindings();
};

void tst_Report::reportFromASnapshot()
{
    QTemporaryDir dir;
    const QString cachePath = dir.filePath(QStringLiteral("cache.sqlite"));
    QVERIFY(QFile::copy(kDefaultData, cachePath));
    QFile::setPermissions(cachePath, QFile::ReadOwner | QFile::WriteOwner);
    {
        auto cache = Cache::open(cachePath.toStdString());
        QVERIFY(cache.isOk());
        QVERIFY(saveSnapshot(*cache.value(), dir.filePath(QStringLiteral("s.sqlite")).toStdString(),
                             "Week 48", "", "1")
                    .isOk());
    }
    auto opened = openSnapshot(dir.filePath(QStringLiteral("s.sqlite")).toStdString(),
                               dir.filePath(QStringLiteral("private")).toStdString());
    QVERIFY2(opened.isOk(), opened.status().message().c_str());
    ReportOptions options;
    options.title = QStringLiteral("Weekly AI stack");
    options.page = QPageSize::Letter;
    options.chartsDir = dir.filePath(QStringLiteral("charts"));
    const QString pdf = dir.filePath(QStringLiteral("report.pdf"));
    const auto summary = writeReport(*opened.value().cache, &opened.value().meta, pdf, options);
    QVERIFY2(summary.isOk(), summary.status().message().c_str());
    QVERIFY(summary.value().pages >= 10);

    const QString info = run(QStringLiteral("pdfinfo"), {pdf});
    QVERIFY2(!info.isEmpty(), "pdfinfo (poppler-utils) is needed");
    QVERIFY(info.contains(QStringLiteral("Pages:           %1").arg(summary.value().pages)));
    QVERIFY(info.contains(QStringLiteral("Title:           Weekly AI stack")));
    QVERIFY(info.contains(QStringLiteral("(letter)")));
    const QString text =
        run(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), pdf, QStringLiteral("-")});
    for (const QString &section : summary.value().sections)
        QVERIFY2(text.contains(section), qPrintable(section));
    for (const char *must : {"Layer map", "Dependency graph", "Price war", "Valuation", "Usage share",
                             "Sources", "Research claims and citations", "Data: protocols"})
        QVERIFY2(text.contains(QLatin1String(must)), must);
    // the Sources page itself, not just the word: its table's header and a source's row
    QVERIFY(text.contains(QStringLiteral("Endpoint or")) && text.contains(QStringLiteral("Last run")));
    QVERIFY(QRegularExpression(QStringLiteral("\\naws-price-list +imported from")).match(text).hasMatch());
    // the cover names the snapshot and its hash; pages are numbered; charts are text, not pictures
    // (text extraction may space out a long run of glyphs: compare without whitespace)
    QString compact = text;
    compact.remove(QRegularExpression(QStringLiteral("\\s")));
    QVERIFY(compact.contains(QString::fromStdString(opened.value().meta.contentHash)));
    QVERIFY(text.contains(QStringLiteral("Week 48")));
    QVERIFY(text.contains(QStringLiteral("Page %1 of %1").arg(summary.value().pages)));
    QVERIFY(text.contains(QStringLiteral("USD per GPU-hour")));
    QVERIFY(text.contains(QStringLiteral("aws-price-list")));
    QVERIFY(text.contains(QStringLiteral("Kevin (BlockBooster)")));
    QVERIFY(text.contains(QStringLiteral("unknown"))); // unknown figures say so
    // chart files
    QCOMPARE(summary.value().chartFiles.size(), 10);
    for (const QString &file : summary.value().chartFiles) {
        QVERIFY2(QFile::exists(file), qPrintable(file));
        if (file.endsWith(QLatin1String(".png")))
            QVERIFY(QImage(file).width() >= 800);
    }
    // cancelled after two pages: a cancellation, and the report written before is untouched
    QFile before(pdf);
    QVERIFY(before.open(QIODevice::ReadOnly));
    const QByteArray written = before.readAll();
    before.close();
    options.chartsDir.clear();
    int painted = 0;
    options.onPage = [&painted](int done, int total) {
        painted = done;
        return done < 2 && total > 2;
    };
    const auto cancelled = writeReport(*opened.value().cache, nullptr, pdf, options);
    QVERIFY(!cancelled.isOk());
    QCOMPARE(cancelled.status().code(), StatusCode::Cancelled);
    QCOMPARE(painted, 2);
    QVERIFY(before.open(QIODevice::ReadOnly));
    QCOMPARE(before.readAll(), written);
    before.close();
    QVERIFY(
        QDir(dir.path()).entryList({QStringLiteral("report.pdf.*")}, QDir::Files | QDir::Hidden).isEmpty());
    options.onPage = nullptr;
    // a folder that cannot be written: an error, not a half report
    QVERIFY(!writeReport(*opened.value().cache, nullptr, dir.filePath(QStringLiteral("no/r.pdf")), options)
                 .isOk());
}

void tst_Report::summaryLeadsWithFindings()
{
    STACKATLAS_SKIP_WITHOUT_NONCOMMERCIAL_DATA(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE));
    QTemporaryDir dir;
    auto cache = Cache::open(kDefaultData.toStdString(), Cache::Mode::ReadOnly);
    QVERIFY(cache.isOk());
    const auto pageText = [&](const QString &pdf, int page) {
        return run(QStringLiteral("pdftotext"),
                   {QStringLiteral("-layout"), QStringLiteral("-f"), QString::number(page),
                    QStringLiteral("-l"), QString::number(page), pdf, QStringLiteral("-")})
            .simplified();
    };
    // As of the shipped data's newest day: page 2, right after the cover.
    const QString pdf = dir.filePath(QStringLiteral("r.pdf"));
    const auto written = writeReport(*cache.value(), nullptr, pdf, {});
    QVERIFY2(written.isOk(), written.status().message().c_str());
    QCOMPARE(written.value().sections.first(), QStringLiteral("Summary"));
    const QString summary = pageText(pdf, 2);
    for (const char *must :
         {"Summary: what the data says as of 2026-06-30",
          // the index now, 30 and 90 days before, each with its sample sizes and its date
          // (the June rate cards count on every day of June: 9 incumbents, not the 5 daily ones)
          "Price advantage index, NVIDIA H100 80GB", "now 0.71 (n = 1 / 9, below the 2 providers a side",
          "30 days before 0.72 (n = 1 / 9", "90 days before 0.83 (n = 1 / 16",
          // the earlier figures were of other providers: said, with the index over those on both days
          "other providers: the cheap side then CUDO Compute, now Vast.ai",
          "no provider of one side was counted on both days",
          "Date: 2026-06-30 / 2026-05-31 / 2026-04-01 \u00b7 Source: aws-price-list, gpu-price-index, "
          "gpu-pricing-tracker",
          // the marketplace's daily median across its series, not its last series ($2.52)
          "cheapest: Marketplace $2.20 per GPU-hour (median of 1 provider); dearest: Hyperscaler $6.88",
          // no overhang of 2026-03-13 or 2026-05-26 on a report as of 2026-06-30 without --show-stale
          "unknown: no protocol has an FDV and a market cap of one source and moment within its window at "
          "2026-06-30",
          "Largest exposure", "if Decentralized compute failed, $102.0M of market cap sits downstream"})
        QVERIFY2(summary.contains(QString::fromUtf8(must)), must);
    QVERIFY(!summary.contains(QStringLiteral("Layers, market cap"))); // no comparison asked for

    // With a comparison: the layers and protocols that moved most over the R1 week.
    ReportOptions options;
    options.asOf.at = parseAsOf("2025-01-27").value;
    options.asOf.compareFrom = parseAsOf("2025-01-20").value;
    const QString compared = dir.filePath(QStringLiteral("rc.pdf"));
    QVERIFY(writeReport(*cache.value(), nullptr, compared, options).isOk());
    const QString moved = pageText(compared, 2);
    for (const char *must :
         {"Layers, market cap 2025-01-20 to 2025-01-27",
          // Bittensor and Vana's market caps derived as price x a dated supply (Binance closes)
          "Model +10.0% (1 of 1 protocols); Infrastructure -8.8% (7 of 9 protocols); Middleware -7.7% (3 of "
          "7 "
          "protocols)",
          "down: Phala -15.4%, Akash -12.0%, Arweave -9.9%; up: Bittensor +10.0% (of 11 protocols known at "
          "both dates)",
          "Source: coinmetrics, derived",
          // who has no market cap at B, each with why
          "Protocols without a market cap at 2025-01-27", "7 of 21: Olas (none stored"})
        QVERIFY2(moved.contains(QString::fromUtf8(must)), must);
    QVERIFY(pageText(compared, 4)
                .contains(QStringLiteral("Layer map: market cap change 2025-01-20 \u2192 2025-01-27")));
}

QTEST_MAIN(tst_Report)
#include "tst_report.moc"
