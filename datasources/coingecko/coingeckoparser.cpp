// SPDX-License-Identifier: GPL-3.0-or-later
#include "coingeckoparser.h"

#include "datasources/payload.h"
#include "models/domain/jsonpairs.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

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
    // Name what the payload looks like, so a user knows which endpoint is not supported here.
    std::string looksLike;
    if (root.isObject()) {
        if (root.find("prices") && root.find("market_caps"))
            looksLike = "a /coins/{id}/market_chart payload: import it with --kind market_chart";
        else if (root.find("market_data") && root.find("id"))
            looksLike = "a /coins/{id} payload, which StackAtlas does not import";
        else if (!root.items.empty() && root.items.front().isObject() &&
                 std::all_of(root.items.begin(), root.items.end(), [](const JsonValue &v) {
                     return v.isObject() && !v.keys.empty() && v.keys.front().size() <= 5;
                 }))
            looksLike =
                "a /simple/price payload (coin -> currency -> price): import it with --kind simple_price";
    }
    return Status::error(StatusCode::InvalidInput,
                         std::string(what) + ": expected the array /" + what + " returns, got " +
                             JsonValue::typeName(root.type) +
                             (looksLike.empty() ? "" : "; this looks like " + looksLike));
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

// A /coins/markets payload must be quoted in USD: the metrics are *_usd. The payload does not say
// its vs_currency, but it betrays one: the quote currency's own coin is priced at exactly 1 (ETH at
// 1 in a vs_currency=eth capture). A /coins/list payload (id, symbol, name) has no market data at
// all, and is named as such rather than read as an empty market.
namespace {

bool isDollarStablecoin(const JsonValue &item)
{
    static const std::set<std::string> dollars{"usdt",  "usdc",  "dai",  "tusd", "usdp", "busd",
                                               "fdusd", "pyusd", "usde", "usds", "gusd", "lusd"};
    const JsonValue *symbol = item.find("symbol");
    if (!symbol || !symbol->isString())
        return false;
    std::string lower = symbol->text;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return dollars.count(lower) > 0;
}

} // namespace

Status checkQuotedInUsd(const JsonValue &items)
{
    static const std::map<std::string, std::string> quoteCoins{
        {"bitcoin", "BTC"},     {"ethereum", "ETH"}, {"litecoin", "LTC"},      {"bitcoin-cash", "BCH"},
        {"binancecoin", "BNB"}, {"eos", "EOS"},      {"ripple", "XRP"},        {"stellar", "XLM"},
        {"chainlink", "LINK"},  {"polkadot", "DOT"}, {"yearn-finance", "YFI"}, {"solana", "SOL"}};
    bool anyMarketData = false;
    for (const JsonValue &item : items.items) {
        if (!item.isObject())
            continue;
        const JsonValue *price = item.find("current_price");
        anyMarketData = anyMarketData || price || item.find("market_cap") || item.find("total_volume");
        const JsonValue *id = item.find("id");
        if (!price || !price->isNumber() || !id || !id->isString())
            continue;
        const auto quote = quoteCoins.find(id->text);
        // A coin whose price, 24 h high and 24 h low are all exactly 1 is the quote itself,
        // whatever its id says (a relabelled item). A dollar stablecoin in a USD payload can sit
        // at 1, so it is left to the cross-source guard (currencyguard.h).
        const JsonValue *high = item.find("high_24h"), *low = item.find("low_24h");
        if (price->toDouble() == 1.0 && high && high->isNumber() && high->toDouble() == 1.0 && low &&
            low->isNumber() && low->toDouble() == 1.0 && !isDollarStablecoin(item))
            return Status::error(
                StatusCode::InvalidInput,
                "coins/markets: " + id->text +
                    " is priced at exactly 1 with a 24 h high and low of exactly 1, so it "
                    "is the payload's quote coin: the payload is not quoted in USD (whatever "
                    "the item is called); StackAtlas keeps USD figures only (fetch it with "
                    "vs_currency=usd)");
        if (quote != quoteCoins.end() && price->toDouble() == 1.0)
            return Status::error(StatusCode::InvalidInput, "coins/markets: " + id->text +
                                                               " is priced at exactly 1, so this payload is "
                                                               "quoted in " +
                                                               quote->second +
                                                               ", not USD; StackAtlas keeps USD figures only "
                                                               "(fetch it with vs_currency=usd)");
    }
    if (!items.items.empty() && !anyMarketData)
        return Status::error(
            StatusCode::InvalidInput,
            "coins/markets: no item has a price, market cap or volume; this looks like a "
            "/coins/list payload (id, symbol, name), which holds no market data: import it with --kind "
            "coins_list to check the taxonomy's CoinGecko ids");
    return Status::ok();
}

Result<ParsedPayload> parseMarkets(std::string_view body, const PayloadContext &ctx)
{
    // The members this parser and checkQuotedInUsd read: an item's image, ROI, all-time highs and
    // the rest are not built.
    static const std::vector<std::string_view> keep{"id",
                                                    "last_updated",
                                                    "current_price",
                                                    "market_cap",
                                                    "fully_diluted_valuation",
                                                    "total_volume",
                                                    "circulating_supply",
                                                    "total_supply",
                                                    "max_supply",
                                                    "high_24h",
                                                    "low_24h",
                                                    "symbol"};
    auto parsed = payload::parseBody(body, "coins/markets", &keep);
    if (!parsed.isOk())
        return parsed.status();
    auto items = expectArray(parsed.value(), "coins/markets");
    if (!items.isOk())
        return items.status();

    if (Status s = checkQuotedInUsd(*items.value()); !s.isOk())
        return s;

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
        out.warnings.push_back(std::to_string(unstamped) +
                               " items had no valid last_updated; stamped with the fetch time");
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
    if (Status s = payload::precheckBody(body, "market_chart"); !s.isOk())
        return s;
    // Histories can be megabytes of [t, v] pairs: stream them, no tree.
    static const std::vector<std::string> names{"prices", "market_caps", "total_volumes"};
    auto pairs = parsePairArrays(body, names);
    if (!pairs.isOk())
        return Status::error(StatusCode::InvalidInput, "market_chart: " + pairs.status().message());
    if (!pairs.value().rootIsObject)
        return Status::error(StatusCode::InvalidInput, "market_chart: expected an object");
    if (pairs.value().arrays.empty()) {
        const std::string err = errorMessage(body);
        return Status::error(StatusCode::InvalidInput,
                             "market_chart: " +
                                 (err.empty() ? std::string("no prices, market_caps or total_volumes array")
                                              : "CoinGecko error: " + err));
    }
    ParsedPayload out;
    std::size_t total = 0;
    for (const auto &[name, series] : pairs.value().arrays)
        total += series.points.size();
    out.observations.reserve(total); // once, not once an array
    for (const auto &key : pairs.value().notArrays)
        out.warnings.push_back(key + " is not an array; skipped");
    const std::map<std::string, const char *> metrics{
        {"prices", "price_usd"}, {"market_caps", "market_cap_usd"}, {"total_volumes", "volume_24h_usd"}};
    for (const auto &name : names) {
        const auto it = pairs.value().arrays.find(name);
        if (it == pairs.value().arrays.end())
            continue;
        // unix milliseconds; a zero market cap means an unknown supply, not a worthless coin
        payload::appendSeries(out, ctx, ctx.entityId, metrics.at(name), it->second, 1000.0, kMaxUsd,
                              name == "market_caps", name);
    }
    return out;
}

Result<ParsedPayload> parseCategories(std::string_view body, const PayloadContext &ctx)
{
    static const std::vector<std::string_view> keep{"id", "updated_at", "market_cap", "volume_24h"};
    auto parsed = payload::parseBody(body, "coins/categories", &keep);
    if (!parsed.isOk())
        return parsed.status();
    auto items = expectArray(parsed.value(), "coins/categories");
    if (!items.isOk())
        return items.status();
    ParsedPayload out;
    std::vector<std::string> others, repeated; // named: a user can tell whether one they need was lost
    std::size_t unnamed = 0;
    std::set<std::string> seen;
    for (const JsonValue &item : items.value()->items) {
        const std::string id = item.isObject() ? payload::text(item, "id") : std::string();
        if (id.empty()) {
            ++unnamed;
            continue;
        }
        const Sector *sector = ctx.taxonomy->sectorByCoinGeckoCategory(id);
        if (!sector) {
            others.push_back(id);
            continue;
        }
        if (!seen.insert(id).second) {
            repeated.push_back(id);
            continue;
        }
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
    payload::warnOutside(out.warnings, others, "categories");
    if (!repeated.empty())
        out.warnings.push_back(std::to_string(repeated.size()) +
                               " categories repeated; the first of each kept (" +
                               payload::firstNames(repeated) + ")");
    if (unnamed)
        out.warnings.push_back(std::to_string(unnamed) + " items without an id were not stored");
    return out;
}

Result<ParsedPayload> parseCategorySnapshot(std::string_view body, const PayloadContext &ctx)
{
    auto parsed = payload::parseBody(body, "category snapshot");
    if (!parsed.isOk())
        return parsed.status();
    const JsonValue &root = parsed.value();
    const JsonValue *meta = root.isObject() ? root.find("_meta") : nullptr;
    const JsonValue *totals = root.isObject() ? root.find("category_totals") : nullptr;
    const JsonValue *tokens = root.isObject() ? root.find("tokens") : nullptr;
    if (!meta || !meta->isObject() || !tokens || !tokens->isArray())
        return Status::error(StatusCode::InvalidInput, "category snapshot: expected _meta and tokens");
    const TimeParse retrieved = parseTimestamp(payload::text(*meta, "retrieved"));
    if (!retrieved.value)
        return Status::error(StatusCode::InvalidInput,
                             "category snapshot: _meta.retrieved is not a timestamp");
    PayloadContext stamped = ctx;
    stamped.asOf = *retrieved.value;
    ParsedPayload out;
    if (totals && totals->isObject()) {
        for (std::size_t i = 0; i < totals->keys.size(); ++i) {
            const Sector *sector = ctx.taxonomy->sectorByCoinGeckoCategory(totals->keys[i]);
            if (!sector || !totals->items[i].isObject())
                continue;
            const std::string where = "category_totals " + totals->keys[i];
            if (const auto mc =
                    payload::number(totals->items[i], "market_cap_usd", where, out.warnings, kMaxUsd);
                mc && *mc > 0)
                out.observations.push_back(
                    payload::make(stamped, sector->id, "category_market_cap_usd", *retrieved.value, *mc));
            if (const auto v =
                    payload::number(totals->items[i], "volume_24h_usd", where, out.warnings, kMaxUsd))
                out.observations.push_back(
                    payload::make(stamped, sector->id, "category_volume_usd", *retrieved.value, *v));
        }
    }
    // The tokens are a subset of /coins/markets fields; the snapshot's time stamps them all.
    std::vector<std::string> outside;
    for (const JsonValue &item : tokens->items) {
        const std::string id = item.isObject() ? payload::text(item, "id") : std::string();
        const Entity *e = ctx.taxonomy->entityByCoinGeckoId(id);
        if (!e) {
            outside.push_back(id);
            continue;
        }
        const std::string where = "tokens " + id;
        for (const auto &[field, metric, zeroUnknown] :
             {std::tuple{"current_price", "price_usd", false},
              std::tuple{"market_cap", "market_cap_usd", true},
              std::tuple{"total_volume", "volume_24h_usd", false},
              std::tuple{"circulating_supply", "circulating_supply", false}}) {
            const auto v =
                payload::number(item, field, where, out.warnings,
                                std::string_view(metric) == "circulating_supply" ? kMaxTokens : kMaxUsd);
            if (v && !(zeroUnknown && *v == 0))
                out.observations.push_back(payload::make(stamped, e->id, metric, *retrieved.value, *v));
        }
    }
    payload::warnOutside(out.warnings, outside, "tokens");
    return out;
}

Result<ParsedPayload> parseCrawlerSnapshot(std::string_view body, const PayloadContext &ctx)
{
    auto parsed = payload::parseBody(body, "crawler snapshot");
    if (!parsed.isOk())
        return parsed.status();
    const JsonValue &root = parsed.value();
    if (!root.isObject())
        return Status::error(StatusCode::InvalidInput, "crawler snapshot: expected an object of coins");
    ParsedPayload out;
    std::vector<std::string> outside;
    for (std::size_t i = 0; i < root.keys.size(); ++i) {
        const JsonValue &coin = root.items[i];
        if (!coin.isObject())
            continue;
        const std::string symbol = payload::text(coin, "symbol");
        const Entity *entity = nullptr;
        for (const auto &e : ctx.taxonomy->entities) {
            std::string token = e.tokenSymbol;
            for (char &c : token)
                c = char(std::tolower(static_cast<unsigned char>(c)));
            if (!token.empty() && token == symbol)
                entity = &e;
        }
        if (!entity) {
            outside.push_back(symbol.empty() ? root.keys[i] : symbol);
            continue;
        }
        bool missing = false;
        const UnixSeconds ts = stampOf(coin, "last_updated", ctx, missing);
        if (missing)
            out.warnings.push_back(symbol + ": no valid last_updated; stamped with the payload's as-of");
        const std::string where = "crawler " + symbol;
        for (const auto &[field, metric, ceiling] :
             {std::tuple{"price", "price_usd", 1e9}, std::tuple{"cap", "market_cap_usd", kMaxUsd},
              std::tuple{"total_volume", "volume_24h_usd", kMaxUsd},
              std::tuple{"circulating_supply", "circulating_supply", kMaxTokens},
              std::tuple{"total_supply", "total_supply", kMaxTokens},
              std::tuple{"max_supply", "max_supply", kMaxTokens}}) {
            const auto v = payload::number(coin, field, where, out.warnings, ceiling);
            // the crawler wrote `|| 0` for missing values: a zero here means unknown
            if (v && *v > 0)
                out.observations.push_back(payload::make(ctx, entity->id, metric, ts, *v));
        }
    }
    payload::warnOutside(out.warnings, outside, "coins");
    return out;
}

} // namespace stackatlas::coingecko
