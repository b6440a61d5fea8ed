// SPDX-License-Identifier: GPL-3.0-or-later
// The team database's password from the desktop keyring (gnome-keyring in a private D-Bus session,
// with-keyring.sh), against the suite's PostgreSQL cluster: a URL without a password connects with
// the keyring's, the CLI does too, and neither a message nor a file the app wrote holds it.
#include "support/clirun.h"
#include "support/warnings.h"
#include "teamserver.h"

#include "datasources/settings/keystore.h"
#include "datasources/team/pgconnection.h"
#include "datasources/team/teamsync.h"

#include <QDirIterator>
#include <QTemporaryDir>
#include <QTest>

using namespace stackatlas;
using namespace stackatlas::test;

namespace {
constexpr const char *kPassword = "Canary-Keyring-3e71c0d9";
}

class TeamKeyringTest : public QObject
{
    Q_OBJECT

private:
    TeamServer m_server;
    QString m_url;

private slots:
    void initTestCase()
    {
        failOnUnexpectedWarnings();
        QVERIFY2(keystore::keyringReachable(), "no session bus: run through with-keyring.sh");
        m_server = TeamServer::fromEnvironment();
        QVERIFY2(m_server.ok(), "the PostgreSQL test cluster is not running (ctest fixture team_cluster)");
        QString error;
        m_server.psql(
            QStringLiteral("postgres"),
            QStringLiteral("DROP ROLE IF EXISTS keyring_user; CREATE ROLE keyring_user LOGIN PASSWORD '%1'")
                .arg(QLatin1String(kPassword)),
            &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(m_server.createDatabase(QStringLiteral("t_keyring"), QStringLiteral("keyring_user")));
        m_url = m_server.tcpUrl(QStringLiteral("keyring_user"), QStringLiteral("t_keyring"));
        qunsetenv("PGPASSWORD");
        qputenv("PGPASSFILE", "/nonexistent"); // the keyring or nothing
    }

    void withoutTheKeyringTheServerRefuses()
    {
        QVERIFY(keystore::remove(QString::fromLatin1(team::kPasswordEntry)).isOk() ||
                !keystore::read(QString::fromLatin1(team::kPasswordEntry)).isOk());
        auto db = team::connect(m_url.toStdString());
        QVERIFY(!db.isOk());
        QVERIFY2(db.status().message().find("password") != std::string::npos, db.status().message().c_str());
    }

    void theKeyringsPasswordConnects()
    {
        QVERIFY(keystore::write(QString::fromLatin1(team::kPasswordEntry), QString::fromLatin1(kPassword))
                    .isOk());
        auto db = team::connect(m_url.toStdString());
        QVERIFY2(db.isOk(), db.status().message().c_str());
        QVERIFY(db.value()->label().find(kPassword) == std::string::npos);
        // Not used when told not to: libpq's own means only (none here).
        QVERIFY(!team::connect(m_url.toStdString(), false).isOk());
    }

    void theCliUsesItAndWritesItNowhere()
    {
        QTemporaryDir dir;
        const QString cache = dir.filePath(QStringLiteral("c.sqlite"));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("STACKATLAS_DEFAULT_DATA"), QString());
        const CliRun init = runCli(QStringLiteral(STACKATLAS_BINARY),
                                   {QStringLiteral("team"), QStringLiteral("init"), m_url}, env);
        QVERIFY2(init.exitCode == 0, qPrintable(init.err));
        const CliRun pull = runCli(
            QStringLiteral(STACKATLAS_BINARY),
            {QStringLiteral("team"), QStringLiteral("pull"), m_url, QStringLiteral("--cache"), cache}, env);
        QVERIFY2(pull.exitCode == 0, qPrintable(pull.err));
        QVERIFY(!(pull.out + pull.err + init.out + init.err).contains(QLatin1String(kPassword)));
        QDirIterator it(dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        int files = 0;
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains(kPassword), qPrintable(f.fileName()));
            ++files;
        }
        QVERIFY(files >= 1);
    }
};

QTEST_GUILESS_MAIN(TeamKeyringTest)
#include "tst_teamkeyring.moc"
