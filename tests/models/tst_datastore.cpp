// SPDX-License-Identifier: GPL-3.0-or-later
// The data store on its own: reads run off the GUI thread and come back to it, a superseded read is
// dropped, a result for a receiver that is gone is never delivered, edits announce what changed
// (and only when they succeed), a read-only store refuses edits, and SQL run on the GUI thread
// while a store is open is reported.
#include "support/warnings.h"

#include "datasources/cache/cache.h"
#include "datasources/cache/cachelocation.h"
#include "datasources/cache/sqlthreadguard.h"
#include "models/store/datastore.h"
#include "support/storetest.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace stackatlas;

class tst_DataStore : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        test::failOnUnexpectedWarnings();
        m_store = test::openStore(m_dir.filePath(QStringLiteral("store.sqlite")));
    }
    void cleanup() { m_store.reset(); }
    void readsRunOffTheGuiThread();
    void aSupersededReadIsDropped();
    void aGoneReceiverGetsNothing();
    void editsAnnounceWhatChanged();
    void aFailedEditAnnouncesNothing();
    void aReadOnlyStoreRefusesEdits();
    void sqlOnTheGuiThreadIsReported();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<DataStore> m_store;
};

void tst_DataStore::readsRunOffTheGuiThread()
{
    QThread *ranOn = nullptr;
    QThread *deliveredOn = nullptr;
    std::size_t protocols = 0;
    m_store->read<std::size_t>(
        this, "count",
        [&](const Cache &cache) -> Result<std::size_t> {
            ranOn = QThread::currentThread();
            return cache.taxonomy().value().protocols().size();
        },
        [&](Result<std::size_t> r) {
            deliveredOn = QThread::currentThread();
            protocols = r.value();
        });
    QVERIFY(test::settle(*m_store));
    QVERIFY(ranOn && ranOn != QThread::currentThread());
    QCOMPARE(deliveredOn, QThread::currentThread());
    QCOMPARE(protocols, m_store->taxonomy().protocols().size());
    QVERIFY(protocols > 0);
}

void tst_DataStore::aSupersededReadIsDropped()
{
    // The user switches the GPU twice: only the second answer is drawn.
    QStringList delivered;
    for (const QString &gpu : {QStringLiteral("a100-80gb"), QStringLiteral("h100-80gb")})
        m_store->read<QString>(
            this, "charts", [gpu](const Cache &) -> Result<QString> { return gpu; },
            [&](Result<QString> r) { delivered << r.value(); });
    // Another channel is not superseded by either.
    m_store->read<QString>(
        this, "gpus", [](const Cache &) -> Result<QString> { return QStringLiteral("list"); },
        [&](Result<QString> r) { delivered << r.value(); });
    QVERIFY(test::settle(*m_store));
    QCOMPARE(delivered, (QStringList{QStringLiteral("h100-80gb"), QStringLiteral("list")}));
}

void tst_DataStore::aGoneReceiverGetsNothing()
{
    bool called = false;
    auto *receiver = new QObject;
    m_store->read<int>(
        receiver, "x", [](const Cache &) -> Result<int> { return 1; }, [&](Result<int>) { called = true; });
    delete receiver;
    QVERIFY(test::settle(*m_store));
    QVERIFY(!called);
}

void tst_DataStore::editsAnnounceWhatChanged()
{
    QSignalSpy changed(m_store.get(), &DataStore::changed);
    Status answer = Status::error(StatusCode::Internal, "not answered");
    Event e;
    e.start = "2025-01-27";
    e.title = "test event";
    e.source = "test";
    e.kind = "user";
    m_store->addUserEvent(this, e, [&](const Status &s) { answer = s; });
    QVERIFY(test::settle(*m_store));
    QVERIFY2(answer.isOk(), answer.message().c_str());
    QCOMPARE(changed.count(), 1);
    const auto change = changed.first().first().value<StoreChange>();
    QVERIFY(change.touches(DataChange::Events));
    QVERIFY(!change.touches(DataChange::Points | DataChange::Dependencies));
    // A dependency edit re-reads the taxonomy before announcing it.
    const Dependency edge{"griffain", "phala", "privacy", "test", DependencyOrigin::User};
    const std::size_t before = m_store->taxonomy().dependencies.size();
    m_store->replaceDependency(this, std::nullopt, edge);
    QVERIFY(test::settle(*m_store));
    QCOMPARE(m_store->taxonomy().dependencies.size(), before + 1);
    QVERIFY(changed.last().first().value<StoreChange>().touches(DataChange::Dependencies));
}

void tst_DataStore::aFailedEditAnnouncesNothing()
{
    QSignalSpy changed(m_store.get(), &DataStore::changed);
    Status answer;
    m_store->removeUserEvent(this, 424242, [&](const Status &s) { answer = s; });
    QVERIFY(test::settle(*m_store));
    QVERIFY(!answer.isOk());
    QCOMPARE(changed.count(), 0);
    // A usage split that does not add up is refused before it reaches the cache.
    m_store->setUsageClaim(this, UsageClaim{70, 20, 20, "mine", "", true},
                           [&](const Status &s) { answer = s; });
    QTRY_VERIFY(!answer.message().empty() && answer.message().find("110") != std::string::npos);
    QCOMPARE(changed.count(), 0);
}

void tst_DataStore::aReadOnlyStoreRefusesEdits()
{
    const QString path = m_store->path();
    m_store.reset();
    auto readOnly = test::openStore(path, DataStore::Mode::ReadOnly);
    QVERIFY(readOnly->isReadOnly());
    QSignalSpy changed(readOnly.get(), &DataStore::changed);
    Status answer;
    bool answered = false;
    readOnly->resetDependencies(this, readOnly->taxonomy(), [&](const Status &s) {
        answer = s;
        answered = true;
    });
    QTRY_VERIFY(answered);
    QCOMPARE(answer.code(), StatusCode::Refused);
    QCOMPARE(changed.count(), 0);
}

void tst_DataStore::sqlOnTheGuiThreadIsReported()
{
    // A pane that slipped back to reading the cache itself would do this: one statement, one warning
    // (which, without the ignoreMessage, fails the test like any other).
    std::unique_ptr<Cache> direct;
    {
        const cache::AllowSqlOnThisThread setUp;
        auto opened = Cache::open(m_store->path().toStdString(), Cache::Mode::ReadOnly);
        QVERIFY(opened.isOk());
        direct = std::move(opened).value();
    }
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral(
                             "^SQL on the GUI thread, which must go through the data store: SELECT")));
    (void)direct->newestAsOf(); // the statement is what is reported, not its result
    // Once no store is open, the CLI's way (everything on the main thread) is quiet again.
    m_store.reset();
    (void)direct->newestAsOf();
}

QTEST_MAIN(tst_DataStore)
#include "tst_datastore.moc"
