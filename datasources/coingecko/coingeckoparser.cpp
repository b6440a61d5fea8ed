// SPDX-License-Identifier: GPL-3.0-or-later
#include "coingeckoparser.h"

#include "datasources/payload.h"

#include <map>
#include <set>

namespace stackatlas::coingecko {
namespace {

// Ceilings past which a figure is a glitch, not a market: 100 trillion USD, 1e18 tokens.
constexpr double kMaxUsd = 1e14;
constexpr double kMaxTokens = 1e18;

// CoinGecko's error bodies: {"error": "..."} or {"status": {"error_code", "error_message"}}.
std::string apiError(const JsonValue &root)
{
    if (!root.isObject())
        return {};
    if (const JsonValue *e = root.find("error"); e && e->isString())
        return e->text;
    if (const JsonValue *s = root.find("status"); s && s->isObject()) {
        const JsonValue *m = s->find("error_message");
        return m && m->isString() ? m->text : std::string("error");
    }
    return {};
}

Result<const JsonValue *> expectArray(const JsonValue &root, const char *what)
{
    if (root.isArray())
        return &root;
    if (const std::string message = apiError(root); !message.empty())
        return Status::error(StatusCode::InvalidInput, std::string(what) + ": CoinGecko error: " + message);
    return Status::error(StatusCode::InvalidInput, std::string(what) + ": expected an array, got " +
                                                       JsonValue::typeName(root.type));
}

UnixSeconds stampOf(const JsonValue &item, const char *field, const PayloadContext &ctx, bool &missing)
{
    const std::string text = payload::text(item, field);
    const TimeParse t = parseTimestamp(text);
    if (t.value)
        return *t.value;
    missing = true;
    return ctx.asOf.value_or(ctx.fetchedAt);
}

} // namespace

std::string errorMessage(std::string_view body)
{
    auto parsed = parseJson(body);
    return parsed.isOk() ? apiError(parsed.value()) : std::string();
}

Result<ParsedPayload> parseMarkets(std::string_view body, const PayloadContext &ctx)
{
    auto parsed = payload::parseBody(body, "coins/markets");
    if (!parsed.isOk())
        return parsed.status();
    auto items = expectArray(parsed.value(), "coins/markets");
    if (!items.isOk())
        return items.status();

    ParsedPayload out;
    std::vector<std::string> outside;
    std::set<std::string> seen;
    int unstamped = 0;
    for (const JsonValue &item : items.value()->items) {
        if (!item.isObject() || !item.find("id") || !item.find("id")->isString()) {
            out.warnings.push_back("an item without a string id was skipped");
            continue;
        }
        const std::string id = item.find("id")->text;
        const Entity *e = ctx.taxonomy->entityByCoinGeckoId(id);
        if (!e) {
            outside.push_back(id);
            continue;
        }
        if (!seen.insert(id).second) {
            out.warnings.push_back(id + ": listed twice; the second item was skipped");
            continue;
        }
        bool missing = false;
        const UnixSeconds ts = stampOf(item, "last_updated", ctx, missing);
        unstamped += missing;
        const std::string where = "coins/markets " + id;
        struct Field
        {
            const char *json;
            const char *metric;
            double ceiling;
            bool zeroIsUnknown;
        };
        static const Field fields[] = {
            {"current_price", "price_usd", 1e9, false},
            {"market_cap", "market_cap_usd", kMaxUsd, true},
            {"fully_diluted_valuation", "fdv_usd", kMaxUsd, true},
            {"total_volume", "volume_24h_usd", kMaxUsd, false},
            {"circulating_supply", "circulating_supply", kMaxTokens, false},
            {"total_supply", "total_supply", kMaxTokens, false},
            {"max_supply", "max_supply", kMaxTokens, true},
        };
        for (const Field &f : fields) {
            const auto v = payload::number(item, f.json, where, out.warnings, f.ceiling);
            if (!v)
                continue;
            if (*v == 0 && f.zeroIsUnknown)
                continue; // CoinGecko writes 0 where it does not know; unknown is not 0
            out.observations.push_back(payload::make(ctx, e->id, f.metric, ts, *v));
        }
    }
    if (unstamped)
        out.warnings.push_back(std::to_string(unstamped) + " items had no valid last_updated; stamped with the fetch time");
    payload::warnOutside(out.warnings, outside, "coins");
    return out;
}

std::vector<std::string> marketIds(std::string_view body)
{
    std::vector<std::string> ids;
    auto parsed = parseJson(body);
    if (!parsed.isOk() || !parsed.value().isArray())
        return ids;
    for (const JsonValue &item : parsed.value().items) {
        if (item.isObject() && item.find("id") && item.find("id")->isString())
            ids.push_back(item.find("id")->text);
    }
    return ids;
}

Result<ParsedPayload> parseMarketChart(std::string_view body, const PayloadContext &ctx)
{
    if (ctx.entityId.empty() || !ctx.taxonomy->entity(ctx.entityId))
        return Status::error(StatusCode::InvalidInput, "market_chart needs the entity it belongs to");
    auto parsed = payload::parseBody(body, "market_chart");
    if (!parsed.isOk())
        return parsed.status();
    const JsonValue &root = parsed.value();
    if (!root.isObject()) {
        return Status::error(StatusCode::InvalidInput, std::string("market_chart: expected an object, got ") +
                                                           JsonValue::typeName(root.type));
    }
    if (const std::string err = apiError(root); !err.empty())
        return Status::error(StatusCode::InvalidInput, "market_chart: CoinGecko error: " + err);

    ParsedPayload out;
    int arrays = 0;
    for (const auto &[key, metric] : {std::pair{"prices", "price_usd"}, std::pair{"market_caps", "market_cap_usd"},
                                      std::pair{"total_volumes", "volume_24h_usd"}}) {
        const JsonValue *series = root.find(key);
        if (!series)
            continue;
        if (!series->isArray()) {
            out.warnings.push_back(std::string(key) + " is not an array; skipped");
            continue;
        }
        ++arrays;
        std::map<UnixSeconds, double> points;
        int bad = 0, nulls = 0, duplicates = 0;
        for (const JsonValue &pair : series->items) {
            if (!pair.isArray() || pair.items.size() != 2) {
                ++bad;
                continue;
            }
            const auto ms = pair.items[0].toDouble();
            if (!ms || *ms < 0 || *ms > 253402300799000.0) {
                ++bad;
                continue;
            }
            if (pair.items[1].isNull()) {
                ++nulls;
                continue;
            }
            const auto v = pair.items[1].toDouble();
            if (!v || *v < 0 || *v > kMaxUsd) {
                ++bad;
                continue;
            }
            if (*v == 0 && std::string_view(metric) == "market_cap_usd") {
                ++nulls; // zero market cap: unknown supply
                continue;
            }
            const UnixSeconds ts = UnixSeconds(*ms / 1000.0); // unix milliseconds
            duplicates += points.count(ts) ? 1 : 0;
            points[ts] = *v;
        }
        for (const auto &[ts, v] : points)
            out.observations.push_back(payload::make(ctx, ctx.entityId, metric, ts, v));
        if (bad)
            out.warnings.push_back(std::string(key) + ": " + std::to_string(bad) + " malformed points skipped");
        if (nulls)
            out.warnings.push_back(std::string(key) + ": " + std::to_string(nulls) + " unknown (null or 0) values skipped");
        if (duplicates)
            out.warnings.push_back(std::string(key) + ": " + std::to_string(duplicates) +
                                   " repeated timestamps; the last value kept");
    }
    if (arrays == 0)
        return Status::error(StatusCode::InvalidInput, "market_chart: no prices, market_caps or total_volumes array");
    return out;
}

Result<ParsedPayload> parseCategories(std::string_view body, const PayloadContext &ctx)
{
    auto parsed = payload::parseBody(body, "coins/categories");
    if (!parsed.isOk())
        return parsed.status();
    auto items = expectArray(parsed.value(), "coins/categories");
    if (!items.isOk())
        return items.status();
    ParsedPayload out;
    int others = 0;
    std::set<std::string> seen;
    for (const JsonValue &item : items.value()->items) {
        const std::string id = item.isObject() ? payload::text(item, "id") : std::string();
        const Sector *sector = ctx.taxonomy->sectorByCoinGeckoCategory(id);
        if (!sector) {
            ++others;
            continue;
        }
        if (!seen.insert(id).second)
            continue;
        bool missing = false;
        const UnixSeconds ts = stampOf(item, "updated_at", ctx, missing);
        if (missing)
            out.warnings.push_back(id + ": no valid updated_at; stamped with the fetch time");
        const std::string where = "coins/categories " + id;
        if (const auto mc = payload::number(item, "market_cap", where, out.warnings, kMaxUsd); mc && *mc > 0)
            out.observations.push_back(payload::make(ctx, sector->id, "category_market_cap_usd", ts, *mc));
        if (const auto vol = payload::number(item, "volume_24h", where, out.warnings, kMaxUsd))
            out.observations.push_back(payload::make(ctx, sector->id, "category_volume_usd", ts, *vol));
    }
    for (const auto &s : ctx.taxonomy->sectors) {
        if (!seen.count(s.coingeckoCategory))
            out.warnings.push_back("category " + s.coingeckoCategory + " is missing from the payload");
    }
    if (others)
        out.warnings.push_back(std::to_string(others) + " categories outside the taxonomy's sectors were not stored");
    return out;
}

} // namespace stackatlas::coingecko
