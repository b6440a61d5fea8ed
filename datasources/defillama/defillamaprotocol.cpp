// SPDX-License-Identifier: GPL-3.0-or-later
// /protocol/{slug}: one protocol's metadata (name, gecko_id, current mcap) and its TVL history
// tvl: [{date: unix s, totalLiquidityUSD}]. The per-chain and per-token breakdowns are not kept.
#include "defillamaparser.h"

#include "datasources/payload.h"

namespace stackatlas::defillama {
namespace {

constexpr double kMaxUsd = 1e13;

// The entity the payload is about: --entity if given (and not contradicted by the payload's
// gecko_id), else the one its gecko_id, slug or name names.
Result<const Entity *> protocolEntity(const JsonValue &root, const PayloadContext &ctx)
{
    const Taxonomy &t = *ctx.taxonomy;
    const std::string gecko = payload::text(root, "gecko_id");
    const std::string name = payload::text(root, "name");
    const Entity *byGecko = gecko.empty() ? nullptr : t.entityByCoinGeckoId(gecko);
    if (!ctx.entityId.empty()) {
        const Entity *given = t.entity(ctx.entityId);
        if (byGecko && given && byGecko != given)
            return Status::error(StatusCode::InvalidInput, "protocol: the payload is " + name +
                                                               " (gecko_id " + gecko + ", which is " +
                                                               byGecko->id + "), not " + ctx.entityId);
        return given;
    }
    if (byGecko)
        return byGecko;
    const std::string slug = payload::text(root, "slug");
    for (const auto &e : t.entities)
        if (!slug.empty() && e.defillamaSlug == slug)
            return &e;
    if (const Entity *e = name.empty() ? nullptr : t.entityBySpelling(name))
        return e;
    return Status::error(StatusCode::InvalidInput,
                         "protocol: " + (name.empty() ? std::string("the payload's protocol") : name) +
                             (gecko.empty() ? "" : " (gecko_id " + gecko + ")") +
                             " is not in the taxonomy; give --entity to say which entity it is");
}

} // namespace

Result<ParsedPayload> parseProtocolDetail(std::string_view body, const PayloadContext &ctx)
{
    auto parsed = payload::parseBody(body, "protocol");
    if (!parsed.isOk())
        return parsed.status();
    const JsonValue &root = parsed.value();
    if (!root.isObject())
        return Status::error(
            StatusCode::InvalidInput,
            std::string("protocol: expected the object /protocol/{slug} returns, got ") +
                JsonValue::typeName(root.type) +
                (root.isArray() ? " (a /protocols listing? import it with --kind protocols)" : ""));
    const JsonValue *tvl = root.find("tvl");
    if (!tvl || !tvl->isArray())
        return Status::error(StatusCode::InvalidInput,
                             root.find("message")
                                 ? "protocol: DefiLlama error: " + payload::text(root, "message")
                                 : std::string("protocol: no tvl history array; is this a "
                                               "/protocol/{slug} payload?"));
    auto entity = protocolEntity(root, ctx);
    if (!entity.isOk())
        return entity.status();
    const std::string id = entity.value()->id;

    ParsedPayload out;
    int bad = 0;
    for (const JsonValue &point : tvl->items) {
        const JsonValue *date = point.isObject() ? point.find("date") : nullptr;
        const double seconds = date ? date->toDouble().value_or(0) : 0;
        std::vector<std::string> ignored; // counted below, not one warning a point
        const auto usd = point.isObject() ? payload::number(point, "totalLiquidityUSD", "", ignored, kMaxUsd)
                                          : std::nullopt;
        if (seconds <= 0 || !usd) {
            ++bad;
            continue;
        }
        out.observations.push_back(payload::make(ctx, id, "tvl_usd", UnixSeconds(seconds), *usd));
    }
    if (bad)
        out.warnings.push_back(std::to_string(bad) +
                               " tvl points without a date or a valid totalLiquidityUSD "
                               "were skipped");
    // The payload's mcap is of the moment it was fetched, which it does not record.
    if (const auto mcap = payload::number(root, "mcap", "protocol " + id, out.warnings, kMaxUsd);
        mcap && *mcap > 0) {
        if (ctx.asOf)
            out.observations.push_back(payload::make(ctx, id, "market_cap_usd", *ctx.asOf, *mcap));
        else
            out.warnings.push_back(
                "mcap not stored: the payload does not say when it was current (give --as-of, "
                "when it was captured)");
    }
    return out;
}

} // namespace stackatlas::defillama
