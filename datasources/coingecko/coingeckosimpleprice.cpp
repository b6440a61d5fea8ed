// SPDX-License-Identifier: GPL-3.0-or-later
// /simple/price: {"<coin id>": {"<vs>": price, "<vs>_market_cap": .., "<vs>_24h_vol": ..,
// "<vs>_24h_change": .., "last_updated_at": unix s}, ...}, one entry per requested coin and
// vs_currency. Only the USD figures are kept; the others are named as not stored.
#include "coingeckoparser.h"

#include "datasources/payload.h"
#include "models/domain/textutil.h"

#include <set>

namespace stackatlas::coingecko {
namespace {

constexpr double kMaxUsd = 1e14;

// The vs_currencies a coin's entry is quoted in: its keys without a suffix ("usd", "eth").
std::set<std::string> quotesOf(const JsonValue &entry)
{
    std::set<std::string> out;
    for (const std::string &key : entry.keys)
        if (key.find('_') == std::string::npos)
            out.insert(key);
    return out;
}

std::string joined(const std::set<std::string> &items)
{
    return joinStrings(items, ", ");
}

} // namespace

Result<ParsedPayload> parseSimplePrice(std::string_view body, const PayloadContext &ctx)
{
    auto parsed = payload::parseBody(body, "simple/price");
    if (!parsed.isOk())
        return parsed.status();
    const JsonValue &root = parsed.value();
    if (const std::string error = errorMessage(body); !error.empty())
        return Status::error(StatusCode::InvalidInput, "simple/price: CoinGecko error: " + error);
    if (!root.isObject())
        return Status::error(StatusCode::InvalidInput,
                             std::string("simple/price: expected an object {coin: {currency: price}}, got ") +
                                 JsonValue::typeName(root.type) +
                                 (root.isArray() ? " (a /coins/markets or /coins/list payload?)" : ""));
    std::set<std::string> quotes;
    for (const JsonValue &entry : root.items)
        if (entry.isObject())
            for (const std::string &q : quotesOf(entry))
                quotes.insert(q);
    if (!root.items.empty() && !quotes.count("usd"))
        return Status::error(StatusCode::InvalidInput,
                             "simple/price: quoted in " +
                                 (quotes.empty() ? std::string("no currency") : joined(quotes)) +
                                 ", not USD; StackAtlas keeps USD figures only (ask for vs_currencies=usd)");

    ParsedPayload out;
    std::vector<std::string> outside, untimed;
    for (std::size_t i = 0; i < root.items.size(); ++i) {
        const std::string &id = root.keys[i];
        const JsonValue &entry = root.items[i];
        const Entity *e = ctx.taxonomy->entityByCoinGeckoId(id);
        if (!e) {
            outside.push_back(id);
            continue;
        }
        if (!entry.isObject() || !entry.find("usd")) {
            out.warnings.push_back(id + ": no usd price in the payload (an unknown id comes back empty); "
                                        "nothing stored for it");
            continue;
        }
        // The entry's own time when asked for (include_last_updated_at), else the capture's.
        std::optional<UnixSeconds> ts = ctx.asOf;
        // Bounded before the conversion, which is undefined for a time past any integer.
        if (const JsonValue *at = entry.find("last_updated_at");
            at && at->toDouble() && *at->toDouble() > 0 && *at->toDouble() < 253402300800.0)
            ts = UnixSeconds(*at->toDouble());
        if (!ts) {
            untimed.push_back(id);
            continue;
        }
        const std::string where = "simple/price " + id;
        static const std::pair<const char *, const char *> fields[] = {
            {"usd", "price_usd"}, {"usd_market_cap", "market_cap_usd"}, {"usd_24h_vol", "volume_24h_usd"}};
        for (const auto &[json, metric] : fields) {
            const auto v = payload::number(entry, json, where, out.warnings, kMaxUsd);
            if (!v || (*v == 0 && std::string(json) == "usd_market_cap"))
                continue; // a zero market cap is one CoinGecko does not know
            out.observations.push_back(payload::make(ctx, e->id, metric, *ts, *v));
        }
    }
    if (!untimed.empty())
        return Status::error(StatusCode::InvalidInput,
                             "simple/price: " + std::to_string(untimed.size()) +
                                 " coins carry no last_updated_at (ask with include_last_updated_at=true), "
                                 "so give --as-of (when the payload was captured)");
    quotes.erase("usd");
    if (!quotes.empty())
        out.warnings.push_back("the prices in " + joined(quotes) +
                               " were not stored (StackAtlas keeps USD figures only)");
    payload::warnOutside(out.warnings, outside, "coins");
    return out;
}

} // namespace stackatlas::coingecko
