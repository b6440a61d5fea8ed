// SPDX-License-Identifier: GPL-3.0-or-later
#include "derivedcaps.h"

#include "chartdata.h"
#include "moneyformat.h"
#include "serialize.h"
#include "timeutil.h"

#include <algorithm>
#include <cmath>

namespace stackatlas {

namespace {

std::string dated(const SupplyAnchor &a)
{
    return formatGrouped(a.supply) + " (" + a.basis + ", " + formatIsoDate(a.ts) + ")";
}

} // namespace

std::optional<KnownSupply> supplyAt(UnixSeconds t, const std::vector<SupplyAnchor> &anchors,
                                    const std::optional<Emission> &emission)
{
    const SupplyAnchor *nearest = nullptr, *before = nullptr, *after = nullptr;
    for (const SupplyAnchor &a : anchors) {
        if (!(a.supply > 0))
            continue;
        if (!nearest || std::llabs(a.ts - t) < std::llabs(nearest->ts - t))
            nearest = &a;
        if (a.ts <= t && (!before || a.ts > before->ts))
            before = &a;
        if (a.ts >= t && (!after || a.ts < after->ts))
            after = &a;
    }
    if (!nearest)
        return std::nullopt;
    const UnixSeconds away = std::llabs(nearest->ts - t);
    // A published emission moves the anchor to the date (before the rate stops holding).
    if (emission && away <= kEmissionWindow && std::max(t, nearest->ts) <= emission->until) {
        const double days = double(t - nearest->ts) / 86400.0;
        const double supply = nearest->supply + emission->perDay * days;
        return KnownSupply{supply, "circulating supply " + dated(*nearest) + ", moved by " +
                                       formatNumber(emission->perDay) + " tokens a day of emission (" +
                                       emission->citation + ")"};
    }
    if (away <= kSupplyWindow)
        return KnownSupply{nearest->supply, "circulating supply " + dated(*nearest) + ", within 7 days"};
    if (before && after && before != after && after->ts - before->ts <= kBracketSpan &&
        std::abs(after->supply - before->supply) <= 1e-4 * before->supply)
        return KnownSupply{before->supply,
                           "circulating supply unchanged from " + dated(*before) + " to " + dated(*after)};
    return std::nullopt;
}

std::vector<Observation> deriveMarketCaps(const DerivationInput &input, UnixSeconds fetchedAt)
{
    std::vector<Observation> out;
    for (const PricePoint &p : input.prices) {
        if (!(p.value > 0))
            continue;
        const bool observed = std::any_of(input.observedCaps.begin(), input.observedCaps.end(),
                                          [&](UnixSeconds t) { return std::llabs(t - p.ts) <= 86400; });
        if (observed)
            continue;
        const auto supply = supplyAt(p.ts, input.anchors, input.emission);
        if (!supply)
            continue;
        Observation o;
        o.key = {input.entityId, "market_cap_usd", kDerivedSource, {}};
        o.unit = "USD";
        o.ts = p.ts;
        o.value = p.value * supply->supply;
        o.provenance = {kDerivedSource,
                        "derived: price x circulating supply = " + p.label + " " + formatNumber(p.value) +
                            " on " + formatIsoDate(p.ts) + " x " + formatGrouped(supply->supply) +
                            " tokens (" + supply->how + ")",
                        fetchedAt, p.ts};
        out.push_back(std::move(o));
    }
    return out;
}

} // namespace stackatlas
