// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "datasources/sourceadapter.h"

namespace stackatlas::vastai {

// Offer search (a bare array, as the CLI prints it, or {"offers": [...]}, as the API returns it).
// Only verified, rentable, on-demand offers count. Per canonical GPU (name and gpu_ram): the
// number of offers, and p10 / median / p90 of USD per GPU-hour = dph_total / num_gpus.
Result<ParsedPayload> parseOffers(std::string_view body, const PayloadContext &ctx);

// Linear-interpolated percentile of sorted values (q in [0, 1]).
double percentile(const std::vector<double> &sorted, double q);

} // namespace stackatlas::vastai
