// SPDX-License-Identifier: GPL-3.0-or-later
// Who may reach the team store and what it may send back, against the suite's PostgreSQL cluster:
// the README's two roles (the analysts' cannot write), canary passwords written nowhere, a server
// that is not there or drops mid-pull, and a hand-written hostile push refused row by row.
#include "support/cacheinspect.h"
#include "support/filehash.h"
#include "support/warnings.h"
#include "teamclitest.h"
#include "teamtestsupport.h"

#include <QDirIterator>
#include <QTcpServer>

using namespace stackatlas::test;

namespace {

constexpr const char *kCanaryCollector = "Canary-Collector-7f3e9d21";
constexpr const char *kCanaryAnalyst = "Canary-Analyst-5b8c0a44";

} // namespace

class TeamAccessTest : public TeamCliTest
{
    Q_OBJECT

private:
    // The README's set-up: the two roles, their passwords (canaries, in a pgpass file as libpq
    // reads it), the collector's init and its grants to the analysts.
    void setUpRoles()
    {
        const QString canaryCollector = QString::fromLatin1(kCanaryCollector);
        const QString canaryAnalyst = QString::fromLatin1(kCanaryAnalyst);
        QString error;
        m_server.psql(QStringLiteral("postgres"), {}, &error,
                      {QStringLiteral("-v"), QStringLiteral("db=t_roles"), QStringLiteral("-f"),
                       QStringLiteral(STACKATLAS_SOURCE_DIR "/packaging/team/roles.sql")});
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_server.psql(
            QStringLiteral("postgres"),
            QStringLiteral("ALTER ROLE stackatlas_collector PASSWORD '%1'; ALTER ROLE stackatlas_analyst "
                           "PASSWORD '%2'")
                .arg(canaryCollector, canaryAnalyst),
            &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QString pgpass = writeTestFile(
            QDir(path("home")), ".pgpass",
            QStringLiteral(
                "127.0.0.1:%1:t_roles:stackatlas_collector:%2\n127.0.0.1:%1:t_roles:stackatlas_analyst:%3\n")
                .arg(m_server.port, canaryCollector, canaryAnalyst)
                .toUtf8());
        QFile::setPermissions(pgpass, QFile::ReadOwner | QFile::WriteOwner);
        const QString collectorUrl =
            m_server.tcpUrl(QStringLiteral("stackatlas_collector"), QStringLiteral("t_roles"));
        const CliRun init = cli({QStringLiteral("team"), QStringLiteral("init"), collectorUrl});
        QVERIFY2(init.exitCode == 0, qPrintable(init.err));
        QProcess grants;
        grants.setProcessEnvironment(m_env);
        grants.start(QStringLiteral("psql"),
                     {QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-v"),
                      QStringLiteral("ON_ERROR_STOP=1"), QStringLiteral("-f"),
                      QStringLiteral(STACKATLAS_SOURCE_DIR "/packaging/team/read-grants.sql"), collectorUrl});
        QVERIFY(grants.waitForFinished());
        QVERIFY2(grants.exitCode() == 0, grants.readAllStandardError().constData());
    }

private slots:
    void initTestCase()
    {
        failOnUnexpectedWarnings();
        setUpFixture();
    }

    void analystRoleReadsButCannotWrite_andNoPasswordIsWritten()
    {
        setUpRoles();
        if (QTest::currentTestFailed())
            return;
        const QString canaryCollector = QString::fromLatin1(kCanaryCollector);
        const QString canaryAnalyst = QString::fromLatin1(kCanaryAnalyst);
        const QString pgpass = path("home/.pgpass");
        const QString collectorUrl =
            m_server.tcpUrl(QStringLiteral("stackatlas_collector"), QStringLiteral("t_roles"));
        const QString analystUrl =
            m_server.tcpUrl(QStringLiteral("stackatlas_analyst"), QStringLiteral("t_roles"));
        const QString collector = path("roles-collector.sqlite");
        QVERIFY(privateCopy(m_shipped, collector));
        const CliRun pushed = cli({QStringLiteral("team"), QStringLiteral("push"), collectorUrl,
                                   QStringLiteral("--cache"), collector});
        QVERIFY2(pushed.exitCode == 0, qPrintable(pushed.err));
        const QString stored = m_server.storeHash(QStringLiteral("t_roles"));

        // The analyst pulls…
        const QString analyst = path("roles-analyst.sqlite");
        const CliRun pulled = cli(
            {QStringLiteral("team"), QStringLiteral("pull"), analystUrl, QStringLiteral("--cache"), analyst});
        QVERIFY2(pulled.exitCode == 0, qPrintable(pulled.err));
        QCOMPARE(cacheHash(analyst), cacheHash(collector));
        // …and cannot write: not a push, not an init, not a row by hand.
        const QString csv = writeTestFile(QDir(m_dir.path()), "analyst.csv",
                                          "entity,metric,unit,timestamp,value,source\n"
                                          "bittensor,price_usd,USD,2026-03-13,401,mine\n");
        QCOMPARE(cli({QStringLiteral("import-csv"), csv, QStringLiteral("--cache"), analyst}).exitCode, 0);
        const CliRun refused = cli({QStringLiteral("team"), QStringLiteral("push"), analystUrl,
                                    QStringLiteral("--edits"), QStringLiteral("--cache"), analyst});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(QStringLiteral("permission denied")), qPrintable(refused.err));
        const CliRun initRefused = cli({QStringLiteral("team"), QStringLiteral("init"), analystUrl});
        QCOMPARE(initRefused.exitCode, 1);
        QProcess byHand;
        byHand.setProcessEnvironment(m_env);
        byHand.start(QStringLiteral("psql"), {QStringLiteral("-X"), QStringLiteral("-c"),
                                              QStringLiteral("DELETE FROM stackatlas.points"), analystUrl});
        QVERIFY(byHand.waitForFinished());
        QVERIFY(byHand.readAllStandardError().contains("permission denied"));
        QCOMPARE(m_server.storeHash(QStringLiteral("t_roles")), stored);

        // A wrong password (given in the URL, as psql allows): a clear error, the cache unchanged,
        // and the password in no message.
        const QByteArray analystBefore = fileHash(analyst);
        const QString wrong = QStringLiteral("Canary-Wrong-11d4e6f2");
        const CliRun denied = cli({QStringLiteral("team"), QStringLiteral("pull"),
                                   QStringLiteral("postgresql://stackatlas_analyst:%1@127.0.0.1:%2/t_roles")
                                       .arg(wrong, m_server.port),
                                   QStringLiteral("--cache"), analyst});
        QCOMPARE(denied.exitCode, 1);
        QVERIFY2(denied.err.contains(QStringLiteral("password authentication failed")),
                 qPrintable(denied.err));
        QVERIFY(!denied.err.contains(wrong) && !denied.out.contains(wrong));
        QCOMPARE(fileHash(analyst), analystBefore);
        // The right one in the URL works, and is written nowhere either.
        const CliRun inUrl = cli({QStringLiteral("team"), QStringLiteral("pull"),
                                  QStringLiteral("postgresql://stackatlas_analyst:%1@127.0.0.1:%2/t_roles")
                                      .arg(canaryAnalyst, m_server.port),
                                  QStringLiteral("--cache"), analyst});
        QVERIFY2(inUrl.exitCode == 0, qPrintable(inUrl.err));
        QVERIFY(!inUrl.out.contains(canaryAnalyst) && !inUrl.err.contains(canaryAnalyst));

        // No file the app wrote holds a password: the caches (and their -wal), the home's
        // settings and logs. The pgpass file is the user's own and the only one allowed.
        QDirIterator it(m_dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        int looked = 0;
        while (it.hasNext()) {
            const QString file = it.next();
            if (file == pgpass)
                continue;
            QFile f(file);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray bytes = f.readAll();
            ++looked;
            for (const QString &canary : {canaryCollector, canaryAnalyst, wrong})
                QVERIFY2(!bytes.contains(canary.toUtf8()),
                         qPrintable(file + QStringLiteral(" holds a password")));
        }
        QVERIFY(looked >= 4);
    }

    void unreachableAndDroppedServersLeaveTheCacheAsItWas()
    {
        const QString url = freshStore(QStringLiteral("t_drop"));
        QVERIFY(!url.isEmpty());
        QCOMPARE(cli({QStringLiteral("team"), QStringLiteral("push"), url, QStringLiteral("--cache"),
                      m_shipped, QStringLiteral("--all")})
                     .exitCode,
                 0);
        m_server.psql(QStringLiteral("postgres"),
                      QStringLiteral("DROP ROLE IF EXISTS dropper; CREATE ROLE dropper "
                                     "LOGIN SUPERUSER PASSWORD 'dropper-pw'"));
        const QString target = path("drop.sqlite");
        QCOMPARE(cli({QStringLiteral("taxonomy"), QStringLiteral("--cache"), target}).exitCode, 0);
        const QByteArray before = fileHash(target);

        // Nothing listens.
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 deadPort = closed.serverPort();
        closed.close();
        const CliRun unreachable =
            cli({QStringLiteral("team"), QStringLiteral("pull"),
                 QStringLiteral("postgresql://dropper@127.0.0.1:%1/t_drop").arg(deadPort),
                 QStringLiteral("--cache"), target});
        QCOMPARE(unreachable.exitCode, 1);
        QVERIFY2(unreachable.err.contains(QStringLiteral("cannot connect to the team database")),
                 qPrintable(unreachable.err));
        QCOMPARE(fileHash(target), before);

        // The server goes away after 300 KB of the pull (of about 3 MB): the pull fails, the
        // cache is as it was. The relay runs in this process, so the CLI runs in a thread.
        CuttingRelay relay(m_server.port.toUShort(), 300 * 1024);
        QProcess p;
        QProcessEnvironment env = m_env;
        env.insert(QStringLiteral("PGPASSWORD"), QStringLiteral("dropper-pw"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(STACKATLAS_BINARY),
                {QStringLiteral("team"), QStringLiteral("pull"),
                 QStringLiteral("postgresql://dropper@127.0.0.1:%1/t_drop?sslmode=disable").arg(relay.port()),
                 QStringLiteral("--cache"), target});
        QVERIFY(p.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(p.state() == QProcess::NotRunning, 60000);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitCode(), 1);
        QVERIFY2(err.contains(QStringLiteral("the cache is unchanged")), qPrintable(err));
        QCOMPARE(fileHash(target), before);
        // Through the relay with no cut the same pull works: the cut was what failed it.
        CuttingRelay open(m_server.port.toUShort(), 1LL << 40);
        p.start(QStringLiteral(STACKATLAS_BINARY),
                {QStringLiteral("team"), QStringLiteral("pull"),
                 QStringLiteral("postgresql://dropper@127.0.0.1:%1/t_drop?sslmode=disable").arg(open.port()),
                 QStringLiteral("--cache"), target});
        QVERIFY(p.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(p.state() == QProcess::NotRunning, 60000);
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        QCOMPARE(cacheHash(target), cacheHash(m_shipped));
    }

    void hostileRowsAreRefusedAndSaid()
    {
        // A store written by hand, not by StackAtlas: NaN, a value past every bound, a date in
        // 9999, and a provenance with a control character. Only the one sound point may land.
        const QString url = freshStore(QStringLiteral("t_hostile"));
        QVERIFY(!url.isEmpty());
        QString error;
        m_server.psql(
            QStringLiteral("t_hostile"),
            QStringLiteral(
                "WITH p AS (INSERT INTO stackatlas.pushes(pushed_at) VALUES (1) RETURNING id),"
                " bad AS (INSERT INTO stackatlas.provenance(source, endpoint, fetched_at, as_of, push_id)"
                "  SELECT 'evil', E'http://x/\\x01', 1700000000, 1700000000, id FROM p RETURNING id),"
                " good AS (INSERT INTO stackatlas.provenance(source, endpoint, fetched_at, as_of, push_id)"
                "  SELECT 'evil', 'http://ok', 1700000000, 1700000000, id FROM p RETURNING id),"
                " s AS (INSERT INTO stackatlas.series(entity_id, metric, source, dims, unit, push_id)"
                "  SELECT 'bittensor', 'price_usd', 'evil', '', 'USD', id FROM p RETURNING id)"
                " INSERT INTO stackatlas.points SELECT s.id, v.ts, v.value, CASE WHEN v.bad THEN bad.id"
                "  ELSE good.id END, p.id FROM p, bad, good, s, (VALUES (1700000000, 'NaN'::float8, false),"
                "  (1700086400, 1e300, false), (253402300799, 5, false), (1700172800, 7, true),"
                "  (1700259200, 8, false)) v(ts, value, bad)"),
            &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QString cache = path("hostile.sqlite");
        const CliRun pulled =
            cli({QStringLiteral("team"), QStringLiteral("pull"), url, QStringLiteral("--cache"), cache,
                 QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(pulled.exitCode, 3);
        QCOMPARE(json(pulled)[QStringLiteral("refused")].toInteger(), 5); // 4 points and the provenance
        QCOMPARE(json(pulled)[QStringLiteral("added")].toObject()[QStringLiteral("points")].toInteger(), 1);
        for (const char *why : {"not a finite number", "beyond 1e9 USD", "9999", "control character",
                                "its provenance was refused"})
            QVERIFY2(pulled.err.contains(QLatin1String(why)), qPrintable(pulled.err));
        QCOMPARE(sqlScalar(cache, "SELECT group_concat(p.ts || '=' || p.value) FROM points p JOIN series s"
                                  " ON s.id = p.series_id WHERE s.source = 'evil'"),
                 QStringLiteral("1700259200=8.0"));
    }
};

QTEST_GUILESS_MAIN(TeamAccessTest)
#include "tst_teamaccess.moc"
