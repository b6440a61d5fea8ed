// SPDX-License-Identifier: GPL-3.0-or-later
// Desktop notifications over a private D-Bus session (the test runs under dbus-run-session): a
// notification server of the test's own owns org.freedesktop.Notifications and records each
// Notify. `alerts check --notify` shows every firing not yet shown once (also those a fetch or an
// import recorded before it), says so when no server runs and shows them later, and gives back a
// firing the server refused. The desktop session shows them when its setting allows.
#include "models/session/appsession.h"
#include "support/cacheinspect.h"
#include "support/clirun.h"
#include "support/warnings.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusContext>
#include <QDBusError>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace stackatlas;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

const QString kService = s("org.freedesktop.Notifications");
const QString kPath = s("/org/freedesktop/Notifications");

} // namespace

// What a desktop's notification server does, as far as StackAtlas uses it.
class FakeNotifications : public QObject, protected QDBusContext
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    struct Shown
    {
        QString app, summary, body;
        int urgency = -1;
    };
    QList<Shown> shown;
    bool refuse = false;

public slots:
    uint Notify(const QString &app, uint, const QString &, const QString &summary, const QString &body,
                const QStringList &, const QVariantMap &hints, int)
    {
        if (refuse) {
            sendErrorReply(QDBusError::Failed, s("the test's server refuses"));
            return 0;
        }
        shown.append({app, summary, body, hints.value(s("urgency")).toInt()});
        return uint(shown.size());
    }
};

class tst_AlertNotify : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void eachFiringShownOnce();
    void noServerSaysSoAndShowsLater();
    void refusedNotificationIsGivenBack();
    void desktopSessionShowsWhenAllowed();

private:
    // The binary, with the event loop running so the server answers while it waits.
    test::CliRun run(QStringList args)
    {
        args << s("--cache") << m_cache;
        QProcess p;
        p.start(s(STACKATLAS_BINARY), args);
        if (!p.waitForStarted())
            return {};
        if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 60000))
            p.kill();
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }
    bool serve()
    {
        QDBusConnection bus = QDBusConnection::sessionBus();
        return bus.registerObject(kPath, &m_server, QDBusConnection::ExportAllSlots) &&
               bus.registerService(kService);
    }
    // A firing recorded by an import, as a fetch records one: not yet shown.
    void recordOne()
    {
        QCOMPARE(run({s("alerts"), s("add"), s("render-moon"), s("--entity"), s("render"), s("--metric"),
                      s("price_usd"), s("--above"), s("1000"), s("--severity"), s("critical")})
                     .exitCode,
                 0);
        const QString csv = test::writeTestFile(
            QDir(m_dir->path()), "moon.csv",
            "entity,metric,unit,timestamp,value,source\nrender,price_usd,USD,2026-11-30,1500,my-desk\n");
        QCOMPARE(run({s("import-csv"), csv}).exitCode, 0);
        QCOMPARE(test::sqlScalar(m_cache, "SELECT count(*) FROM alert_firings WHERE notified_at IS NULL"),
                 s("1"));
    }
    FakeNotifications m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_cache;
};

void tst_AlertNotify::initTestCase()
{
    QVERIFY2(QDBusConnection::sessionBus().isConnected(),
             "run under dbus-run-session (tests/CMakeLists.txt)");
}

void tst_AlertNotify::init()
{
    test::failOnUnexpectedWarnings();
    m_dir = std::make_unique<QTemporaryDir>();
    m_cache = m_dir->filePath(s("cache.sqlite"));
    QVERIFY(QFile::copy(s(STACKATLAS_DEFAULT_DATA_FILE), m_cache));
    QFile(m_cache).setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    m_server.shown.clear();
    m_server.refuse = false;
    QVERIFY(serve());
}

void tst_AlertNotify::cleanup()
{
    QDBusConnection::sessionBus().unregisterService(kService);
    QDBusConnection::sessionBus().unregisterObject(kPath);
}

void tst_AlertNotify::eachFiringShownOnce()
{
    recordOne();
    test::CliRun r = run({s("alerts"), s("check"), s("--notify")});
    QCOMPARE(r.exitCode, 3);
    QCOMPARE(m_server.shown.size(), 1);
    QCOMPARE(m_server.shown[0].app, s("StackAtlas"));
    QCOMPARE(m_server.shown[0].summary, s("StackAtlas: render-moon"));
    QVERIFY2(m_server.shown[0].body.contains(s("1500 USD on 2026-11-30 (my-desk)")),
             qPrintable(m_server.shown[0].body));
    QCOMPARE(m_server.shown[0].urgency, 2); // critical
    r = run({s("alerts"), s("check"), s("--notify")});
    QCOMPARE(r.exitCode, 3);            // still firing
    QCOMPARE(m_server.shown.size(), 1); // but shown once
    QCOMPARE(test::sqlScalar(m_cache, "SELECT count(*) FROM alert_firings WHERE notified_at IS NULL"),
             s("0"));
}

void tst_AlertNotify::noServerSaysSoAndShowsLater()
{
    recordOne();
    cleanup();
    test::CliRun r = run({s("alerts"), s("check"), s("--notify")});
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains(s("no desktop notification service on the session bus")), qPrintable(r.err));
    QVERIFY(serve());
    r = run({s("alerts"), s("check"), s("--notify")});
    QCOMPARE(m_server.shown.size(), 1);
}

void tst_AlertNotify::refusedNotificationIsGivenBack()
{
    recordOne();
    m_server.refuse = true;
    test::CliRun r = run({s("alerts"), s("check"), s("--notify")});
    QVERIFY2(r.err.contains(s("notification not shown")), qPrintable(r.err));
    QCOMPARE(test::sqlScalar(m_cache, "SELECT count(*) FROM alert_firings WHERE notified_at IS NULL"),
             s("1"));
    m_server.refuse = false;
    run({s("alerts"), s("check"), s("--notify")});
    QCOMPARE(m_server.shown.size(), 1);
}

void tst_AlertNotify::desktopSessionShowsWhenAllowed()
{
    QCOMPARE(run({s("alerts"), s("add"), s("tao-overhang"), s("--entity"), s("bittensor"), s("--ratio"),
                  s("fdv_usd:market_cap_usd"), s("--above"), s("2"), s("--severity"), s("info")})
                 .exitCode,
             0);
    for (bool allowed : {false, true}) {
        AppSession::Options options;
        options.cachePath = m_cache;
        options.useKeyring = false;
        options.settings.notifyAlerts = allowed;
        auto session = AppSession::open(options);
        QVERIFY(session.isOk());
        QSignalSpy fired(session.value().get(), &AppSession::alertsFired);
        session.value()->checkAlerts();
        QVERIFY(session.value()->waitUntilIdle());
        QCOMPARE(m_server.shown.size(), allowed ? 1 : 0);
        // Off: recorded and said in the window, not shown; on: the firing not yet shown is shown.
        QCOMPARE(fired.size(), allowed ? 0 : 1);
    }
    QCOMPARE(m_server.shown[0].summary, s("StackAtlas: tao-overhang"));
    QCOMPARE(m_server.shown[0].urgency, 0); // info
}

QTEST_GUILESS_MAIN(tst_AlertNotify)
#include "tst_alertnotify.moc"
