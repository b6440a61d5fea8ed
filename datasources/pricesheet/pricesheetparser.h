// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "datasources/sourceadapter.h"

namespace stackatlas::pricesheet {

// The list-price CSV (resources/pricesheet/README.md): one gpu_hourly_usd point per row, per
// GPU-hour (instance prices divided by gpu_count), stamped with the row's as_of, with the row's
// source and URL as provenance. A bad row is a warning naming its line; the rest is kept.
Result<ParsedPayload> parsePriceSheet(std::string_view csv, const PayloadContext &ctx);

} // namespace stackatlas::pricesheet
