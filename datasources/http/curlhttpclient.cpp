// SPDX-License-Identifier: GPL-3.0-or-later
#include "curlhttpclient.h"

#include "canceltoken.h"
#include "libcurl.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>

namespace stackatlas {
namespace {

// Only ever called on handles the loaded library made, so lib() is there.
const LibCurl &lib()
{
    return *libCurl();
}

struct CurlFree
{
    void operator()(CURL *c) const { lib().easy_cleanup(c); }
    void operator()(curl_slist *l) const { lib().slist_free_all(l); }
    void operator()(CURLU *u) const { lib().url_cleanup(u); }
};

// What one transfer collects; reset for every hop of a redirect chain.
struct Transfer
{
    std::string body;
    long long cap = 0;
    bool tooLarge = false;
    std::string contentType;
    std::optional<std::string> retryAfter;
    const CancelToken *cancel = nullptr;
    const std::function<void(long long)> *onBytes = nullptr;
    long long reported = 0;
};

size_t onWrite(char *data, size_t size, size_t count, void *user)
{
    auto *t = static_cast<Transfer *>(user);
    const size_t n = size * count;
    // libcurl 7.88 ignores CURLOPT_MAXFILESIZE for chunked and compressed bodies: cap here, after
    // decompression, so memory stays bounded whatever the server sends.
    if (static_cast<long long>(t->body.size() + n) > t->cap) {
        t->tooLarge = true;
        return CURL_WRITEFUNC_ERROR;
    }
    t->body.append(data, n);
    if (t->onBytes && *t->onBytes)
        (*t->onBytes)(static_cast<long long>(t->body.size()));
    return n;
}

std::string lowerTrimmed(std::string_view s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

size_t onHeader(char *data, size_t size, size_t count, void *user)
{
    auto *t = static_cast<Transfer *>(user);
    const std::string_view line(data, size * count);
    if (line.rfind("HTTP/", 0) == 0) { // a new response (e.g. after 100 Continue): start over
        t->contentType.clear();
        t->retryAfter.reset();
        return size * count;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos)
        return size * count;
    const std::string name = lowerTrimmed(line.substr(0, colon));
    std::string value(line.substr(colon + 1));
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
        value.pop_back();
    while (!value.empty() && value.front() == ' ')
        value.erase(value.begin());
    if (name == "content-type")
        t->contentType = value;
    else if (name == "retry-after")
        t->retryAfter = value;
    return size * count;
}

int onProgress(void *user, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    const auto *t = static_cast<Transfer *>(user);
    return t->cancel && t->cancel->isCancelled() ? 1 : 0;
}

std::optional<std::string> urlPart(const std::string &url, CURLUPart part)
{
    if (!libCurl())
        return std::nullopt;
    std::unique_ptr<CURLU, CurlFree> u(lib().url());
    if (lib().url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK)
        return std::nullopt;
    char *value = nullptr;
    if (lib().url_get(u.get(), part, &value, 0) != CURLUE_OK)
        return std::nullopt;
    std::string out(value);
    lib().free(value);
    return lowerTrimmed(out);
}

// host:port, so that a redirect to another port of the same host also counts as another origin
std::string originOf(const std::string &url)
{
    const auto host = urlPart(url, CURLUPART_HOST).value_or("");
    if (!libCurl())
        return host;
    std::unique_ptr<CURLU, CurlFree> u(lib().url());
    lib().url_set(u.get(), CURLUPART_URL, url.c_str(), 0);
    char *port = nullptr;
    std::string p;
    if (lib().url_get(u.get(), CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
        p = port;
        lib().free(port);
    }
    return host + ":" + p;
}

bool isHttpScheme(const std::string &url)
{
    const auto scheme = urlPart(url, CURLUPART_SCHEME);
    return scheme && (*scheme == "http" || *scheme == "https");
}

std::string envValue(const char *name)
{
    const char *v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

} // namespace

struct CurlHttpClient::Private
{
    CurlSettings settings;
    std::unique_ptr<CURL, CurlFree> curl;
    std::string unavailable; // why libcurl could not be loaded
};

CurlHttpClient::CurlHttpClient(CurlSettings settings) : d(std::make_unique<Private>())
{
    d->settings = std::move(settings);
    if (const LibCurl *api = libCurl(&d->unavailable))
        d->curl.reset(api->easy_init());
}

CurlHttpClient::~CurlHttpClient() = default;

std::string CurlHttpClient::proxyFor(const std::string &url, const std::string &configured)
{
    if (configured == "none")
        return {};
    if (!configured.empty())
        return configured;
    const bool https = urlPart(url, CURLUPART_SCHEME).value_or("") == "https";
    // curl's own convention: http_proxy only in lower case (HTTP_PROXY can be set by CGI).
    std::string proxy = https ? envValue("https_proxy") : envValue("http_proxy");
    if (proxy.empty() && https)
        proxy = envValue("HTTPS_PROXY");
    if (proxy.empty())
        proxy = envValue("all_proxy");
    if (proxy.empty())
        proxy = envValue("ALL_PROXY");
    return proxy;
}

namespace {

// A proxy scheme libcurl would use but we do not allow: the reason, or empty.
std::string refusedProxy(const std::string &proxy)
{
    if (proxy.empty())
        return {};
    const std::string scheme = proxy.find("://") == std::string::npos
                                   ? std::string("http")
                                   : lowerTrimmed(proxy.substr(0, proxy.find("://")));
    if (scheme != "http" && scheme != "https" && scheme != "socks5h")
        return "unsupported proxy scheme \"" + scheme + "\" (use http, https or socks5h)";
    return {};
}

// Secrets go only to the host they were meant for.
std::unique_ptr<curl_slist, CurlFree> requestHeaders(const HttpRequest &request, bool sameOrigin)
{
    std::unique_ptr<curl_slist, CurlFree> headers;
    auto add = [&](const std::string &name, const std::string &value) {
        curl_slist *next = lib().slist_append(headers.get(), (name + ": " + value).c_str());
        headers.release();
        headers.reset(next);
    };
    for (const auto &[name, value] : request.headers)
        add(name, value);
    if (sameOrigin)
        for (const auto &[name, value] : request.secretHeaders)
            add(name, value);
    return headers;
}

// The error of a failed transfer, in the user's words.
void describeFailure(HttpResult &result, CURLcode rc, long status, const Transfer &t,
                     const HttpLimits &limits)
{
    const std::string tooLarge =
        "response larger than " + std::to_string(limits.maxBodyBytes) + " bytes, refused";
    switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
        result.error = TransportError::Timeout;
        result.message = t.body.empty() && status == 0
                             ? "timed out (no response within the time limit)"
                             : "timed out: the transfer stalled or exceeded the time limit";
        break;
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        result.error = TransportError::Connect;
        result.message = std::string("cannot connect: ") + lib().easy_strerror(rc);
        break;
    case CURLE_ABORTED_BY_CALLBACK:
        result.error = TransportError::Cancelled;
        result.message = "cancelled";
        break;
    case CURLE_FILESIZE_EXCEEDED:
        result.error = TransportError::TooLarge;
        result.message = tooLarge;
        break;
    case CURLE_PARTIAL_FILE:
        result.error = TransportError::Other;
        result.message = "the connection closed before the whole body arrived (truncated response)";
        break;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CONNECT_ERROR:
        result.error = TransportError::Refused;
        result.message = std::string("TLS verification failed: ") + lib().easy_strerror(rc);
        break;
    default:
        result.error = t.tooLarge ? TransportError::TooLarge : TransportError::Other;
        result.message = t.tooLarge ? tooLarge : std::string(lib().easy_strerror(rc));
    }
}

// Where a 3xx leads, if it may be followed: no Location, too many hops, or a key that would
// travel to another host end the request with the reason.
std::optional<std::string> redirectTarget(CURL *c, HttpResult &result, const HttpRequest &request, int hop,
                                          const HttpLimits &limits, const std::string &firstOrigin)
{
    char *location = nullptr;
    lib().easy_getinfo(c, CURLINFO_REDIRECT_URL, &location);
    result.error = TransportError::Redirect;
    if (!location) {
        result.message = "redirect without a Location";
        return std::nullopt;
    }
    const std::string next(location);
    if (hop + 1 > limits.maxRedirects) {
        result.message = "more than " + std::to_string(limits.maxRedirects) + " redirects";
        return std::nullopt;
    }
    if (!request.secretHeaders.empty() && originOf(next) != firstOrigin) {
        result.message = "refused a redirect to another host (" +
                         urlPart(next, CURLUPART_HOST).value_or("?") + ") with an API key attached";
        return std::nullopt;
    }
    result.error = TransportError::None;
    return next;
}

// Every option of one transfer; nothing is left from the previous one (curl_easy_reset).
void configure(CURL *c, const CurlSettings &settings, const std::string &url, const std::string &proxy,
               curl_slist *headers, Transfer &t)
{
    const HttpLimits &limits = settings.limits;
    lib().easy_reset(c);
    lib().easy_setopt(c, CURLOPT_URL, url.c_str());
    lib().easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    lib().easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    lib().easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    lib().easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    lib().easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    lib().easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!settings.caFile.empty())
        lib().easy_setopt(c, CURLOPT_CAINFO, settings.caFile.c_str());
    lib().easy_setopt(c, CURLOPT_PROXY, proxy.c_str()); // explicit: "" means no proxy
    const std::string noProxy = envValue("no_proxy").empty() ? envValue("NO_PROXY") : envValue("no_proxy");
    if (!noProxy.empty())
        lib().easy_setopt(c, CURLOPT_NOPROXY, noProxy.c_str());
    lib().easy_setopt(c, CURLOPT_USERAGENT, settings.userAgent.c_str());
    lib().easy_setopt(c, CURLOPT_ACCEPT_ENCODING, ""); // every encoding this libcurl decodes
    lib().easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    lib().easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, limits.connectTimeoutMs);
    lib().easy_setopt(c, CURLOPT_TIMEOUT_MS, limits.totalTimeoutMs);
    lib().easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, limits.lowSpeedBytesPerSecond);
    lib().easy_setopt(c, CURLOPT_LOW_SPEED_TIME, limits.lowSpeedSeconds);
    lib().easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(limits.maxBodyBytes));
    lib().easy_setopt(c, CURLOPT_WRITEFUNCTION, onWrite);
    lib().easy_setopt(c, CURLOPT_WRITEDATA, &t);
    lib().easy_setopt(c, CURLOPT_HEADERFUNCTION, onHeader);
    lib().easy_setopt(c, CURLOPT_HEADERDATA, &t);
    lib().easy_setopt(c, CURLOPT_XFERINFOFUNCTION, onProgress);
    lib().easy_setopt(c, CURLOPT_XFERINFODATA, &t);
    lib().easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
}

} // namespace

HttpResult CurlHttpClient::get(const HttpRequest &request, const CancelToken &cancel,
                               const std::function<void(long long)> &onBytes)
{
    HttpResult result;
    CURL *c = d->curl.get();
    if (!c) {
        result.error = TransportError::Other;
        result.message = d->unavailable.empty() ? "libcurl could not be initialised" : d->unavailable;
        return result;
    }
    const HttpLimits &limits = d->settings.limits;
    std::string url = request.url;
    const std::string firstOrigin = originOf(url);
    for (int hop = 0;; ++hop) {
        if (!isHttpScheme(url)) {
            result.error = TransportError::Refused;
            result.message = "only http and https URLs are fetched";
            return result;
        }
        const std::string proxy = proxyFor(url, d->settings.proxy);
        if (std::string why = refusedProxy(proxy); !why.empty()) {
            result.error = TransportError::Refused;
            result.message = std::move(why);
            return result;
        }
        const auto headers = requestHeaders(request, originOf(url) == firstOrigin);
        Transfer t;
        t.cap = limits.maxBodyBytes;
        t.cancel = &cancel;
        t.onBytes = &onBytes;
        configure(c, d->settings, url, proxy, headers.get(), t);
        const CURLcode rc = lib().easy_perform(c);
        long status = 0;
        lib().easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        result.status = int(status);
        result.bytes += static_cast<long long>(t.body.size());
        result.effectiveUrl = url;
        if (rc != CURLE_OK) {
            describeFailure(result, rc, status, t, limits);
            // A timeout before any connection (a resolver that never answers, packets dropped on
            // the way) is a host out of reach, not a slow server: the session treats it as such.
            curl_off_t connected = 0;
            if (rc == CURLE_OPERATION_TIMEDOUT &&
                lib().easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &connected) == CURLE_OK && connected == 0) {
                result.error = TransportError::Connect;
                result.message = "cannot connect: no connection within the time limit";
            }
            return result;
        }
        if (status >= 300 && status < 400 && status != 304) {
            const auto next = redirectTarget(c, result, request, hop, limits, firstOrigin);
            if (!next)
                return result;
            url = *next;
            continue;
        }
        result.body = std::move(t.body);
        result.contentType = t.contentType;
        result.retryAfter = t.retryAfter;
        return result;
    }
}

} // namespace stackatlas
