// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "status.h"

#include <string>
#include <string_view>
#include <vector>

namespace stackatlas {

// A dated event to annotate charts with (a model release, a price cut, a token migration), with
// the public source it was read from. Dates are as precise as the source: a day, a month, a
// range, or an approximate day.
struct Event
{
    std::string start;     // YYYY-MM-DD
    std::string end;       // YYYY-MM-DD for ranges, else empty
    std::string precision; // day | month | range | approximate
    std::string title;
    std::string kind;
    std::string source;
    std::string dateAsWritten;
    bool userDefined = false;
    long long id = 0; // the cache's row id; 0 until stored

    bool operator==(const Event &) const = default;
};

// Reads resources/defaultdata/events.csv (start,end,precision,title,kind,source,date_as_written).
// Bad rows are reported by line.
struct EventsCsv
{
    std::vector<Event> events;
    std::vector<LineIssue> rejected;
};
Result<EventsCsv> parseEventsCsv(std::string_view text);

// What a user may store as their own event: a real date (and an end not before it for a range),
// a title, and a source or note saying where it comes from.
Status validateUserEvent(const Event &event);

} // namespace stackatlas
