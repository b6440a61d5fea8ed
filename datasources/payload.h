// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sourceadapter.h"

#include "datasources/http/httpclient.h"
#include "models/domain/jsonpairs.h"
#include "models/domain/jsonreader.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace stackatlas::payload {

// Parses an API body that should be JSON. An HTML page (a CDN block, an error page), an empty or
// truncated body, or hostile nesting gives a clear error instead.
Result<JsonValue> parseBody(std::string_view body, std::string_view what,
                            const std::vector<std::string_view> *keepInItems = nullptr);

// The checks parseBody makes before parsing (empty body, an HTML page), for streaming parsers.
Status precheckBody(std::string_view body, std::string_view what);

// A non-negative finite number from an object field. Null or absent: nullopt, silently (unknown
// is not an error). Any other type, a negative value or one above `ceiling`: nullopt and a warning.
std::optional<double> number(const JsonValue &object, const char *field, const std::string &where,
                             std::vector<std::string> &warnings, double ceiling = 1e15);

// A string field, or empty.
std::string text(const JsonValue &object, const char *field);

// An Observation with the context's provenance filled in.
Observation make(const PayloadContext &ctx, const std::string &entity, const std::string &metric,
                 UnixSeconds ts, double value, Dimensions dims = {});

// Hands the records parsed so far to the spill (or drops them once it has failed).
void spill(ParsedPayload &out, ObservationSpill &to);

// Appends one series of [time, value] pairs: times divided by timeUnit to seconds, nulls and
// out-of-range values skipped with a counted warning, a repeated time keeps the last value.
// zeroIsUnknown drops zeros (a market cap of 0 is an unknown supply). With ctx.spill, records
// are handed to it every ctx.spill->every of them.
void appendSeries(ParsedPayload &out, const PayloadContext &ctx, const std::string &entity,
                  const std::string &metric, const PairSeries &series, double timeUnit, double ceiling,
                  bool zeroIsUnknown, const std::string &what);

// "a, b, c and 7 more": the ten first of a list of skipped items, then a count.
std::string firstNames(const std::vector<std::string> &ids);
// "3 items for ids outside the taxonomy were not stored (bitcoin, ethereum, ...)".
void warnOutside(std::vector<std::string> &warnings, const std::vector<std::string> &ids,
                 std::string_view what);

// GETs a URL through the session. Anything but a 2xx with a body is an error whose message names
// the status and, where the body says, the API's own reason (never a header or a key).
// httpStatus receives the last status seen.
Result<std::string> fetchBody(HttpSession &http, const HttpRequest &request, const CancelToken &cancel,
                              std::optional<int> &httpStatus, const ProgressSink &progress);

// Adds a secondary request's records to a source's result. A failure becomes a warning and a
// failed request: the source as a whole still lands (its run says "partial").
void mergePartial(FetchResult &result, Result<ParsedPayload> parsed);
// GET and parse the request a source cannot do without (its first): a failure of either becomes
// the source's failure (result.status), success its records. Sets result.endpoint. False on failure.
bool fetchPrimary(FetchResult &result, HttpSession &http, const HttpRequest &request,
                  const CancelToken &cancel, const ProgressSink &progress,
                  const std::function<Result<ParsedPayload>(std::string_view)> &parse);
// The answer of parsePayload() to a kind the source does not have.
Status unknownKind(std::string_view source, std::string_view kind);
// GET, parse, merge: a secondary request of a fetch.
void fetchPartial(FetchResult &result, HttpSession &http, const HttpRequest &request,
                  const CancelToken &cancel, const ProgressSink &progress,
                  const std::function<Result<ParsedPayload>(std::string_view)> &parse);

// The URL without its query, for messages and provenance.
std::string withoutQuery(const std::string &url);

} // namespace stackatlas::payload
