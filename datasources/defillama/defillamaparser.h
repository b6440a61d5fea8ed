// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "datasources/sourceadapter.h"

#include <map>

namespace stackatlas::defillama {

// /protocols: TVL (and market cap where DefiLlama knows one; its 0 means unknown) for protocols
// matched to the taxonomy by gecko_id or by a confirmed slug. `slugs` receives the DefiLlama slug
// of each matched entity, for the per-protocol fee requests.
Result<ParsedPayload> parseProtocols(std::string_view body, const PayloadContext &ctx,
                                     std::map<std::string, std::string> *slugs = nullptr);

// /protocol/{slug}: the TVL history of one protocol (tvl_usd at each date), and its mcap at ctx.asOf
// when given. The entity is --entity, else the one the payload's gecko_id, slug or name names.
Result<ParsedPayload> parseProtocolDetail(std::string_view body, const PayloadContext &ctx);

// /summary/fees/{slug}?dataType=dailyFees|dailyRevenue: daily USD for ctx.entityId, unix seconds.
// Days may be missing (gaps are kept as gaps).
Result<ParsedPayload> parseFeesSummary(std::string_view body, const PayloadContext &ctx);

// /overview/fees: each matched protocol's fees over the trailing 24 h (dims window=24h).
Result<ParsedPayload> parseFeesOverview(std::string_view body, const PayloadContext &ctx);

} // namespace stackatlas::defillama
