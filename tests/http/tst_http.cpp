// SPDX-License-Identifier: GPL-3.0-or-later
// The libcurl transport and the retrying session, over real HTTP to a replay server on loopback.
#include "datasources/http/canceltoken.h"
#include "datasources/http/curlhttpclient.h"
#include "datasources/http/httpsession.h"
#include "support/replayserver.h"
#include "support/warnings.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QTest>

#include <thread>
#include <zlib.h>

using namespace stackatlas;
using stackatlas::test::ReplayServer;
using Response = ReplayServer::Response;

namespace {

CurlSettings fastSettings()
{
    CurlSettings s;
    s.userAgent = "StackAtlas/test";
    s.proxy = "none";
    s.limits.connectTimeoutMs = 2000;
    s.limits.totalTimeoutMs = 10000;
    s.limits.lowSpeedBytesPerSecond = 100;
    s.limits.lowSpeedSeconds = 1;
    s.limits.maxBodyBytes = 1 << 20;
    return s;
}

QByteArray gzipOfZeros(qint64 bytes)
{
    z_stream zs{};
    deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY); // 16: gzip wrapper
    const QByteArray zeros(1 << 20, '\0');
    QByteArray out;
    char buffer[1 << 16];
    for (qint64 fed = 0; fed < bytes; fed += zeros.size()) {
        zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(zeros.constData()));
        zs.avail_in = uInt(zeros.size());
        const int flush = fed + zeros.size() >= bytes ? Z_FINISH : Z_NO_FLUSH;
        do {
            zs.next_out = reinterpret_cast<Bytef *>(buffer);
            zs.avail_out = sizeof buffer;
            deflate(&zs, flush);
            out.append(buffer, int(sizeof buffer - zs.avail_out));
        } while (zs.avail_out == 0);
    }
    deflateEnd(&zs);
    return out;
}

// A clock that advances instead of sleeping, so budget and backoff tests take no real time.
class FakeClock : public SessionClock
{
public:
    std::chrono::steady_clock::time_point now() const override { return m_now; }
    bool sleepFor(std::chrono::milliseconds d, const CancelToken &cancel) override
    {
        slept += d;
        m_now += d;
        return !cancel.isCancelled();
    }
    std::chrono::milliseconds slept{0};

private:
    std::chrono::steady_clock::time_point m_now{};
};

} // namespace

class tst_Http : public QObject
{
    Q_OBJECT

private slots:
    void init() { stackatlas::test::failOnUnexpectedWarnings(); }
    void plainGetSendsUserAgentAndAcceptsCompression();
    void keyTravelsInHeaderOnly();
    void compressedBodyIsDecoded();
    void crossHostRedirectWithKeyRefused();
    void crossHostRedirectWithoutKeyFollowed();
    void redirectsCapped();
    void nonHttpSchemeRefused();
    void oversizedChunkedBodyRefused();
    void gzipBombRefused();
    void stalledBodyTimesOut();
    void truncatedBodyIsAnError();
    void connectionRefusedIsQuick();
    void unreachableHostRetriedOncePerSession();
    void cancelFromAnotherThread();
    void retriesServerErrorThenSucceeds();
    void honoursRetryAfter();
    void refusesOverlongRetryAfter();
    void doesNotRetryClientErrors();
    void budgetSpacesRequests();
    void parsesRetryAfter();
    void proxyFromSettingsAndEnvironment();
};

void tst_Http::plainGetSendsUserAgentAndAcceptsCompression()
{
    ReplayServer server;
    server.route("/ok", {Response::json(R"({"a":1})")});
    CurlHttpClient client(fastSettings());
    CancelToken cancel;
    const HttpResult r = client.get({server.baseUrl().toStdString() + "/ok?x=1", {}, {}}, cancel);
    QVERIFY2(r.ok(), r.message.c_str());
    QCOMPARE(r.body, std::string(R"({"a":1})"));
    QCOMPARE(r.contentType, std::string("application/json"));
    const auto req = server.requests().first();
    QCOMPARE(req.query, QByteArray("x=1"));
    QCOMPARE(req.headers.value("user-agent"), QByteArray("StackAtlas/test"));
    QVERIFY(req.headers.value("accept-encoding").contains("gzip"));
}

void tst_Http::keyTravelsInHeaderOnly()
{
    ReplayServer server;
    server.route("/markets", {Response::json("[]")});
    CurlHttpClient client(fastSettings());
    CancelToken cancel;
    HttpRequest request{server.baseUrl().toStdString() + "/markets?vs_currency=usd",
                        {},
                        {{"x-cg-demo-api-key", "CG-SECRET-123"}}};
    QVERIFY(client.get(request, cancel).ok());
    const auto req = server.requests().first();
    QCOMPARE(req.headers.value("x-cg-demo-api-key"), QByteArray("CG-SECRET-123"));
    QVERIFY(!req.query.contains("SECRET"));
}

void tst_Http::compressedBodyIsDecoded()
{
    ReplayServer server;
    Response r = Response::json(gzipOfZeros(1000));
    r.headers.push_back({"Content-Encoding", "gzip"});
    server.route("/gz", {r});
    CurlHttpClient client(fastSettings());
    CancelToken cancel;
    const HttpResult result = client.get({server.baseUrl().toStdString() + "/gz", {}, {}}, cancel);
    QVERIFY2(result.ok(), result.message.c_str());
    QCOMPARE(result.body.size(), std::size_t(1 << 20)); // the gzip helper feeds whole MiBs
}

void tst_Http::crossHostRedirectWithKeyRefused()
{
    ReplayServer a;
    ReplayServer b(QHostAddress(QStringLiteral("127.0.0.2")));
    b.route("/target", {Response::json("{}")});
    Response redirect;
    redirect.status = 302;
    redirect.headers.push_back({"Location", (b.baseUrl() + QStringLiteral("/target")).toUtf8()});
    a.route("/start", {redirect});
    CurlHttpClient client(fastSettings());
    CancelToken cancel;
    const HttpResult r =
        client.get({a.baseUrl().toStdString() + "/start", {}, {{"x-api-key", "SECRET123"}}}, cancel);
    QCOMPARE(r.error, TransportError::Redirect);
    QVERIFY2(QString::fromStdString(r.message).contains(QStringLiteral("another host")), r.message.c_str());
    QVERIFY(r.message.find("SECRET") == std::string::npos);
    QCOMPARE(b.requests().size(), 0); // the key never reached the other host
}

void tst_Http::crossHostRedirectWithoutKeyFollowed()
{
    ReplayServer a;
    ReplayServer b(QHostAddress(QStringLiteral("127.0.0.2")));
    b.route("/target", {Response::json(R"({"moved":true})")});
    Response redirect;
    redirect.status = 301;
    redirect.headers.push_back({"Location", (b.baseUrl() + QStringLiteral("/target")).toUtf8()});
    a.route("/start", {redirect});
    CurlHttpClient client(fastSettings());
    CancelToken cancel;
    const HttpResult r = client.get({a.baseUrl().toStdString() + "/start", {}, {}}, cancel);
    QVERIFY2(r.ok(), r.message.c_str());
    QCOMPARE(r.body, std::string(R"({"moved":true})"));
    // same-host redirects keep the key
    a.route("/hop", {[&] {
                Response hop;
                hop.status = 302;
                hop.headers.push_back({"Location", "/final"});
                return hop;
            }()});
    a.route("/final", {Response::json("{}")});
    QVERIFY(client.get({a.baseUrl().toStdString() + "/hop", {}, {{"x-api-key", "K-1234"}}}, cancel).ok());
    QCOMPARE(a.requests().last().headers.value("x-api-key"), QByteArray("K-1234"));
}

void tst_Http::redirectsCapped()
{
    ReplayServer server;
    Response loop;
    loop.status = 302;
    loop.headers.push_back({"Location", "/loop"});
    server.route("/loop", {loop});
    CurlHttpClient client(fastSettings());
    CancelToken cancel;
    const HttpResult r = client.get({server.baseUrl().toStdString() + "/loop", {}, {}}, cancel);
    QCOMPARE(r.error, TransportError::Redirect);
    QCOMPARE(server.count("/loop"), 4); // the first request and three redirects
}

void tst_Http::nonHttpSchemeRefused()
{
    CurlHttpClient client(fastSettings());
    CancelToken cancel;
    for (const char *url : {"file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/"}) {
        const HttpResult r = client.get({url, {}, {}}, cancel);
        QCOMPARE(r.error, TransportError::Refused);
    }
    ReplayServer server;
    Response toFile;
    toFile.status = 302;
    toFile.headers.push_back({"Location", "file:///etc/passwd"});
    server.route("/evil", {toFile});
    QCOMPARE(client.get({server.baseUrl().toStdString() + "/evil", {}, {}}, cancel).error,
             TransportError::Refused);
}

void tst_Http::oversizedChunkedBodyRefused()
{
    ReplayServer server;
    Response big;
    big.mode = Response::Mode::Chunked;
    big.generatedBytes = qint64(200) << 20;
    big.headers.push_back({"Content-Type", "application/json"});
    server.route("/big", {big});
    CurlHttpClient client(fastSettings());
    CancelToken cancel;
    QElapsedTimer timer;
    timer.start();
    const HttpResult r = client.get({server.baseUrl().toStdString() + "/big", {}, {}}, cancel);
    QCOMPARE(r.error, TransportError::TooLarge);
    QVERIFY(r.body.empty());
    QVERIFY2(timer.elapsed() < 5000, "the cap stops the transfer early");
}

void tst_Http::gzipBombRefused()
{
    ReplayServer server;
    Response bomb = Response::json(gzipOfZeros(qint64(64) << 20)); // ~64 KB on the wire, 64 MiB inflated
    bomb.headers.push_back({"Content-Encoding", "gzip"});
    server.route("/bomb", {bomb});
    CurlHttpClient client(fastSettings());
    CancelToken cancel;
    const HttpResult r = client.get({server.baseUrl().toStdString() + "/bomb", {}, {}}, cancel);
    QCOMPARE(r.error, TransportError::TooLarge);
    QVERIFY2(QString::fromStdString(r.message).contains(QStringLiteral("larger than 1048576 bytes")),
             r.message.c_str());
}

void tst_Http::stalledBodyTimesOut()
{
    ReplayServer server;
    Response stall = Response::json(QByteArray(4000, ' ') + "[]");
    stall.mode = Response::Mode::Stall;
    server.route("/stall", {stall});
    // libcurl averages speed over 5 s, so the low-speed limit alone trips late after an initial
    // burst; the total timeout is the bound that always holds.
    CurlSettings settings = fastSettings();
    settings.limits.totalTimeoutMs = 3000;
    CurlHttpClient client(settings);
    CancelToken cancel;
    QElapsedTimer timer;
    timer.start();
    const HttpResult r = client.get({server.baseUrl().toStdString() + "/stall", {}, {}}, cancel);
    QCOMPARE(r.error, TransportError::Timeout);
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
}

void tst_Http::truncatedBodyIsAnError()
{
    ReplayServer server;
    Response cut = Response::json(QByteArray(2000, '1'));
    cut.mode = Response::Mode::Truncate;
    server.route("/cut", {cut});
    CurlHttpClient client(fastSettings());
    CancelToken cancel;
    const HttpResult r = client.get({server.baseUrl().toStdString() + "/cut", {}, {}}, cancel);
    QVERIFY(!r.transportOk());
    QVERIFY2(QString::fromStdString(r.message).contains(QStringLiteral("truncated")), r.message.c_str());
}

void tst_Http::connectionRefusedIsQuick()
{
    quint16 closedPort = 0;
    {
        ReplayServer server;
        closedPort = server.port();
    }
    CurlHttpClient client(fastSettings());
    CancelToken cancel;
    const HttpResult r =
        client.get({"http://127.0.0.1:" + std::to_string(closedPort) + "/x", {}, {}}, cancel);
    QCOMPARE(r.error, TransportError::Connect);
}

void tst_Http::unreachableHostRetriedOncePerSession()
{
    quint16 closedPort = 0;
    {
        ReplayServer server;
        closedPort = server.port();
    }
    ReplayServer alive;
    alive.route("/ok", {Response::json("[]")});
    CurlHttpClient client(fastSettings());
    auto clock = std::make_shared<FakeClock>();
    HttpSession session(client, RetryPolicy{}, 600, clock);
    CancelToken cancel;
    const std::string dead = "http://127.0.0.1:" + std::to_string(closedPort);
    // Ten requests to a host that refuses: one retry in all, then no request is sent at all.
    for (int i = 0; i < 10; ++i) {
        const HttpResult r = session.get({dead + "/x" + std::to_string(i), {}, {}}, cancel);
        QCOMPARE(r.error, TransportError::Connect);
    }
    QCOMPARE(session.requestsSent(), 2);
    QVERIFY(clock->slept <= std::chrono::milliseconds(1000));
    QVERIFY(session.neverReachedAHost());
    // Another host of the same session is still tried, and reaching it is remembered.
    QVERIFY(session.get({alive.baseUrl().toStdString() + "/ok", {}, {}}, cancel).ok());
    QVERIFY(!session.neverReachedAHost());
    // An unresolvable name (RFC 6761's .invalid) is a connect failure, not a retried timeout.
    HttpSession other(client, RetryPolicy{}, 600, clock);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(other.get({"http://stackatlas-test.invalid/x", {}, {}}, cancel).error,
                 TransportError::Connect);
    QCOMPARE(other.requestsSent(), 2);
    QCOMPARE(hostOf("https://user:pw@Api.Example.com:8443/v1?q=1"), std::string("api.example.com:8443"));
}

void tst_Http::cancelFromAnotherThread()
{
    ReplayServer server;
    Response slow = Response::json("[]");
    slow.delayMs = 8000;
    server.route("/slow", {slow});
    CurlHttpClient client(fastSettings());
    CancelToken cancel;
    // Cancels once the request is in flight (the server has it), and times how long the client
    // takes to notice: the condition is waited on, the latency is what is measured.
    QElapsedTimer timer;
    std::thread canceller([&] {
        const QDeadlineTimer deadline(10000);
        while (server.count("/slow") == 0 && !deadline.hasExpired())
            std::this_thread::yield();
        timer.start();
        cancel.cancel();
    });
    CurlSettings patient = fastSettings();
    patient.limits.lowSpeedSeconds = 30;
    CurlHttpClient slowClient(patient);
    const HttpResult r = slowClient.get({server.baseUrl().toStdString() + "/slow", {}, {}}, cancel);
    canceller.join();
    QCOMPARE(r.error, TransportError::Cancelled);
    QCOMPARE(server.count("/slow"), 1);
    QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
}

void tst_Http::retriesServerErrorThenSucceeds()
{
    ReplayServer server;
    server.route("/flaky", {Response::json(R"({"error":"boom"})", 500),
                            Response::json(R"({"error":"busy"})", 503), Response::json("[1]")});
    CurlHttpClient client(fastSettings());
    auto clock = std::make_shared<FakeClock>();
    HttpSession session(client, RetryPolicy{}, 100, clock);
    CancelToken cancel;
    const HttpResult r = session.get({server.baseUrl().toStdString() + "/flaky", {}, {}}, cancel);
    QVERIFY2(r.ok(), r.message.c_str());
    QCOMPARE(session.requestsSent(), 3);
    // backoff 0.5..1 s, then 1..2 s (jittered)
    QVERIFY(clock->slept >= std::chrono::milliseconds(1500) &&
            clock->slept <= std::chrono::milliseconds(3000));
}

void tst_Http::honoursRetryAfter()
{
    ReplayServer server;
    Response limited = Response::json(
        R"({"status":{"error_code":429,"error_message":"You've exceeded the Rate Limit."}})", 429);
    limited.headers.push_back({"Retry-After", "1"});
    server.route("/limited", {limited, Response::json("[]")});
    CurlHttpClient client(fastSettings());
    HttpSession session(client, RetryPolicy{4, std::chrono::milliseconds(10), std::chrono::milliseconds(50)},
                        100);
    CancelToken cancel;
    QElapsedTimer timer;
    timer.start();
    const HttpResult r = session.get({server.baseUrl().toStdString() + "/limited", {}, {}}, cancel);
    QVERIFY2(r.ok(), r.message.c_str());
    QVERIFY2(timer.elapsed() >= 1000, "waited as the server asked, over its own 10 ms backoff");
    QCOMPARE(server.count("/limited"), 2);
}

void tst_Http::refusesOverlongRetryAfter()
{
    ReplayServer server;
    Response limited = Response::json("{}", 429);
    limited.headers.push_back({"Retry-After", "3600"});
    server.route("/limited", {limited});
    CurlHttpClient client(fastSettings());
    auto clock = std::make_shared<FakeClock>();
    HttpSession session(client, RetryPolicy{}, 100, clock);
    CancelToken cancel;
    const HttpResult r = session.get({server.baseUrl().toStdString() + "/limited", {}, {}}, cancel);
    QCOMPARE(r.status, 429);
    QVERIFY2(QString::fromStdString(r.message).contains(QStringLiteral("3600 s")), r.message.c_str());
    QCOMPARE(server.count("/limited"), 1);
    QCOMPARE(clock->slept.count(), 0);
}

void tst_Http::doesNotRetryClientErrors()
{
    ReplayServer server;
    server.route("/bad", {Response::json(R"({"error":"Missing parameter vs_currency"})", 422)});
    CurlHttpClient client(fastSettings());
    auto clock = std::make_shared<FakeClock>();
    HttpSession session(client, RetryPolicy{}, 100, clock);
    CancelToken cancel;
    QCOMPARE(session.get({server.baseUrl().toStdString() + "/bad", {}, {}}, cancel).status, 422);
    QCOMPARE(server.count("/bad"), 1);
}

void tst_Http::budgetSpacesRequests()
{
    FakeClock clock;
    RequestBudget budget(3, clock);
    CancelToken cancel;
    for (int i = 0; i < 3; ++i)
        QVERIFY(budget.acquire(cancel));
    QCOMPARE(clock.slept.count(), 0);
    QVERIFY(budget.acquire(cancel)); // the fourth waits for the window to slide
    QVERIFY(clock.slept >= std::chrono::seconds(60));
    cancel.cancel();
    QVERIFY(!budget.acquire(cancel));
}

void tst_Http::parsesRetryAfter()
{
    const auto now = std::chrono::system_clock::from_time_t(784111777); // Sun, 06 Nov 1994 08:49:37 GMT
    QCOMPARE(parseRetryAfter("119", now).value().count(), 119);
    QCOMPARE(parseRetryAfter("Sun, 06 Nov 1994 08:51:37 GMT", now).value().count(), 120);
    QCOMPARE(parseRetryAfter("Sun, 06 Nov 1994 08:40:00 GMT", now).value().count(), 0); // in the past
    QVERIFY(!parseRetryAfter("soon", now));
    QVERIFY(!parseRetryAfter("", now));
}

void tst_Http::proxyFromSettingsAndEnvironment()
{
    qputenv("https_proxy", "http://proxy.test:3128");
    qputenv("http_proxy", "http://plain.test:8080");
    QCOMPARE(CurlHttpClient::proxyFor("https://api.coingecko.com/x", ""),
             std::string("http://proxy.test:3128"));
    QCOMPARE(CurlHttpClient::proxyFor("http://127.0.0.1/x", ""), std::string("http://plain.test:8080"));
    QCOMPARE(CurlHttpClient::proxyFor("https://api.coingecko.com/x", "socks5h://s:1080"),
             std::string("socks5h://s:1080"));
    QCOMPARE(CurlHttpClient::proxyFor("https://api.coingecko.com/x", "none"), std::string());
    qunsetenv("https_proxy");
    qunsetenv("http_proxy");
    CurlSettings settings = fastSettings();
    settings.proxy = "ftp://proxy:21";
    CurlHttpClient client(settings);
    CancelToken cancel;
    QCOMPARE(client.get({"http://127.0.0.1:1/", {}, {}}, cancel).error, TransportError::Refused);
}

QTEST_GUILESS_MAIN(tst_Http)
#include "tst_http.moc"
