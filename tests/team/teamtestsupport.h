// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the team store's tests compare and break: a cache's content by hash, and a relay that cuts
// a connection off mid-transfer.

#include <QByteArray>
#include <QCryptographicHash>
#include <QHostAddress>
#include <QString>
#include <QTcpServer>
#include <QTcpSocket>

#include <sqlite3.h>

namespace stackatlas::test {

// A cache's data by content (no local ids), hashed: two caches whose hashes are equal hold the
// same series, points, values and provenance.
inline QByteArray cacheHash(const QString &path, long long *points = nullptr)
{
    sqlite3 *db = nullptr;
    QCryptographicHash hash(QCryptographicHash::Sha256);
    long long n = 0;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt *q = nullptr;
        const char *sql =
            "SELECT s.entity_id, s.metric, s.source, s.dims, s.unit, p.ts, p.value, v.source, v.endpoint,"
            " v.fetched_at, v.as_of FROM points p JOIN series s ON s.id = p.series_id"
            " JOIN provenance v ON v.id = p.provenance_id ORDER BY 1, 2, 3, 4, 6";
        if (sqlite3_prepare_v2(db, sql, -1, &q, nullptr) == SQLITE_OK) {
            while (sqlite3_step(q) == SQLITE_ROW) {
                for (int c = 0; c < 11; ++c) {
                    hash.addData(QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(q, c))));
                    hash.addData(QByteArrayView("|"));
                }
                ++n;
            }
        }
        sqlite3_finalize(q);
    }
    sqlite3_close(db);
    if (points)
        *points = n;
    return hash.result().toHex();
}

// A loopback TCP relay to the server that cuts both sides once `limit` bytes have come back from
// it: a server that drops mid-transfer, as the client sees it.
class CuttingRelay : public QObject
{
public:
    CuttingRelay(quint16 target, qint64 limit) : m_target(target), m_limit(limit)
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *client = m_server.nextPendingConnection();
            auto *upstream = new QTcpSocket(client);
            upstream->connectToHost(QHostAddress::LocalHost, m_target);
            connect(client, &QTcpSocket::readyRead, upstream,
                    [client, upstream] { upstream->write(client->readAll()); });
            connect(upstream, &QTcpSocket::readyRead, client, [this, client, upstream] {
                const QByteArray data = upstream->readAll();
                m_relayed += data.size();
                client->write(data);
                if (m_relayed > m_limit) {
                    client->abort();
                    upstream->abort();
                }
            });
        });
    }
    quint16 port() const { return m_server.serverPort(); }

private:
    QTcpServer m_server;
    quint16 m_target;
    qint64 m_limit;
    qint64 m_relayed = 0;
};

} // namespace stackatlas::test
