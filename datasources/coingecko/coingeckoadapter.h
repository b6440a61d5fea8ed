// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "datasources/sourceadapter.h"

namespace stackatlas {

// CoinGecko: /coins/markets for every taxonomy token (ids batched, each checked to have come
// back), /coins/categories for sector totals, and 90 days of daily /market_chart history per
// token. A demo key goes in x-cg-demo-api-key to api.coingecko.com; a pro key in
// x-cg-pro-api-key to pro-api.coingecko.com.
class CoinGeckoAdapter : public SourceAdapter
{
public:
    AdapterInfo info() const override;
    FetchResult fetch(const FetchRequest &request, HttpSession &http, const CancelToken &cancel,
                      const ProgressSink &progress) override;
    Result<ParsedPayload> parsePayload(std::string_view kind, std::string_view bytes,
                                       const PayloadContext &context) const override;

    static constexpr int kIdsPerRequest = 50;

private:
    FetchResult fetchFrom(const FetchRequest &request, HttpSession &http, const CancelToken &cancel,
                          const ProgressSink &progress);

public:
    static constexpr int kHistoryDays = 90;
};

} // namespace stackatlas
