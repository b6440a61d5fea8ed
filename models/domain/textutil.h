// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace stackatlas {

bool isValidUtf8(std::string_view s);
// The offset of the first byte that does not start a valid UTF-8 sequence; s.size() when all is valid.
std::size_t firstInvalidUtf8(std::string_view s);
std::string_view trimmed(std::string_view s);

// Valid UTF-8 without a character quotedInput would escape: no control character, bidirectional
// override or noncharacter. What a stored text field must be.
bool isCleanText(std::string_view text);

// Input quoted for a message, safe on a terminal and honest about what it was: in double quotes,
// control characters, bidirectional overrides and noncharacters as \xNN or \u{NNNN}, bytes that
// are not UTF-8 as \xNN, and cut after 200 characters with the size of the rest ("…" and
// "(+N bytes)"). Every message that repeats what an input held goes through this.
std::string quotedInput(std::string_view input);

// The whole text must be one finite decimal number ("1.5", "-2e3"); "nan", "inf", "1,5", "12abc"
// and "" are not numbers. Used wherever text becomes a stored value, so no NaN reaches SQLite.
std::optional<double> parseFiniteDouble(std::string_view text);

// The items joined with `separator` ("a, b, c"), in the container's order.
template <typename Container> std::string joinStrings(const Container &items, std::string_view separator)
{
    std::string out;
    for (const auto &item : items) {
        if (!out.empty())
            out += separator;
        out += item;
    }
    return out;
}

} // namespace stackatlas
