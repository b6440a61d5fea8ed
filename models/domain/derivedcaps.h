// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "series.h"

#include <optional>
#include <string>
#include <vector>

namespace stackatlas {

// A market cap is price x circulating supply. Where a protocol has a daily price but no observed
// market cap, one is derived only where the supply at that date is honestly known:
// - a dated supply within kSupplyWindow (a snapshot's circulating supply, or a market cap divided by
//   the price of the same source and moment);
// - two dated supplies either side of the date, at most kBracketSpan apart, that agree (a supply
//   that did not change between them did not change in between);
// - a published fixed emission anchored on a dated supply within kEmissionWindow (Bittensor's
//   7,200 TAO a day before its first halving).
// No such supply: no market cap (the price still counts for returns). Every derived value is
// stored under the source "derived", its provenance naming the price, the supply, its date and the
// method, so no pane passes it off as observed.
inline constexpr const char *kDerivedSource = "derived";
constexpr UnixSeconds kSupplyWindow = 7 * 86400;
constexpr UnixSeconds kBracketSpan = 92 * 86400;
constexpr UnixSeconds kEmissionWindow = 14 * 86400;

inline bool isDerived(const Provenance &p)
{
    return p.source == kDerivedSource;
}

struct SupplyAnchor
{
    UnixSeconds ts = 0;
    double supply = 0;
    std::string basis; // "coinmarketcap circulating supply"
};

struct Emission
{
    double perDay = 0;
    UnixSeconds until = 0; // the first halving: past it the rate no longer holds
    std::string citation;
};

struct PricePoint
{
    UnixSeconds ts = 0;
    double value = 0;
    std::string label; // "binance asset=tao close"
};

struct DerivationInput
{
    std::string entityId;
    std::vector<PricePoint> prices;        // one a day, ascending
    std::vector<SupplyAnchor> anchors;     // any order
    std::vector<UnixSeconds> observedCaps; // times of observed daily market caps (none derived here)
    std::optional<Emission> emission;
};

// The market caps that can be derived honestly, as observations of kDerivedSource (no dims), each
// provenance endpoint saying how; none within a day of an observed market cap.
std::vector<Observation> deriveMarketCaps(const DerivationInput &input, UnixSeconds fetchedAt);

// The supply known at `t` by the rules above, with how it is known; nullopt where it is not.
struct KnownSupply
{
    double supply = 0;
    std::string how;
};
std::optional<KnownSupply> supplyAt(UnixSeconds t, const std::vector<SupplyAnchor> &anchors,
                                    const std::optional<Emission> &emission);

} // namespace stackatlas
