// SPDX-License-Identifier: GPL-3.0-or-later
#include "payload.h"

#include "datasources/http/httpsession.h"
#include "models/domain/metrics.h"

#include <algorithm>
#include <cctype>

namespace stackatlas::payload {

Status precheckBody(std::string_view body, std::string_view what)
{
    std::string_view trimmed = body;
    while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.front())))
        trimmed.remove_prefix(1);
    if (trimmed.empty())
        return Status::error(StatusCode::InvalidInput, std::string(what) + ": empty response body");
    if (trimmed.front() == '<') {
        return Status::error(StatusCode::InvalidInput,
                             std::string(what) +
                                 ": got an HTML page instead of JSON (an error page or a block)");
    }
    return Status::ok();
}

Result<JsonValue> parseBody(std::string_view body, std::string_view what,
                            const std::vector<std::string_view> *keepInItems)
{
    if (Status s = precheckBody(body, what); !s.isOk())
        return s;
    JsonLimits limits;
    limits.keepInItems = keepInItems;
    auto parsed = parseJson(body, limits);
    if (!parsed.isOk())
        return Status::error(StatusCode::InvalidInput, std::string(what) + ": " + parsed.status().message());
    return parsed;
}

std::optional<double> number(const JsonValue &object, const char *field, const std::string &where,
                             std::vector<std::string> &warnings, double ceiling)
{
    const JsonValue *v = object.find(field);
    if (!v || v->isNull())
        return std::nullopt;
    const auto d = v->toDouble();
    if (!d) {
        warnings.push_back(where + ": " + field + " is " +
                           (v->isNumber() ? std::string("out of range") : JsonValue::typeName(v->type)) +
                           ", not a number; skipped");
        return std::nullopt;
    }
    if (*d < 0 || *d > ceiling) {
        warnings.push_back(where + ": " + field + " = " + v->text + " is implausible; skipped");
        return std::nullopt;
    }
    return d;
}

std::string text(const JsonValue &object, const char *field)
{
    const JsonValue *v = object.find(field);
    return v && v->isString() ? v->text : std::string();
}

Observation make(const PayloadContext &ctx, const std::string &entity, const std::string &metric,
                 UnixSeconds ts, double value, Dimensions dims)
{
    Observation o;
    o.key = {entity, metric, ctx.source, std::move(dims)};
    const MetricInfo *info = metricInfo(metric);
    o.unit = info ? info->unit : std::string();
    o.ts = ts;
    o.value = value;
    // A point describes its own moment; undated payloads were already stamped with ctx.asOf.
    o.provenance = {ctx.source, ctx.endpoint, ctx.fetchedAt, ts};
    return o;
}

void spill(ParsedPayload &out, ObservationSpill &to)
{
    if (to.status.isOk())
        to.status = to.write(out.observations);
    out.observations.clear();
}

void appendSeries(ParsedPayload &out, const PayloadContext &ctx, const std::string &entity,
                  const std::string &metric, const PairSeries &series, double timeUnit, double ceiling,
                  bool zeroIsUnknown, const std::string &what)
{
    std::vector<std::pair<UnixSeconds, double>> points;
    points.reserve(series.points.size());
    long bad = series.malformed, unknown = 0;
    for (const auto &[t, v] : series.points) {
        const double seconds = t / timeUnit;
        if (seconds < 0 || seconds > 253402300799.0) {
            ++bad;
            continue;
        }
        if (!v || (zeroIsUnknown && *v == 0)) {
            ++unknown;
            continue;
        }
        if (*v < 0 || *v > ceiling) {
            ++bad;
            continue;
        }
        points.emplace_back(UnixSeconds(seconds), *v);
    }
    // Stable: among equal times the later element wins in the fold below. APIs send time order,
    // so the sort is usually skipped.
    const auto earlier = [](const auto &a, const auto &b) {
        return a.first < b.first;
    };
    if (!std::is_sorted(points.begin(), points.end(), earlier))
        std::stable_sort(points.begin(), points.end(), earlier);
    long duplicates = 0;
    std::size_t kept = 0; // repeated times folded in place: the last value kept
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (kept > 0 && points[kept - 1].first == points[i].first) {
            points[kept - 1].second = points[i].second;
            ++duplicates;
        } else {
            points[kept++] = points[i];
        }
    }
    points.resize(kept);
    const auto &unique = points;
    const std::size_t spillEvery = ctx.spill ? ctx.spill->every : unique.size();
    out.observations.reserve(out.observations.size() + std::min(unique.size(), spillEvery));
    Observation proto = make(ctx, entity, metric, 0, 0);
    for (const auto &[ts, v] : unique) {
        proto.ts = ts;
        proto.value = v;
        proto.provenance.asOf = ts;
        out.observations.push_back(proto);
        if (out.observations.size() >= spillEvery && ctx.spill)
            spill(out, *ctx.spill);
    }
    if (bad)
        out.warnings.push_back(what + ": " + std::to_string(bad) + " malformed points skipped");
    if (unknown)
        out.warnings.push_back(what + ": " + std::to_string(unknown) + " unknown (null or 0) values skipped");
    if (duplicates)
        out.warnings.push_back(what + ": " + std::to_string(duplicates) +
                               " repeated timestamps; the last value kept");
}

std::string firstNames(const std::vector<std::string> &ids)
{
    // Named, so a user can tell whether something they need was lost (the ten first, then a count).
    std::string list;
    for (std::size_t i = 0; i < ids.size() && i < 10; ++i)
        list += (i ? ", " : "") + ids[i];
    if (ids.size() > 10)
        list += " and " + std::to_string(ids.size() - 10) + " more";
    return list;
}

void warnOutside(std::vector<std::string> &warnings, const std::vector<std::string> &ids,
                 std::string_view what)
{
    if (ids.empty())
        return;
    warnings.push_back(std::to_string(ids.size()) + " " + std::string(what) +
                       " outside the taxonomy were not stored (" + firstNames(ids) + ")");
}

void mergePartial(FetchResult &result, Result<ParsedPayload> parsed)
{
    if (!parsed.isOk()) {
        ++result.failedRequests;
        result.data.warnings.push_back(parsed.status().message());
        return;
    }
    auto &p = parsed.value();
    result.data.observations.insert(result.data.observations.end(), p.observations.begin(),
                                    p.observations.end());
    result.data.warnings.insert(result.data.warnings.end(), p.warnings.begin(), p.warnings.end());
}

void fetchPartial(FetchResult &result, HttpSession &http, const HttpRequest &request,
                  const CancelToken &cancel, const ProgressSink &progress,
                  const std::function<Result<ParsedPayload>(std::string_view)> &parse)
{
    std::optional<int> status;
    auto body = fetchBody(http, request, cancel, status, progress);
    mergePartial(result, body.isOk() ? parse(body.value()) : Result<ParsedPayload>(body.status()));
}

bool fetchPrimary(FetchResult &result, HttpSession &http, const HttpRequest &request,
                  const CancelToken &cancel, const ProgressSink &progress,
                  const std::function<Result<ParsedPayload>(std::string_view)> &parse)
{
    result.endpoint = request.url;
    auto body = fetchBody(http, request, cancel, result.httpStatus, progress);
    if (!body.isOk()) {
        result.status = body.status();
        return false;
    }
    auto parsed = parse(body.value());
    if (!parsed.isOk()) {
        result.status = parsed.status();
        return false;
    }
    result.data = std::move(parsed).value();
    return true;
}

Status unknownKind(std::string_view source, std::string_view kind)
{
    return Status::error(StatusCode::InvalidInput,
                         std::string(source) + " has no payload kind \"" + std::string(kind) + "\"");
}

std::string withoutQuery(const std::string &url)
{
    return url.substr(0, url.find('?'));
}

Result<std::string> fetchBody(HttpSession &http, const HttpRequest &request, const CancelToken &cancel,
                              std::optional<int> &httpStatus, const ProgressSink &progress)
{
    HttpResult r = http.get(request, cancel);
    if (progress.requestFinished)
        progress.requestFinished();
    if (r.status)
        httpStatus = r.status;
    const std::string where = withoutQuery(request.url);
    if (!r.transportOk())
        return Status::error(StatusCode::IoError, where + ": " + r.message);
    if (r.status < 200 || r.status >= 300) {
        std::string reason;
        std::string_view body = r.body;
        while (!body.empty() && std::isspace(static_cast<unsigned char>(body.front())))
            body.remove_prefix(1);
        if (!body.empty() && body.front() == '<') {
            reason = " (an HTML page)";
        } else if (auto json = parseJson(r.body); json.isOk() && json.value().isObject()) {
            const JsonValue &o = json.value();
            if (const JsonValue *e = o.find("error"); e && e->isString())
                reason = ": " + e->text;
            else if (const JsonValue *m = o.find("message"); m && m->isString())
                reason = ": " + m->text;
            else if (const JsonValue *st = o.find("status"); st && st->isObject() &&
                                                             st->find("error_message") &&
                                                             st->find("error_message")->isString())
                reason = ": " + st->find("error_message")->text;
        }
        if (reason.size() > 200)
            reason = reason.substr(0, 200) + "...";
        std::string message = where + ": HTTP " + std::to_string(r.status) + reason;
        if (!r.message.empty())
            message += " (" + r.message + ")";
        return Status::error(StatusCode::IoError, message);
    }
    return std::move(r.body);
}

} // namespace stackatlas::payload
