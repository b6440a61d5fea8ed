// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QMap>
#include <QMutex>
#include <QPair>
#include <QString>

#include <memory>
#include <utility>
#include <vector>

class QThread;

namespace stackatlas::test {

// An HTTP/1.1 server on a loopback address that replays recorded payloads and scripted faults,
// for tests of the real libcurl transport. It runs on its own thread, so blocking clients can be
// tested from the test thread. Requests are recorded for assertions.
class ReplayServer
{
public:
    struct Response
    {
        enum class Mode
        {
            Normal,   // Content-Length and the whole body
            Chunked,  // chunked transfer of `generatedBytes` bytes of 'x' (an oversized body)
            Stall,    // headers and half the body, then silence with the connection open
            Truncate, // Content-Length of the whole body, half of it sent, then close
        };
        int status = 200;
        std::vector<std::pair<QByteArray, QByteArray>> headers;
        QByteArray body;
        Mode mode = Mode::Normal;
        qint64 generatedBytes = 0;
        int delayMs = 0;

        static Response json(const QByteArray &body, int status = 200);
    };
    struct Request
    {
        QByteArray path; // without the query
        QByteArray query;
        QMap<QByteArray, QByteArray> headers; // lower-case names
    };

    explicit ReplayServer(const QHostAddress &address = QHostAddress::LocalHost);
    ~ReplayServer();

    QString baseUrl() const; // http://127.0.0.1:PORT
    quint16 port() const;
    // Successive requests to path take successive responses; the last one repeats. A path ending
    // in '*' matches any path with that prefix.
    void route(const QByteArray &path, QList<Response> script);
    QList<Request> requests() const;
    int count(const QByteArray &path) const;

    struct State;

private:
    std::unique_ptr<State> d;
    std::unique_ptr<QThread> m_thread;
};

} // namespace stackatlas::test
