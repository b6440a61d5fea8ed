// SPDX-License-Identifier: GPL-3.0-or-later
#include "event.h"

#include "csvreader.h"
#include "textutil.h"
#include "timeutil.h"

#include <map>

namespace stackatlas {

Result<EventsCsv> parseEventsCsv(std::string_view text)
{
    const CsvDocument doc = readCsv(text);
    if (doc.records.empty())
        return Status::error(StatusCode::InvalidInput, "events: empty file");
    std::map<std::string, std::size_t> col;
    for (std::size_t i = 0; i < doc.records[0].fields.size(); ++i)
        col[std::string(trimmed(doc.records[0].fields[i]))] = i;
    for (const char *name : {"start", "end", "precision", "title", "kind", "source", "date_as_written"}) {
        if (!col.count(name))
            return Status::error(StatusCode::InvalidInput,
                                 std::string("events: missing column \"") + name + "\"");
    }
    EventsCsv out;
    out.rejected = doc.issues;
    for (std::size_t r = 1; r < doc.records.size(); ++r) {
        const CsvRecord &rec = doc.records[r];
        if (rec.fields.size() != doc.records[0].fields.size()) {
            out.rejected.push_back({rec.line, "wrong number of fields"});
            continue;
        }
        auto f = [&](const char *name) {
            return std::string(trimmed(rec.fields[col.at(name)]));
        };
        Event e{f("start"), f("end"),    f("precision"),       f("title"),
                f("kind"),  f("source"), f("date_as_written"), false};
        const bool dateOk =
            e.start.size() == 10 && parseTimestamp(e.start).value &&
            (e.end.empty() || (e.end.size() == 10 && parseTimestamp(e.end).value && e.end >= e.start));
        if (!dateOk) {
            out.rejected.push_back({rec.line, "start/end must be dates (YYYY-MM-DD), end not before start"});
            continue;
        }
        if (e.precision != "day" && e.precision != "month" && e.precision != "range" &&
            e.precision != "approximate") {
            out.rejected.push_back({rec.line, "precision must be day, month, range or approximate"});
            continue;
        }
        if (e.title.empty() || e.source.empty()) {
            out.rejected.push_back({rec.line, "every event needs a title and a source"});
            continue;
        }
        out.events.push_back(std::move(e));
    }
    return out;
}

} // namespace stackatlas

namespace stackatlas {

Status validateUserEvent(const Event &e)
{
    const auto isDate = [](const std::string &text) {
        const auto t = parseTimestamp(text).value;
        return text.size() == 10 && t && formatIsoDate(*t) == text;
    };
    if (!isDate(e.start))
        return Status::error(StatusCode::InvalidInput,
                             "the date must be a real day as YYYY-MM-DD, not '" + e.start + "'");
    if (!e.end.empty() && (!isDate(e.end) || e.end < e.start))
        return Status::error(StatusCode::InvalidInput,
                             "the end date must be a day as YYYY-MM-DD, on or after the start");
    if (trimmed(e.title).empty())
        return Status::error(StatusCode::InvalidInput, "an event needs a title");
    if (trimmed(e.source).empty())
        return Status::error(StatusCode::InvalidInput,
                             "say where the event comes from (a link, an article, or 'my note')");
    if (e.title.size() > 500 || e.source.size() > 2000)
        return Status::error(StatusCode::InvalidInput, "the title or source is too long");
    return Status::ok();
}

} // namespace stackatlas
