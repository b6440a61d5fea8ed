// SPDX-License-Identifier: GPL-3.0-or-later
// File > Import CSV as the window runs it: on the data store's thread, with its progress in the
// Activity pane and the status bar, and a Cancel that leaves the cache as it was.
#include "datasources/cache/cache.h"
#include "models/domain/series.h"
#include "models/item/activitymodel.h"
#include "models/session/appsession.h"
#include "models/store/datastore.h"
#include "support/appwindowtest.h"
#include "support/warnings.h"
#include "ui/appwindow.h"
#include "ui/importactions.h"
#include "ui/mainwindow.h"

#include <QAbstractButton>
#include <QDateTime>
#include <QFile>
#include <QPointer>
#include <QTemporaryDir>
#include <QTest>

using namespace stackatlas;

namespace {

constexpr qint64 kT0 = 1546300800; // 2019-01-01: before every point the shipped data holds
constexpr qint64 kStep = 60;       // a minute apart, so 400,000 rows end within 2019

// A long CSV of `rows` H100 prices for RunPod, a minute apart from kT0.
QString writeCsv(const QTemporaryDir &dir, const char *name, int rows)
{
    QByteArray csv("entity,metric,unit,timestamp,value,source,dim.gpu\n");
    csv.reserve(qsizetype(rows) * 80);
    for (int i = 0; i < rows; ++i)
        csv +=
            "runpod,gpu_hourly_usd,USD/GPU-hour," +
            QDateTime::fromSecsSinceEpoch(kT0 + qint64(i) * kStep, Qt::UTC).toString(Qt::ISODate).toUtf8() +
            "," + QByteArray::number(1.5 + (i % 13) * 0.01, 'f', 2) + ",gui-import,H100_SXM\n";
    const QString path = dir.filePath(QString::fromLatin1(name));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(csv) != csv.size())
        return {};
    return path;
}

// The imported points the cache holds (those of 2019), read on the store's thread.
long long importedPoints(DataStore &store, QObject *receiver)
{
    long long count = -1;
    bool delivered = false;
    store.read<long long>(
        receiver, "count",
        [](const Cache &cache) -> Result<long long> {
            SeriesQuery q;
            q.entityId = "runpod";
            q.metric = "gpu_hourly_usd";
            q.dims = {{"gpu", "h100-80gb"}}; // H100_SXM as the taxonomy spells it
            q.from = kT0;
            q.to = kT0 + 400000 * kStep;
            auto series = cache.query(q);
            if (!series.isOk())
                return series.status();
            long long n = 0;
            for (const SeriesData &s : series.value())
                n += static_cast<long long>(s.points.size());
            return n;
        },
        [&](Result<long long> r) {
            count = r.isOk() ? r.value() : -2;
            delivered = true;
        });
    if (!QTest::qWaitFor([&] { return delivered; }, 30000))
        return -3;
    return count;
}

} // namespace

class tst_GuiImport : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void importRunsOffTheWindowWithProgress();
    void cancelKeepsNothing();
    void aMissingFileSaysWhy();

private:
    AppSession &session() const { return *sessionOf(m_window); }
    QTemporaryDir m_dir;
    QPointer<MainWindow> m_window;
    QStringList m_live;
};

void tst_GuiImport::init()
{
    test::failOnUnexpectedWarnings();
    const QString copy = m_dir.filePath(QStringLiteral("%1.sqlite").arg(QTest::currentTestFunction()));
    QVERIFY(test::privateCopy(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE), copy));
    AppSession::Options options;
    options.cachePath = copy;
    m_window = test::openAppWindow(options);
    QVERIFY(m_window);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    QVERIFY(session().waitUntilIdle());
    session().use(AppSession::Model::Activity); // the cache's runs are listed too
    QVERIFY(session().waitUntilIdle());
    m_live.clear();
    ActivityModel &model = session().activity();
    auto record = [this, &model] {
        for (int r = 0; r < model.rowCount(); ++r)
            if (model.data(model.index(r, ActivityModel::StatusColumn)).toString() ==
                QLatin1String("running"))
                m_live.append(model.data(model.index(r, ActivityModel::DetailColumn)).toString());
    };
    connect(&model, &ActivityModel::modelReset, m_window, record);
    connect(&model, &ActivityModel::dataChanged, m_window, record);
}

void tst_GuiImport::cleanup()
{
    delete m_window;
}

void tst_GuiImport::importRunsOffTheWindowWithProgress()
{
    const int rows = 60000;
    const QString csv = writeCsv(m_dir, "prices.csv", rows);
    QVERIFY(!csv.isEmpty());
    QCOMPARE(importedPoints(session().store(), m_window), 0);

    std::optional<Status> outcome;
    importCsvInWindow(*m_window, session(), csv, [&](const Status &s) { outcome = s; });
    // Started: the Activity pane lists it as running before a row is read.
    QVERIFY(session().activity().hasLive());
    QVERIFY(!m_live.isEmpty());
    QVERIFY2(m_live.first().contains(QLatin1String("reading prices.csv")), qPrintable(m_live.first()));
    QVERIFY(QTest::qWaitFor([&] { return outcome.has_value(); }, 60000));
    QVERIFY2(outcome->isOk(), outcome->message().c_str());

    // At least one figure of progress came from the store's thread while it ran.
    const bool sawProgress = std::any_of(m_live.begin(), m_live.end(), [](const QString &t) {
        return t.contains(QLatin1String("rows/s")) && t.contains(QLatin1String("% of"));
    });
    QVERIFY2(sawProgress, qPrintable(m_live.join(QLatin1Char('|'))));
    QVERIFY(!session().activity().hasLive());
    QCOMPARE(importedPoints(session().store(), m_window), rows);

    // Its outcome stays in Activity, and its run is recorded in the cache.
    ActivityModel &model = session().activity();
    QVERIFY(session().waitUntilIdle());
    bool said = false, recorded = false;
    for (int r = 0; r < model.rowCount(); ++r) {
        const QString detail = model.data(model.index(r, ActivityModel::DetailColumn)).toString();
        said |=
            detail.startsWith(QStringLiteral("imported %1 values from %1 data rows of prices.csv").arg(rows));
        recorded |=
            model.data(model.index(r, ActivityModel::SourceColumn)).toString() == QLatin1String("gui-import");
    }
    QVERIFY(said);
    QVERIFY2(recorded, "the import's run, as the cache recorded it");
}

void tst_GuiImport::cancelKeepsNothing()
{
    const QString csv = writeCsv(m_dir, "big.csv", 400000); // about 32 MB: several batches
    QVERIFY(!csv.isEmpty());
    std::optional<Status> outcome;
    importCsvInWindow(*m_window, session(), csv, [&](const Status &s) { outcome = s; });
    QAbstractButton *cancel = nullptr;
    for (QAbstractButton *b : m_window->findChildren<QAbstractButton *>())
        if (b->text() == QLatin1String("Cancel Import"))
            cancel = b;
    QVERIFY(cancel);
    cancel->click();
    QVERIFY(QTest::qWaitFor([&] { return outcome.has_value(); }, 120000));
    QCOMPARE(outcome->code(), StatusCode::Cancelled);
    QCOMPARE(importedPoints(session().store(), m_window), 0);
    QVERIFY(!session().activity().hasLive());
    // The Cancel button left with the import.
    for (QAbstractButton *b : m_window->findChildren<QAbstractButton *>())
        QVERIFY(b->text() != QLatin1String("Cancel Import"));
}

void tst_GuiImport::aMissingFileSaysWhy()
{
    std::optional<Status> outcome;
    importCsvInWindow(*m_window, session(), m_dir.filePath(QStringLiteral("absent.csv")),
                      [&](const Status &s) { outcome = s; });
    QVERIFY(QTest::qWaitFor([&] { return outcome.has_value(); }, 30000));
    QCOMPARE(outcome->code(), StatusCode::IoError);
    ActivityModel &model = session().activity();
    bool said = false;
    for (int r = 0; r < model.rowCount(); ++r)
        said |=
            model.data(model.index(r, ActivityModel::StatusColumn)).toString() == QLatin1String("error") &&
            model.data(model.index(r, ActivityModel::DetailColumn))
                .toString()
                .contains(QLatin1String("absent.csv"));
    QVERIFY(said);
    QVERIFY(!session().activity().hasLive());
}

QTEST_MAIN(tst_GuiImport)
#include "tst_guiimport.moc"
