// SPDX-License-Identifier: GPL-3.0-or-later
// One cache, three users at once for 30 s (STACKATLAS_CONCURRENCY_SECONDS): the desktop window
// refreshing from the (replayed) APIs again and again, `stackatlas import-csv` importing new values
// and `stackatlas export` writing a chart's CSV, each over and over. No run of any of them may fail
// (no "database is locked", no error in the window's Activity), and every imported value is there
// at the end.
#include "support/appwindowtest.h"
#include "support/cacheinspect.h"
#include "support/clirun.h"
#include "support/recordedapis.h"
#include "support/replayserver.h"
#include "support/warnings.h"

#include "models/item/activitymodel.h"
#include "models/item/refreshcontroller.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace stackatlas;

class tst_Concurrency : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { test::failOnUnexpectedWarnings(); }
    void guiRefreshCliImportAndExportTogether();
};

namespace {

constexpr int kRowsPerImport = 40;

QByteArray importFile(int round)
{
    QByteArray csv("entity,metric,unit,timestamp,value,source\n");
    for (int i = 0; i < kRowsPerImport; ++i) {
        const qint64 ts = 1420070400 + (qint64(round) * kRowsPerImport + i) * 3600;
        csv += "render,price_usd,USD," + QByteArray::number(ts) + "," +
               QByteArray::number(2.0 + (i % 5) * 0.01, 'f', 2) + ",concurrent\n";
    }
    return csv;
}

// A CLI command run over and over: the next one starts when the last has ended.
struct Repeated
{
    QStringList (*args)(int round, const QString &dir, const QString &cache) = nullptr;
    QProcess process;
    int started = 0;
    int succeeded = 0;
    QStringList failures;

    void startNext(const QString &dir, const QString &cache)
    {
        process.start(QStringLiteral(STACKATLAS_BINARY), args(started, dir, cache));
        ++started;
    }
    // Collects the run that ended, if one did; true when the next may start.
    bool collect()
    {
        if (started > 0 && process.state() != QProcess::NotRunning)
            return false;
        if (started > 0) {
            if (process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0)
                ++succeeded;
            else
                failures << QString::fromUtf8(process.readAllStandardError()).trimmed();
        }
        return true;
    }
};

} // namespace

void tst_Concurrency::guiRefreshCliImportAndExportTogether()
{
    const int seconds = qEnvironmentVariableIntValue("STACKATLAS_CONCURRENCY_SECONDS") > 0
                            ? qEnvironmentVariableIntValue("STACKATLAS_CONCURRENCY_SECONDS")
                            : 30;
    QTemporaryDir dir;
    const QString cache = dir.filePath(QStringLiteral("cache.sqlite"));
    QVERIFY(test::privateCopy(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE), cache));
    test::ReplayServer server;
    test::serveRecordedApis(server);
    AppSession::Options options;
    options.cachePath = cache;
    options.endpointBases = test::recordedApiBases(server);
    MainWindow *window = test::openAppWindow(options);
    QVERIFY(window);
    window->show();
    AppSession *session = sessionOf(window);
    RefreshController *refresh = session->refresh();
    int refreshes = 0, refreshFailures = 0;
    connect(refresh, &RefreshController::finished, this,
            [&](const QStringList &summary, bool allOk, bool cancelled) {
                ++refreshes;
                if (!allOk || cancelled) {
                    ++refreshFailures;
                    qWarning("refresh: %s", qPrintable(summary.join(QStringLiteral("; "))));
                }
            });

    Repeated imports, exports;
    imports.args = [](int round, const QString &d, const QString &c) {
        const QString file =
            test::writeTestFile(QDir(d), qPrintable(QStringLiteral("i%1.csv").arg(round)), importFile(round));
        return QStringList{QStringLiteral("import-csv"), file, QStringLiteral("--cache"), c};
    };
    exports.args = [](int round, const QString &d, const QString &c) {
        return QStringList{QStringLiteral("export"),
                           QStringLiteral("--pane"),
                           QStringLiteral("price-war"),
                           QStringLiteral("--format"),
                           QStringLiteral("csv"),
                           QStringLiteral("--out"),
                           d + QStringLiteral("/e%1.csv").arg(round % 2),
                           QStringLiteral("--cache"),
                           c};
    };
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < seconds * 1000) {
        if (!refresh->isRunning())
            refresh->start();
        for (Repeated *r : {&imports, &exports})
            if (r->collect())
                r->startNext(dir.path(), cache);
        QTest::qWait(20);
    }
    for (Repeated *r : {&imports, &exports}) {
        if (r->process.state() != QProcess::NotRunning)
            QVERIFY(r->process.waitForFinished(60000));
        r->collect();
    }
    QTRY_VERIFY_WITH_TIMEOUT(!refresh->isRunning(), 60000);
    QVERIFY(session->waitUntilIdle());

    qInfo("in %d s: %d refreshes, %d imports, %d exports", seconds, refreshes, imports.started,
          exports.started);
    QVERIFY2(imports.failures.isEmpty(), qPrintable(imports.failures.join(u'\n')));
    QVERIFY2(exports.failures.isEmpty(), qPrintable(exports.failures.join(u'\n')));
    QCOMPARE(refreshFailures, 0);
    QVERIFY(refreshes >= 3 && imports.succeeded >= 3 && exports.succeeded >= 3);
    const ActivityModel &activity = session->activity();
    for (int row = 0; row < activity.rowCount(); ++row) {
        const QString status = activity.index(row, ActivityModel::StatusColumn).data().toString();
        QVERIFY2(status != QLatin1String("error") && status != QLatin1String("failed"),
                 qPrintable(activity.index(row, ActivityModel::DetailColumn).data().toString()));
    }
    QCOMPARE(test::sqlScalar(cache, "SELECT count(*) FROM points JOIN provenance p ON p.id = provenance_id "
                                    "WHERE p.source = 'concurrent'")
                 .toLongLong(),
             qint64(imports.succeeded) * kRowsPerImport);
    delete window;
}

QTEST_MAIN(tst_Concurrency)
#include "tst_concurrency.moc"
