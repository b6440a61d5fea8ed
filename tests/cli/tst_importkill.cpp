// SPDX-License-Identifier: GPL-3.0-or-later
// kill -9 during `stackatlas import-csv` of 300,000 rows, at random moments over its whole run,
// twenty times (STACKATLAS_KILL_RUNS to change): each time the cache passes SQLite's integrity check and
// holds either the whole file or none of it, never a part, and no provisional provenance row of the import.
#include "support/cacheinspect.h"
#include "support/clirun.h"
#include "support/killrun.h"
#include "support/warnings.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <algorithm>

using namespace stackatlas;

namespace {

constexpr int kRows = 300000;

} // namespace

class tst_ImportKill : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { stackatlas::test::failOnUnexpectedWarnings(); }
    void killedImportsLeaveAllOrNothing();
};

void tst_ImportKill::killedImportsLeaveAllOrNothing()
{
    QTemporaryDir dir;
    QByteArray csv("entity,metric,unit,timestamp,value,source,dim.gpu\n");
    csv.reserve(kRows * 80);
    const char *const gpus[] = {"H100_SXM", "A100_SXM_80GB", "RTX_4090"};
    for (int i = 0; i < kRows; ++i) {
        const int series = i / (kRows / 3);
        const qint64 ts = 1262304000 + qint64(i % (kRows / 3)) * 3600; // 2010 on: never in the future
        csv += "runpod,gpu_hourly_usd,USD/GPU-hour," +
               QDateTime::fromSecsSinceEpoch(ts, Qt::UTC).toString(Qt::ISODate).toUtf8() + "," +
               QByteArray::number(1.5 + (i % 11) * 0.01, 'f', 2) + ",bench," + gpus[series] + "\n";
    }
    const QString file = test::writeTestFile(QDir(dir.path()), "prices.csv", csv);
    const QString base = dir.filePath(QStringLiteral("base.sqlite"));
    QCOMPARE(test::runCli(QStringLiteral(STACKATLAS_BINARY),
                          {QStringLiteral("sources"), QStringLiteral("--cache"), base})
                 .exitCode,
             0);
    const long long before = test::inspectCache(base).points;
    QVERIFY(before >= 0);

    // One whole run first: how long an import takes here, so the kills spread over all of it.
    const QString whole = dir.filePath(QStringLiteral("whole.sqlite"));
    QVERIFY(QFile::copy(base, whole));
    QElapsedTimer clock;
    clock.start();
    const auto full = test::runCli(QStringLiteral(STACKATLAS_BINARY),
                                   {QStringLiteral("import-csv"), file, QStringLiteral("--cache"), whole});
    qint64 fullMs = clock.elapsed();
    QCOMPARE(full.exitCode, 0);
    QCOMPARE(test::inspectCache(whole).points, before + kRows);

    QRandomGenerator rng(4122026);
    int killedMidway = 0;
    const int runs = test::killRuns(20);
    for (int round = 0; round < runs; ++round) {
        const QString cache = dir.filePath(QStringLiteral("c%1.sqlite").arg(round));
        QVERIFY(QFile::copy(base, cache));
        const bool running =
            test::runAndKill(QStringLiteral(STACKATLAS_BINARY),
                             {QStringLiteral("import-csv"), file, QStringLiteral("--cache"), cache},
                             QProcessEnvironment::systemEnvironment(), fullMs, rng);
        const test::CacheState state = test::inspectCache(cache);
        QCOMPARE(state.integrity, QStringLiteral("ok"));
        QCOMPARE(state.provisional, 0LL);
        QVERIFY2(state.points == before || state.points == before + kRows,
                 qPrintable(QStringLiteral("round %1: %2 points, expected %3 or %4")
                                .arg(round)
                                .arg(state.points)
                                .arg(before)
                                .arg(before + kRows)));
        killedMidway += running && state.points == before;
        QFile::remove(cache);
    }
    qInfo("%d of %d imports killed before they finished", killedMidway, runs);
    // Kills must land inside the import, or this test proves nothing. Not most of them: under
    // AddressSanitizer only about a third do (the exit's leak check follows the commit), so a
    // higher bar would fail CI by chance.
    QVERIFY2(killedMidway >= std::max(2, runs / 10), qPrintable(QString::number(killedMidway)));
}

QTEST_GUILESS_MAIN(tst_ImportKill)
#include "tst_importkill.moc"
