// SPDX-License-Identifier: GPL-3.0-or-later
#include "coingeckoadapter.h"

#include "coingeckoparser.h"

#include "datasources/http/canceltoken.h"
#include "datasources/payload.h"

#include <algorithm>
#include <set>

namespace stackatlas {

AdapterInfo CoinGeckoAdapter::info() const
{
    return {
        "coingecko",
        "CoinGecko",
        "https://api.coingecko.com/api/v3",
        25,
        {"markets", "market_chart", "simple_price", "coins_list", "categories", "category_snapshot",
         "crawler_snapshot"},
        "STACKATLAS_COINGECKO_DEMO_KEY (x-cg-demo-api-key) or STACKATLAS_COINGECKO_PRO_KEY (pro-api host)"};
}

Result<ParsedPayload> CoinGeckoAdapter::parsePayload(std::string_view kind, std::string_view bytes,
                                                     const PayloadContext &context) const
{
    if (kind == "markets")
        return coingecko::parseMarkets(bytes, context);
    if (kind == "market_chart")
        return coingecko::parseMarketChart(bytes, context);
    if (kind == "simple_price")
        return coingecko::parseSimplePrice(bytes, context);
    if (kind == "coins_list")
        return Status::error(
            StatusCode::InvalidInput,
            "a /coins/list payload holds no figures; import-payload --kind coins_list checks "
            "the taxonomy's CoinGecko ids with it");
    if (kind == "categories")
        return coingecko::parseCategories(bytes, context);
    if (kind == "category_snapshot")
        return coingecko::parseCategorySnapshot(bytes, context);
    if (kind == "crawler_snapshot")
        return coingecko::parseCrawlerSnapshot(bytes, context);
    return payload::unknownKind("coingecko", kind);
}

FetchResult CoinGeckoAdapter::fetch(const FetchRequest &request, HttpSession &http, const CancelToken &cancel,
                                    const ProgressSink &progress)
{
    // A pro key only works on the pro host (and a demo key only on the public one).
    FetchRequest effective = request;
    if (request.apiKeyKind == "pro" && request.base == info().defaultBase)
        effective.base = "https://pro-api.coingecko.com/api/v3";
    return fetchFrom(effective, http, cancel, progress);
}

FetchResult CoinGeckoAdapter::fetchFrom(const FetchRequest &request, HttpSession &http,
                                        const CancelToken &cancel, const ProgressSink &progress)
{
    FetchResult result;
    const Taxonomy &t = *request.taxonomy;
    HttpRequest base;
    if (!request.apiKey.empty()) {
        base.secretHeaders.push_back(
            {request.apiKeyKind == "pro" ? "x-cg-pro-api-key" : "x-cg-demo-api-key", request.apiKey});
    }
    base.headers.push_back({"Accept", "application/json"});

    std::vector<const Entity *> tokens;
    for (const auto &e : t.entities) {
        if (!e.coingeckoId.empty())
            tokens.push_back(&e);
    }
    const int batches = int((tokens.size() + kIdsPerRequest - 1) / kIdsPerRequest);
    if (progress.planned)
        progress.planned(batches + 1 + int(tokens.size()));

    // 1. markets: the source fails if this fails
    result.endpoint = request.base + "/coins/markets";
    for (int b = 0; b < batches; ++b) {
        std::string ids;
        std::set<std::string> requested;
        for (std::size_t i = std::size_t(b) * kIdsPerRequest;
             i < tokens.size() && i < std::size_t(b + 1) * kIdsPerRequest; ++i) {
            ids += (ids.empty() ? "" : ",") + tokens[i]->coingeckoId; // no spaces: " x" is silently unknown
            requested.insert(tokens[i]->coingeckoId);
        }
        HttpRequest r = base;
        r.url = request.base + "/coins/markets?vs_currency=usd&ids=" + ids +
                "&order=market_cap_desc&per_page=250&page=1&sparkline=false";
        auto body = payload::fetchBody(http, r, cancel, result.httpStatus, progress);
        if (!body.isOk()) {
            result.status = body.status();
            return result;
        }
        const PayloadContext ctx{&t, "coingecko", payload::withoutQuery(r.url), request.now, std::nullopt,
                                 {}, {}};
        auto parsed = coingecko::parseMarkets(body.value(), ctx);
        if (!parsed.isOk()) {
            result.status = parsed.status();
            return result;
        }
        for (const auto &id : coingecko::marketIds(body.value()))
            requested.erase(id);
        for (const auto &missing : requested)
            result.data.warnings.push_back("coins/markets did not return requested id \"" + missing + "\"");
        auto &p = parsed.value();
        result.data.observations.insert(result.data.observations.end(), p.observations.begin(),
                                        p.observations.end());
        result.data.warnings.insert(result.data.warnings.end(), p.warnings.begin(), p.warnings.end());
    }

    // 2. sector totals and 3. history: a failure here is a warning, the rest still lands
    auto fetchPartial = [&](const HttpRequest &r, const PayloadContext &ctx,
                            Result<ParsedPayload> (*parse)(std::string_view, const PayloadContext &)) {
        if (!cancel.isCancelled())
            payload::fetchPartial(result, http, r, cancel, progress,
                                  [&](std::string_view body) { return parse(body, ctx); });
    };
    HttpRequest categories = base;
    categories.url = request.base + "/coins/categories";
    fetchPartial(categories, {&t, "coingecko", categories.url, request.now, std::nullopt, {}, {}},
                 coingecko::parseCategories);

    for (const Entity *e : tokens) {
        HttpRequest r = base;
        r.url = request.base + "/coins/" + e->coingeckoId +
                "/market_chart?vs_currency=usd&days=" + std::to_string(kHistoryDays) + "&interval=daily";
        fetchPartial(r, {&t, "coingecko", payload::withoutQuery(r.url), request.now, std::nullopt, e->id, {}},
                     coingecko::parseMarketChart);
    }
    if (cancel.isCancelled())
        result.status = Status::error(StatusCode::IoError, "cancelled");
    return result;
}

} // namespace stackatlas
