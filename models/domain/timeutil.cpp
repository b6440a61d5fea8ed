// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeutil.h"
#include "models/domain/textutil.h"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace stackatlas {
namespace {

// Years the app will ever see: before 1970 or after 9999 is a typo, not data.
constexpr int kMinYear = 1970;
constexpr int kMaxYear = 9999;
constexpr UnixSeconds kMaxUnixSeconds = 253402300799; // 9999-12-31T23:59:59Z

bool readDigits(std::string_view s, std::size_t pos, std::size_t count, int &out)
{
    if (pos + count > s.size())
        return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}

TimeParse fail(std::string_view text, const char *why)
{
    return {std::nullopt, "bad timestamp " + quotedInput(text) + ": " + why};
}

} // namespace

TimeParse parseTimestamp(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    if (text.empty())
        return fail(text, "empty");

    const bool allDigits = text.find_first_not_of("0123456789") == std::string_view::npos;
    if (allDigits) {
        UnixSeconds v = 0;
        auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || ptr != text.data() + text.size() || v > kMaxUnixSeconds)
            return fail(text, "a Unix time must be whole seconds (is this milliseconds?)");
        return {v, {}};
    }

    int year = 0, month = 0, day = 0;
    if (!readDigits(text, 0, 4, year) || text.size() < 10 || text[4] != '-' ||
        !readDigits(text, 5, 2, month) || text[7] != '-' || !readDigits(text, 8, 2, day))
        return fail(text, "expected YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|+HH:MM] or Unix seconds");
    if (year < kMinYear || year > kMaxYear)
        return fail(text, "year out of range");
    const std::chrono::year_month_day ymd{std::chrono::year(year), std::chrono::month(unsigned(month)),
                                          std::chrono::day(unsigned(day))};
    if (!ymd.ok())
        return fail(text, "no such date");

    int hour = 0, minute = 0, second = 0;
    std::size_t pos = 10;
    long offsetSeconds = 0;
    if (pos < text.size()) {
        if (text[pos] != 'T' && text[pos] != ' ')
            return fail(text, "expected 'T' after the date");
        ++pos;
        if (!readDigits(text, pos, 2, hour) || pos + 2 >= text.size() || text[pos + 2] != ':' ||
            !readDigits(text, pos + 3, 2, minute))
            return fail(text, "expected HH:MM after the date");
        pos += 5;
        if (pos < text.size() && text[pos] == ':') {
            if (!readDigits(text, pos + 1, 2, second))
                return fail(text, "expected seconds after HH:MM:");
            pos += 3;
            if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
                ++pos; // fractions of a second are dropped: the cache stores whole seconds
                const std::size_t start = pos;
                while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')
                    ++pos;
                if (pos == start)
                    return fail(text, "expected digits after the decimal point");
            }
        }
        if (hour > 23 || minute > 59 || second > 60)
            return fail(text, "time of day out of range");
        if (second == 60)
            second = 59; // a leap second is kept within its minute
        if (pos < text.size()) {
            if (text[pos] == 'Z' && pos + 1 == text.size()) {
                pos += 1;
            } else if (text[pos] == '+' || text[pos] == '-') {
                int oh = 0, om = 0;
                const int sign = text[pos] == '-' ? -1 : 1;
                if (!readDigits(text, pos + 1, 2, oh))
                    return fail(text, "bad UTC offset");
                std::size_t next = pos + 3;
                if (next < text.size() && text[next] == ':')
                    ++next;
                if (!readDigits(text, next, 2, om) || next + 2 != text.size() || oh > 23 || om > 59)
                    return fail(text, "bad UTC offset");
                offsetSeconds = sign * (oh * 3600L + om * 60L);
                pos = text.size();
            } else {
                return fail(text, "unexpected text after the time");
            }
        }
    }
    if (pos != text.size())
        return fail(text, "unexpected text after the date");

    const auto days = std::chrono::sys_days(ymd).time_since_epoch().count();
    const UnixSeconds t = UnixSeconds(days) * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
    if (t < 0)
        return fail(text, "before 1970");
    return {t, {}};
}

std::string formatIsoUtc(UnixSeconds t)
{
    const auto days =
        std::chrono::floor<std::chrono::days>(std::chrono::sys_seconds(std::chrono::seconds(t)));
    const std::chrono::year_month_day ymd(days);
    const auto secs = static_cast<unsigned long>(t - UnixSeconds(days.time_since_epoch().count()) * 86400);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lu:%02lu:%02luZ", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), secs / 3600, (secs / 60) % 60, secs % 60);
    return buf;
}

std::string formatIsoDate(UnixSeconds t)
{
    return formatIsoUtc(t).substr(0, 10);
}

} // namespace stackatlas
