// SPDX-License-Identifier: GPL-3.0-or-later
// The PDF report on the shipped default data, from a snapshot: page count, every section's title
// in the extracted text, the snapshot's hash on the cover, and the chart files.
#include "datasources/cache/cache.h"
#include "datasources/cache/snapshot.h"
#include "support/warnings.h"
#include "ui/report/reportwriter.h"

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
    // a folder that cannot be written: an error, not a half report
    QVERIFY(!writeReport(*opened.value().cache, nullptr, dir.filePath(QStringLiteral("no/r.pdf")), options)
                 .isOk());
}

QTEST_MAIN(tst_Report)
#include "tst_report.moc"
