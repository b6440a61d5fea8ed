// SPDX-License-Identifier: GPL-3.0-or-later
#include "textutil.h"

#include <cstdint>
#include <cstdio>
#include <cstring>

#include <charconv>
#include <cmath>

namespace stackatlas {

namespace {

// The valid UTF-8 sequence at s[i]: its code point and length; nullopt when s[i] starts none
// (a stray byte, a truncated sequence, an overlong form, a surrogate, a value past U+10FFFF).
std::optional<std::pair<char32_t, std::size_t>> decodeUtf8(std::string_view s, std::size_t i)
{
    const unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    char32_t cp = 0;
    if (c < 0x80)
        return std::make_pair(char32_t(c), std::size_t(1));
    if ((c & 0xE0) == 0xC0)
        extra = 1, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0)
        extra = 2, cp = c & 0x0F;
    else if ((c & 0xF8) == 0xF0)
        extra = 3, cp = c & 0x07;
    else
        return std::nullopt;
    if (i + extra >= s.size())
        return std::nullopt;
    for (std::size_t k = 1; k <= extra; ++k) {
        const unsigned char cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80)
            return std::nullopt;
        cp = (cp << 6) | (cc & 0x3F);
    }
    if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        return std::nullopt;
    return std::make_pair(cp, extra + 1);
}

} // namespace

std::size_t firstInvalidUtf8(std::string_view s)
{
    std::size_t i = 0;
    while (i < s.size()) {
        // Eight ASCII bytes at a time: payloads are nearly all ASCII, and this pass replaced
        // RapidJSON's byte-by-byte validation (which cost the parsers 40% of their speed).
        while (i + 8 <= s.size()) {
            std::uint64_t word;
            std::memcpy(&word, s.data() + i, 8);
            if (word & 0x8080808080808080ull)
                break;
            i += 8;
        }
        if (i >= s.size())
            break;
        const auto sequence = decodeUtf8(s, i);
        if (!sequence)
            return i;
        i += sequence->second;
    }
    return s.size();
}

bool isValidUtf8(std::string_view s)
{
    return firstInvalidUtf8(s) == s.size();
}

namespace {

bool unsafe(char32_t c)
{
    return c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || (c >= 0x200E && c <= 0x200F) ||
           (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || (c >= 0xFDD0 && c <= 0xFDEF) ||
           (c & 0xFFFE) == 0xFFFE;
}

} // namespace

bool isCleanText(std::string_view text)
{
    for (std::size_t i = 0; i < text.size();) {
        const auto decoded = decodeUtf8(text, i);
        if (!decoded || unsafe(decoded->first))
            return false;
        i += decoded->second;
    }
    return true;
}

std::string quotedInput(std::string_view input)
{
    constexpr std::size_t kShown = 200; // characters
    std::string out = "\"";
    std::size_t i = 0, shown = 0;
    char buf[16];
    while (i < input.size() && shown < kShown) {
        const auto decoded = decodeUtf8(input, i);
        if (!decoded) {
            std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned char>(input[i]));
            out += buf;
            ++i;
        } else if (unsafe(decoded->first)) {
            if (decoded->first < 0x80)
                std::snprintf(buf, sizeof buf, "\\x%02X", unsigned(decoded->first));
            else
                std::snprintf(buf, sizeof buf, "\\u{%04X}", unsigned(decoded->first));
            out += buf;
            i += decoded->second;
        } else {
            if (decoded->first == '"' || decoded->first == '\\')
                out += '\\';
            out.append(input.substr(i, decoded->second));
            i += decoded->second;
        }
        ++shown;
    }
    out += '"';
    if (i < input.size())
        out += "\u2026(+" + std::to_string(input.size() - i) + " bytes)";
    return out;
}

std::string_view trimmed(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

std::optional<double> parseFiniteDouble(std::string_view text)
{
    text = trimmed(text);
    if (text.empty())
        return std::nullopt;
    if (text.front() == '+')
        text.remove_prefix(1);
    // Whole numbers of up to 15 digits (unix times, counts) are exact as doubles: summed directly,
    // at a fraction of from_chars' cost, which was half of a numeric payload's parse.
    if (!text.empty() && text.size() <= 15) {
        std::int64_t whole = 0;
        std::size_t i = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9')
            whole = whole * 10 + (text[i++] - '0');
        if (i == text.size())
            return double(whole);
    }
    double v = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    // from_chars accepts "inf" and "nan": a value must be a finite number written out in full
    if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(v))
        return std::nullopt;
    return v;
}

} // namespace stackatlas
