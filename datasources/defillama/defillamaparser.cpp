// SPDX-License-Identifier: GPL-3.0-or-later
#include "defillamaparser.h"

#include "datasources/payload.h"
#include "models/domain/jsonpairs.h"

#include <map>
#include <set>

namespace stackatlas::defillama {
namespace {

constexpr double kMaxUsd = 1e13;

const Entity *match(const Taxonomy &t, const JsonValue &item)
{
    const std::string gecko = payload::text(item, "gecko_id");
    if (const Entity *e = t.entityByCoinGeckoId(gecko))
        return e;
    const std::string slug = payload::text(item, "slug");
    for (const auto &e : t.entities) {
        if (!slug.empty() && e.defillamaSlug == slug)
            return &e;
    }
    return nullptr;
}

} // namespace

Result<ParsedPayload> parseProtocols(std::string_view body, const PayloadContext &ctx,
                                     std::map<std::string, std::string> *slugs)
{
    auto parsed = payload::parseBody(body, "protocols");
    if (!parsed.isOk())
        return parsed.status();
    if (!parsed.value().isArray()) {
        // Name the endpoint the payload is from, so a user knows which kind reads it.
        const JsonValue &root = parsed.value();
        std::string looksLike;
        if (root.isObject() && root.find("tvl") && root.find("tvl")->isArray())
            looksLike = "; this looks like a /protocol/{slug} payload: import it with --kind protocol";
        else if (root.isObject() && root.find("totalDataChart"))
            looksLike = root.find("protocols")
                            ? "; this looks like an /overview/fees payload: import it with "
                              "--kind fees_overview"
                            : "; this looks like a /summary/fees/{slug} payload: import it "
                              "with --kind fees";
        return Status::error(StatusCode::InvalidInput, std::string("protocols: expected the array /protocols "
                                                                   "returns, got ") +
                                                           JsonValue::typeName(root.type) + looksLike);
    }
    ParsedPayload out;
    std::vector<std::string> outside; // named (payload::warnOutside)
    std::set<std::string> seen;
    const UnixSeconds ts = ctx.asOf.value_or(ctx.fetchedAt);
    for (const JsonValue &item : parsed.value().items) {
        if (!item.isObject())
            continue;
        const Entity *e = match(*ctx.taxonomy, item);
        if (!e) {
            const std::string name = payload::text(item, "name");
            outside.push_back(name.empty() ? payload::text(item, "slug") : name);
            continue;
        }
        // A parent protocol and its children can share a gecko_id: keep the first (the parent
        // comes first in DefiLlama's listing) and say so.
        if (!seen.insert(e->id).second) {
            out.warnings.push_back(e->id + ": more than one DefiLlama protocol matched; kept the first");
            continue;
        }
        if (slugs && !payload::text(item, "slug").empty())
            (*slugs)[e->id] = payload::text(item, "slug");
        const std::string where = "protocols " + payload::text(item, "name");
        if (const auto tvl = payload::number(item, "tvl", where, out.warnings, kMaxUsd))
            out.observations.push_back(payload::make(ctx, e->id, "tvl_usd", ts, *tvl));
        if (const auto mcap = payload::number(item, "mcap", where, out.warnings, kMaxUsd); mcap && *mcap > 0)
            out.observations.push_back(payload::make(ctx, e->id, "market_cap_usd", ts, *mcap));
    }
    payload::warnOutside(out.warnings, outside, "protocols");
    return out;
}

Result<ParsedPayload> parseFeesSummary(std::string_view body, const PayloadContext &ctx)
{
    if (ctx.entityId.empty() || !ctx.taxonomy->entity(ctx.entityId))
        return Status::error(StatusCode::InvalidInput, "fees needs the entity it belongs to");
    const std::string metric = ctx.dataType == "dailyRevenue" ? "revenue_usd" : "fees_usd";
    if (ctx.dataType != "dailyFees" && ctx.dataType != "dailyRevenue" && !ctx.dataType.empty())
        return Status::error(StatusCode::InvalidInput, "fees: dataType must be dailyFees or dailyRevenue");
    if (Status s = payload::precheckBody(body, "summary/fees"); !s.isOk())
        return s;
    auto pairs = parsePairArrays(body, {"totalDataChart"});
    if (!pairs.isOk())
        return Status::error(StatusCode::InvalidInput, "summary/fees: " + pairs.status().message());
    const auto chart = pairs.value().arrays.find("totalDataChart");
    if (!pairs.value().rootIsObject || chart == pairs.value().arrays.end())
        return Status::error(StatusCode::InvalidInput, "summary/fees: no totalDataChart array");
    ParsedPayload out;
    // unix seconds here, unlike CoinGecko; missing days stay missing
    payload::appendSeries(out, ctx, ctx.entityId, metric, chart->second, 1.0, kMaxUsd, false, "summary/fees");
    return out;
}

Result<ParsedPayload> parseFeesOverview(std::string_view body, const PayloadContext &ctx)
{
    auto parsed = payload::parseBody(body, "overview/fees");
    if (!parsed.isOk())
        return parsed.status();
    const JsonValue *protocols = parsed.value().isObject() ? parsed.value().find("protocols") : nullptr;
    if (!protocols || !protocols->isArray())
        return Status::error(StatusCode::InvalidInput, "overview/fees: no protocols array");
    ParsedPayload out;
    std::vector<std::string> outside; // named (payload::warnOutside)
    std::set<std::string> seen;
    const UnixSeconds ts = ctx.asOf.value_or(ctx.fetchedAt);
    for (const JsonValue &item : protocols->items) {
        if (!item.isObject())
            continue;
        const Entity *e = match(*ctx.taxonomy, item);
        if (!e) {
            const std::string name = payload::text(item, "name");
            outside.push_back(name.empty() ? payload::text(item, "slug") : name);
            continue;
        }
        if (!seen.insert(e->id).second) {
            out.warnings.push_back(e->id + ": more than one DefiLlama protocol matched; kept the first");
            continue;
        }
        if (const auto v = payload::number(item, "total24h", "overview/fees " + e->id, out.warnings, kMaxUsd))
            out.observations.push_back(payload::make(ctx, e->id, "fees_usd", ts, *v, {{"window", "24h"}}));
    }
    payload::warnOutside(out.warnings, outside, "protocols");
    return out;
}

} // namespace stackatlas::defillama
