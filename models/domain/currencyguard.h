// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "series.h"

#include <optional>
#include <string>
#include <vector>

namespace stackatlas {

// The check a researcher does by eye before citing a figure: does it agree with what the other
// sources say of the same token that day? A payload quoted in ETH but read as USD puts every value
// about 3,000x below the stored USD series; the same-series outlier rule (outliers.h) cannot see it
// when the source has no history of its own (a one-day snapshot), and a list without the
// `ethereum` item hides the quote coin. So each incoming token figure (price, market cap, FDV) is
// set beside every stored series of the same entity and metric (any source or dims, its own series
// too), at the point nearest in time within kCrossSourceWindow of it.
constexpr UnixSeconds kCrossSourceWindow = 2 * 86400;
// A value this many times above or below those series' median is off.
constexpr double kCrossSourceFactor = 10.0;
// Where nothing is stored that near (a snapshot between two others weeks apart), the nearest
// points within kFarWindow judge it with a factor a token does not move by in weeks, far below a
// quote currency's (ETH ~3,000x).
constexpr UnixSeconds kFarWindow = 45 * 86400;
constexpr double kFarFactor = 100.0;

bool isGuardedAcrossSources(const std::string &metric);

// What the other sources hold near one incoming value: one reference per other series (its point
// nearest in time within the window).
struct CrossSourceReference
{
    std::string label; // "coinmetrics asset=tao"
    UnixSeconds ts = 0;
    double value = 0;
};

struct GuardedValue
{
    std::size_t index = 0; // the caller's own numbering
    std::string entityId;
    std::string metric;
    UnixSeconds ts = 0;
    double value = 0;
    std::vector<CrossSourceReference> references; // empty: nothing to compare with
};

// A stored series of one entity and metric, to draw references from.
struct OtherSeries
{
    SeriesKey key;
    std::vector<std::pair<UnixSeconds, double>> points; // ascending time
};

// Fills `v.references` from `others` (the stored series of v's entity and metric): each one's point
// nearest to v within kFarWindow.
// `own`: the value's own series, whose point at the value's moment (the one it would replace) is
// no reference.
void addReferences(GuardedValue &v, const std::vector<OtherSeries> &others, const SeriesKey *own = nullptr);

enum class GuardSubject
{
    Payload, // an API response: "fetch it with vs_currency=usd"
    File     // a CSV: "check the file's currency"
};

struct CrossSourceOff
{
    std::size_t index = 0; // GuardedValue::index
    double reference = 0;  // the other sources' median
    std::string description;
};

struct CrossSourceVerdict
{
    // Set when most compared values sit off by one common factor: the payload is in another
    // currency and nothing of it may be stored as USD. Names the factor and the likely quote.
    std::optional<std::string> refusal;
    // Every value off by more than kCrossSourceFactor (with a refusal, the ones that agree on its
    // factor among them): held as suspect, or stored marked when the user accepts suspects.
    std::vector<CrossSourceOff> off;
};

CrossSourceVerdict judgeAcrossSources(const std::vector<GuardedValue> &values, GuardSubject subject);

// The quote a common factor betrays: "ETH" for ~1,000-10,000x below, "BTC" for ~10,000-250,000x
// below, or empty when it names no one coin.
std::string likelyQuote(double factor, bool below);

} // namespace stackatlas
