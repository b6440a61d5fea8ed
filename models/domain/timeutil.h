// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stackatlas {

// Time in the cache is Unix seconds, UTC. These helpers are the only place text becomes time.
using UnixSeconds = std::int64_t;

struct TimeParse
{
    std::optional<UnixSeconds> value;
    std::string error; // set when value is empty
};

// Accepts ISO-8601 dates and date-times ("2025-06-04", "2025-06-04T07:23:25", "...Z", "...+02:00",
// fractional seconds, a space instead of 'T') and Unix seconds ("1717459200"). A date-time without
// an offset is UTC. A Unix number too large to be seconds (e.g. milliseconds) is refused, not guessed.
TimeParse parseTimestamp(std::string_view text);

// "2025-06-04T07:23:25Z"
std::string formatIsoUtc(UnixSeconds t);
// "2025-06-04"
std::string formatIsoDate(UnixSeconds t);

} // namespace stackatlas
