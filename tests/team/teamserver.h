// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The throwaway PostgreSQL cluster the suite started (tests/team/pgcluster.sh, a CTest fixture),
// used the way an administrator would: psql as the superuser on the cluster's own socket.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <utility>

namespace stackatlas::test {

struct TeamServer
{
    QString dir; // what pgcluster.sh wrote: port, socket
    QString port;
    QString socket; // the folder of the server's Unix socket

    static TeamServer fromEnvironment()
    {
        TeamServer s;
        s.dir = qEnvironmentVariable("STACKATLAS_TEST_PG_DIR");
        for (auto [name, field] : {std::pair{"/port", &s.port}, {"/socket", &s.socket}}) {
            QFile f(s.dir + QLatin1String(name));
            if (f.open(QIODevice::ReadOnly))
                *field = QString::fromUtf8(f.readAll()).trimmed();
        }
        return s;
    }
    bool ok() const { return !port.isEmpty() && !socket.isEmpty(); }
    QString socketDir() const { return socket; }

    // The superuser, trusted on the socket: what the tests set up and inspect through.
    QString adminUrl(const QString &db) const
    {
        return QStringLiteral("host=%1 port=%2 user=postgres dbname=%3").arg(socketDir(), port, db);
    }
    // A role over TCP on 127.0.0.1, which asks for a password.
    QString tcpUrl(const QString &role, const QString &db) const
    {
        return QStringLiteral("postgresql://%1@127.0.0.1:%2/%3").arg(role, port, db);
    }

    // psql's unaligned, tuples-only output of `sql`; `error` gets stderr when it fails.
    QString psql(const QString &db, const QString &sql, QString *error = nullptr,
                 const QStringList &extra = {}) const
    {
        QProcess p;
        QStringList args{QStringLiteral("-X"),
                         QStringLiteral("-q"),
                         QStringLiteral("-At"),
                         QStringLiteral("-v"),
                         QStringLiteral("ON_ERROR_STOP=1"),
                         QStringLiteral("-d"),
                         adminUrl(db)};
        args << extra;
        if (!sql.isEmpty())
            args << QStringLiteral("-c") << sql;
        p.start(QStringLiteral("psql"), args);
        p.waitForFinished(60000);
        if (error)
            *error = p.exitCode() == 0 ? QString() : QString::fromUtf8(p.readAllStandardError());
        return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    }
    // A fresh database of the test's own.
    bool createDatabase(const QString &name, const QString &owner = QStringLiteral("postgres")) const
    {
        QString error;
        psql(QStringLiteral("postgres"), QStringLiteral("DROP DATABASE IF EXISTS %1").arg(name), &error);
        psql(QStringLiteral("postgres"), QStringLiteral("CREATE DATABASE %1 OWNER %2").arg(name, owner),
             &error);
        return error.isEmpty();
    }
    // Every row of the store's data tables, in a stable order, hashed: equal when the content is.
    QString storeHash(const QString &db) const
    {
        return psql(
            db,
            QStringLiteral(
                "SELECT md5(coalesce(string_agg(r, E'\\n' ORDER BY r), '')) FROM ("
                " SELECT concat_ws('|', s.entity_id, s.metric, s.source, s.dims, s.unit, p.ts,"
                "  p.value::text, v.source, v.endpoint, v.fetched_at, v.as_of) AS r"
                " FROM stackatlas.points p JOIN stackatlas.series s ON s.id = p.series_id"
                " JOIN stackatlas.provenance v ON v.id = p.provenance_id"
                " UNION ALL SELECT concat_ws('|', 'push', id) FROM stackatlas.pushes"
                " UNION ALL SELECT concat_ws('|', 'revision', series_id, ts, value) FROM stackatlas.revisions"
                " UNION ALL SELECT concat_ws('|', 'run', source, started_at) FROM stackatlas.runs) x"));
    }
};

} // namespace stackatlas::test
