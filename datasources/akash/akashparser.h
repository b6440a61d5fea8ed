// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "datasources/sourceadapter.h"

namespace stackatlas::akash {

// /v1/gpu-prices: USD per GPU-hour per model (min, median, max, avg, weighted average) and the
// GPUs in total and available. The model and its ram ("80Gi") pick the canonical GPU; the
// interface (SXM4, PCIe) the form. A model with price null has counts but no price.
Result<ParsedPayload> parseGpuPrices(std::string_view body, const PayloadContext &ctx);

// /v1/dashboard-data: active leases, GPUs in leases, and the daily spend in USD. Spend fields are
// micro-denominated (dailyUUsdSpent is micro-USD) and divided by 1e6 here.
Result<ParsedPayload> parseDashboard(std::string_view body, const PayloadContext &ctx);

} // namespace stackatlas::akash
