// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace stackatlas {

class CancelToken;

struct HttpRequest
{
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    // Headers that carry a credential: never logged, and never sent to another host on a redirect.
    std::vector<std::pair<std::string, std::string>> secretHeaders;
};

struct HttpLimits
{
    long connectTimeoutMs = 10'000;
    long totalTimeoutMs = 60'000;
    long lowSpeedBytesPerSecond = 16; // below this for lowSpeedSeconds: a stalled transfer
    long lowSpeedSeconds = 20;
    long long maxBodyBytes = 32LL << 20; // counted after decompression
    int maxRedirects = 3;
};

enum class TransportError
{
    None,
    Timeout,
    Connect,
    TooLarge,
    Cancelled,
    Redirect,
    Refused,
    Other
};

struct HttpResult
{
    TransportError error = TransportError::None;
    std::string message; // for errors: one line, no secrets
    int status = 0;      // HTTP status when a response arrived
    std::string body;
    std::string contentType;
    std::optional<std::string> retryAfter;
    std::string effectiveUrl;
    long long bytes = 0;

    bool transportOk() const { return error == TransportError::None; }
    bool ok() const { return transportOk() && status >= 200 && status < 300; }
};

// One HTTP GET, blocking. Implementations are used from worker threads: one call at a time per
// instance. onBytes reports bytes received so far (may be called often, from the calling thread).
class HttpClient
{
public:
    virtual ~HttpClient() = default;
    virtual HttpResult get(const HttpRequest &request, const CancelToken &cancel,
                           const std::function<void(long long)> &onBytes = {}) = 0;
};

} // namespace stackatlas
