// SPDX-License-Identifier: GPL-3.0-or-later
#include "httpsession.h"

#include "canceltoken.h"

#include <algorithm>
#include <cctype>
#include <ctime>

namespace stackatlas {

std::chrono::steady_clock::time_point SessionClock::now() const
{
    return std::chrono::steady_clock::now();
}

bool SessionClock::sleepFor(std::chrono::milliseconds duration, const CancelToken &cancel)
{
    return cancel.sleepFor(duration);
}

RequestBudget::RequestBudget(int perMinute, SessionClock &clock)
    : m_perMinute(std::max(1, perMinute)), m_clock(clock)
{}

bool RequestBudget::acquire(const CancelToken &cancel)
{
    using namespace std::chrono;
    for (;;) {
        if (cancel.isCancelled())
            return false;
        const auto now = m_clock.now();
        while (!m_sent.empty() && now - m_sent.front() >= minutes(1))
            m_sent.pop_front();
        if (int(m_sent.size()) < m_perMinute) {
            m_sent.push_back(now);
            return true;
        }
        const auto wait = duration_cast<milliseconds>(m_sent.front() + minutes(1) - now) + milliseconds(1);
        if (!m_clock.sleepFor(wait, cancel))
            return false;
    }
}

std::optional<std::chrono::seconds> parseRetryAfter(const std::string &value,
                                                    std::chrono::system_clock::time_point now)
{
    std::string v = value;
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back())))
        v.pop_back();
    if (v.empty())
        return std::nullopt;
    if (std::all_of(v.begin(), v.end(), [](unsigned char c) { return std::isdigit(c); })) {
        if (v.size() > 9)
            return std::chrono::seconds(999'999'999);
        return std::chrono::seconds(std::stol(v));
    }
    // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
    std::tm tm{};
    char month[4] = {};
    char weekday[4] = {};
    int day = 0, year = 0, h = 0, m = 0, s = 0;
    if (std::sscanf(v.c_str(), "%3s, %d %3s %d %d:%d:%d GMT", weekday, &day, month, &year, &h, &m, &s) != 7)
        return std::nullopt;
    static const char *months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int mon = -1;
    for (int i = 0; i < 12; ++i) {
        if (std::string_view(month) == months[i])
            mon = i;
    }
    if (mon < 0)
        return std::nullopt;
    tm.tm_year = year - 1900;
    tm.tm_mon = mon;
    tm.tm_mday = day;
    tm.tm_hour = h;
    tm.tm_min = m;
    tm.tm_sec = s;
    const std::time_t when = timegm(&tm);
    const auto delta = std::chrono::system_clock::from_time_t(when) - now;
    return std::chrono::duration_cast<std::chrono::seconds>(
        std::max(delta, std::chrono::system_clock::duration::zero()));
}

std::string hostOf(const std::string &url)
{
    const auto scheme = url.find("://");
    const std::size_t start = scheme == std::string::npos ? 0 : scheme + 3;
    std::size_t end = url.find_first_of("/?#", start);
    std::string host = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (const auto at = host.rfind('@'); at != std::string::npos) // never keep credentials
        host = host.substr(at + 1);
    std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return std::tolower(c); });
    return host;
}

HttpSession::HttpSession(HttpClient &client, RetryPolicy policy, int requestsPerMinute,
                         std::shared_ptr<SessionClock> clock)
    : m_client(client), m_policy(policy), m_clock(std::move(clock)), m_budget(requestsPerMinute, *m_clock),
      m_random(std::random_device{}())
{}

HttpResult HttpSession::get(const HttpRequest &request, const CancelToken &cancel)
{
    using namespace std::chrono;
    HttpResult last;
    const std::string host = hostOf(request.url);
    if (m_unreachable.count(host)) {
        last.error = TransportError::Connect;
        last.message =
            "cannot connect: " + host + " could not be reached earlier in this fetch (not tried again)";
        return last;
    }
    for (int attempt = 1; attempt <= m_policy.maxAttempts; ++attempt) {
        if (!m_budget.acquire(cancel)) {
            last = {};
            last.error = TransportError::Cancelled;
            last.message = "cancelled";
            return last;
        }
        ++m_requests;
        last = m_client.get(request, cancel, m_onBytes);
        m_bytes += last.bytes;
        if (last.error == TransportError::Connect) {
            // Resolving or connecting again a moment later rarely helps: once per host.
            if (!m_connectRetried.insert(host).second) {
                m_unreachable.insert(host);
                return last;
            }
        } else if (last.error != TransportError::Cancelled) {
            m_reachedAHost = true;
            m_connectRetried.erase(host);
        }

        const bool retryable = (last.transportOk() && (last.status == 429 || last.status >= 500)) ||
                               last.error == TransportError::Timeout || last.error == TransportError::Connect;
        if (!retryable || attempt == m_policy.maxAttempts)
            return last;

        // Exponential backoff with full jitter; a server's Retry-After takes precedence.
        const auto ceiling = std::min(m_policy.maxDelay, m_policy.baseDelay * (1 << (attempt - 1)));
        std::uniform_int_distribution<long long> jitter(ceiling.count() / 2, ceiling.count());
        milliseconds wait(jitter(m_random));
        if (last.retryAfter) {
            if (const auto after = parseRetryAfter(*last.retryAfter, system_clock::now())) {
                const auto asked = duration_cast<milliseconds>(*after);
                if (asked > m_policy.maxRetryAfter) {
                    last.message = "rate limited: the server asks to wait " + std::to_string(after->count()) +
                                   " s (Retry-After), longer than this fetch waits";
                    return last;
                }
                wait = std::max(wait, asked);
            }
        }
        if (!m_clock->sleepFor(wait, cancel)) {
            last.error = TransportError::Cancelled;
            last.message = "cancelled";
            return last;
        }
    }
    return last;
}

} // namespace stackatlas
