// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "httpclient.h"

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>

namespace stackatlas {

class CancelToken;

// Time as the session sees it; tests substitute one that does not really sleep.
class SessionClock
{
public:
    virtual ~SessionClock() = default;
    virtual std::chrono::steady_clock::time_point now() const;
    // Waits, waking early on cancel; returns false when cancelled.
    virtual bool sleepFor(std::chrono::milliseconds duration, const CancelToken &cancel);
};

struct RetryPolicy
{
    int maxAttempts = 4; // the first try and three retries
    std::chrono::milliseconds baseDelay{1000};
    std::chrono::milliseconds maxDelay{30'000};
    // A Retry-After longer than this fails the request at once rather than blocking the fetch.
    std::chrono::milliseconds maxRetryAfter{120'000};
};

// At most `perMinute` requests in any sliding 60-second window, so a full refresh stays inside a
// free tier. acquire() blocks (cancellably) until a request may go.
class RequestBudget
{
public:
    RequestBudget(int perMinute, SessionClock &clock);
    bool acquire(const CancelToken &cancel);
    int perMinute() const { return m_perMinute; }

private:
    int m_perMinute;
    SessionClock &m_clock;
    std::deque<std::chrono::steady_clock::time_point> m_sent;
};

// Parses Retry-After: delta seconds or an HTTP date (RFC 9110).
std::optional<std::chrono::seconds> parseRetryAfter(const std::string &value,
                                                    std::chrono::system_clock::time_point now);

// The host (and port) of an http(s) URL, lower-cased; empty when there is none.
std::string hostOf(const std::string &url);

// One source's view of the network: its budget, its retry policy, its counters. Retries 429,
// 5xx and timeouts with exponential backoff and full jitter, honouring Retry-After. A host that
// cannot be resolved or connected to is retried once in the session's life, not once a request:
// with no network a source fails in one backoff, and its later requests to that host fail at
// once without being sent. Used from one worker thread.
class HttpSession
{
public:
    HttpSession(HttpClient &client, RetryPolicy policy, int requestsPerMinute,
                std::shared_ptr<SessionClock> clock = std::make_shared<SessionClock>());

    HttpResult get(const HttpRequest &request, const CancelToken &cancel);

    int requestsSent() const { return m_requests; }
    // True when every request so far failed before reaching its host (resolve or connect).
    bool neverReachedAHost() const { return m_requests > 0 && !m_reachedAHost; }
    long long bytesReceived() const { return m_bytes; }
    // Called with (bytes of the current response) while it arrives.
    void setByteObserver(std::function<void(long long)> observer) { m_onBytes = std::move(observer); }

private:
    HttpClient &m_client;
    RetryPolicy m_policy;
    std::shared_ptr<SessionClock> m_clock;
    RequestBudget m_budget;
    std::mt19937 m_random;
    std::function<void(long long)> m_onBytes;
    int m_requests = 0;
    long long m_bytes = 0;
    bool m_reachedAHost = false;
    std::set<std::string> m_connectRetried; // hosts whose one connect retry is spent
    std::set<std::string> m_unreachable;    // hosts that failed that retry too
};

} // namespace stackatlas
