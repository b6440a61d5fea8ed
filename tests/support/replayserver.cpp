// SPDX-License-Identifier: GPL-3.0-or-later
#include "replayserver.h"

#include <QMetaObject>
#include <QPointer>
#include <QSemaphore>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

namespace stackatlas::test {

struct ReplayServer::State
{
    mutable QMutex mutex;
    QMap<QByteArray, QList<Response>> routes;
    QMap<QByteArray, int> served;
    QList<Request> requests;
    QTcpServer *server = nullptr; // lives on the server thread
    QObject *anchor = nullptr;    // parent of everything on the server thread
    quint16 port = 0;
    QHostAddress address;

    Response next(const QByteArray &path)
    {
        QMutexLocker lock(&mutex);
        QByteArray key = path;
        if (!routes.contains(key)) {
            key.clear();
            for (auto it = routes.cbegin(); it != routes.cend(); ++it) {
                if (it.key().endsWith('*') && path.startsWith(it.key().chopped(1)) &&
                    it.key().size() > key.size())
                    key = it.key();
            }
        }
        if (key.isEmpty())
            return Response::json(R"({"error":"no such route in the replay"})", 404);
        const QList<Response> &script = routes[key];
        const int i = served[key]++;
        return script.at(std::min<qsizetype>(i, script.size() - 1));
    }
};

ReplayServer::Response ReplayServer::Response::json(const QByteArray &body, int status)
{
    Response r;
    r.status = status;
    r.body = body;
    r.headers.push_back({"Content-Type", "application/json"});
    return r;
}

namespace {

QByteArray reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 404:
        return "Not Found";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

void respond(QTcpSocket *socket, const ReplayServer::Response &r)
{
    using Mode = ReplayServer::Response::Mode;
    QByteArray head = "HTTP/1.1 " + QByteArray::number(r.status) + ' ' + reason(r.status) + "\r\n";
    for (const auto &[name, value] : r.headers)
        head += name + ": " + value + "\r\n";
    if (r.mode == Mode::Chunked)
        head += "Transfer-Encoding: chunked\r\n";
    else
        head += "Content-Length: " + QByteArray::number(r.body.size()) + "\r\n";
    head += "Connection: close\r\n\r\n";
    socket->write(head);
    switch (r.mode) {
    case Mode::Normal:
        socket->write(r.body);
        socket->disconnectFromHost();
        break;
    case Mode::Truncate:
        socket->write(r.body.left(r.body.size() / 2));
        socket->flush();
        socket->close();
        break;
    case Mode::Stall:
        socket->write(r.body.left(r.body.size() / 2));
        socket->flush(); // then nothing, until the client gives up
        break;
    case Mode::Chunked: {
        // Feed chunks as the socket drains, so the server never holds the whole body.
        auto sent = std::make_shared<qint64>(0);
        const qint64 total = r.generatedBytes;
        const QByteArray chunk(64 * 1024, 'x');
        auto pump = [socket, sent, total, chunk] {
            while (socket->state() == QAbstractSocket::ConnectedState && socket->bytesToWrite() < (1 << 20)) {
                if (*sent >= total) {
                    socket->write("0\r\n\r\n");
                    socket->disconnectFromHost();
                    return;
                }
                socket->write(QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n");
                *sent += chunk.size();
            }
        };
        QObject::connect(socket, &QTcpSocket::bytesWritten, socket, pump);
        pump();
        break;
    }
    }
}

} // namespace

ReplayServer::ReplayServer(const QHostAddress &address)
    : d(std::make_unique<State>()), m_thread(std::make_unique<QThread>())
{
    d->address = address;
    m_thread->start();
    QSemaphore listening;
    State *state = d.get();
    auto *anchor = new QObject;
    d->anchor = anchor;
    anchor->moveToThread(m_thread.get());
    QMetaObject::invokeMethod(anchor, [state, anchor, &listening] {
        state->server = new QTcpServer(anchor);
        state->server->listen(state->address, 0);
        state->port = state->server->serverPort();
        QObject::connect(state->server, &QTcpServer::newConnection, state->server, [state] {
            while (QTcpSocket *socket = state->server->nextPendingConnection()) {
                auto buffer = std::make_shared<QByteArray>();
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [state, socket, buffer] {
                    *buffer += socket->readAll();
                    const qsizetype end = buffer->indexOf("\r\n\r\n");
                    if (end < 0 || buffer->isEmpty())
                        return;
                    const QList<QByteArray> lines = buffer->left(end).split('\n');
                    buffer->clear();
                    const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
                    const QByteArray target = first.value(1);
                    Request req;
                    req.path = target.left(target.indexOf('?') < 0 ? target.size() : target.indexOf('?'));
                    req.query = target.indexOf('?') < 0 ? QByteArray() : target.mid(target.indexOf('?') + 1);
                    for (qsizetype i = 1; i < lines.size(); ++i) {
                        const qsizetype colon = lines[i].indexOf(':');
                        if (colon > 0)
                            req.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                               lines[i].mid(colon + 1).trimmed());
                    }
                    {
                        QMutexLocker lock(&state->mutex);
                        state->requests.append(req);
                    }
                    const Response r = state->next(req.path);
                    if (r.delayMs > 0) {
                        QPointer<QTcpSocket> guard(socket);
                        QTimer::singleShot(r.delayMs, socket, [guard, r] {
                            if (guard)
                                respond(guard, r);
                        });
                    } else {
                        respond(socket, r);
                    }
                });
            }
        });
        listening.release();
    });
    listening.acquire();
}

ReplayServer::~ReplayServer()
{
    // Sockets still open (a stalled response) go with the server, on its own thread.
    QObject *anchor = d->anchor;
    QMetaObject::invokeMethod(
        anchor, [anchor] { delete anchor; }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
}

QString ReplayServer::baseUrl() const
{
    return QStringLiteral("http://%1:%2").arg(d->address.toString()).arg(d->port);
}

quint16 ReplayServer::port() const
{
    return d->port;
}

void ReplayServer::route(const QByteArray &path, QList<Response> script)
{
    QMutexLocker lock(&d->mutex);
    d->routes[path] = std::move(script);
    d->served[path] = 0;
}

QList<ReplayServer::Request> ReplayServer::requests() const
{
    QMutexLocker lock(&d->mutex);
    return d->requests;
}

int ReplayServer::count(const QByteArray &path) const
{
    int n = 0;
    for (const auto &r : requests())
        n += r.path == path ? 1 : 0;
    return n;
}

} // namespace stackatlas::test
