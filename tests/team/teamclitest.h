// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the team store's CLI tests share: the suite's PostgreSQL cluster, a private home with
// none of libpq's environment, the shipped data as the collector's cache, and the stackatlas
// binary run against them.

#include "support/clirun.h"
#include "teamserver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

namespace stackatlas::test {

inline QJsonObject json(const CliRun &run)
{
    return QJsonDocument::fromJson(run.out.toUtf8()).object();
}

class TeamCliTest : public QObject
{
protected:
    TeamServer m_server;
    QTemporaryDir m_dir;
    QProcessEnvironment m_env;
    QString m_shipped; // a private copy of the shipped data: the collector's cache

    // For initTestCase; a failure is a QVERIFY failure of the caller's test.
    void setUpFixture()
    {
        m_server = TeamServer::fromEnvironment();
        QVERIFY2(m_server.ok(), "the PostgreSQL test cluster is not running (ctest fixture team_cluster)");
        QVERIFY(m_dir.isValid());
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.insert(QStringLiteral("HOME"), path("home"));
        m_env.insert(QStringLiteral("XDG_CONFIG_HOME"), path("home/config"));
        m_env.insert(QStringLiteral("XDG_DATA_HOME"), path("home/share"));
        m_env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS")); // no keyring: libpq's own means only
        for (const char *pg :
             {"PGHOST", "PGPORT", "PGUSER", "PGDATABASE", "PGPASSWORD", "PGPASSFILE", "PGSERVICE"})
            m_env.remove(QString::fromLatin1(pg));
        QDir().mkpath(path("home"));
        m_shipped = path("collector.sqlite");
        QVERIFY(privateCopy(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE), m_shipped));
    }

    CliRun cli(const QStringList &args, const QProcessEnvironment &env) const
    {
        return runCli(QStringLiteral(STACKATLAS_BINARY), args, env);
    }
    CliRun cli(const QStringList &args) const { return cli(args, m_env); }
    QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

    // A database with an initialised store; its URL for the superuser.
    QString freshStore(const QString &db)
    {
        if (!m_server.createDatabase(db))
            return {};
        const QString url = m_server.adminUrl(db);
        const CliRun init = cli({QStringLiteral("team"), QStringLiteral("init"), url});
        return init.exitCode == 0 ? url : QString();
    }
};

} // namespace stackatlas::test
