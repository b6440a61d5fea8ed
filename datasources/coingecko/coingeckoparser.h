// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "datasources/sourceadapter.h"

namespace stackatlas::coingecko {

// /coins/markets (vs_currency=usd): price, market cap, FDV, 24h volume and supplies per token,
// stamped with the item's last_updated. Ids outside the taxonomy are counted, not stored. A zero
// market cap or FDV means CoinGecko does not know it: skipped, never stored as 0.
Result<ParsedPayload> parseMarkets(std::string_view body, const PayloadContext &ctx);
// The ids present in a markets payload (to check that every requested id came back).
std::vector<std::string> marketIds(std::string_view body);

// /coins/{id}/market_chart: [[unix ms, value], ...] for prices, market caps and volumes of
// ctx.entityId. Nulls are skipped; a repeated timestamp keeps the last value, with a warning.
Result<ParsedPayload> parseMarketChart(std::string_view body, const PayloadContext &ctx);

// /simple/price (any vs_currencies, usd among them): price, market cap and 24h volume in USD of the
// taxonomy's coins, stamped with each entry's last_updated_at, else ctx.asOf (refused without
// either). A payload without usd is refused as quoted in its currencies.
Result<ParsedPayload> parseSimplePrice(std::string_view body, const PayloadContext &ctx);

// /coins/categories: market cap and 24h volume of the taxonomy's sectors.
Result<ParsedPayload> parseCategories(std::string_view body, const PayloadContext &ctx);

// A derived snapshot {_meta: {retrieved}, category_totals: {id: {market_cap_usd, volume_24h_usd}},
// tokens: [/coins/markets items without last_updated]}, stamped with _meta.retrieved.
Result<ParsedPayload> parseCategorySnapshot(std::string_view body, const PayloadContext &ctx);

// A derived crawler snapshot of /coins/{id} (an object keyed by arbitrary ids; fields price, cap,
// total_volume, supplies, last_updated), matched to entities by token symbol. The crawler wrote 0
// where CoinGecko had null, so a zero supply or cap is unknown.
Result<ParsedPayload> parseCrawlerSnapshot(std::string_view body, const PayloadContext &ctx);

// CoinGecko's error bodies ({"error": "..."} or {"status": {"error_code", "error_message"}}),
// as one line, or empty when the body is not one of them.
std::string errorMessage(std::string_view body);

} // namespace stackatlas::coingecko
