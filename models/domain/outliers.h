// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "currencyguard.h"
#include "series.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace stackatlas {

// The outlier rule for imports: a value more than `factor` times above or below the median of the
// same series within `window` either side of it (other values of the batch and values already
// stored) is suspect. It applies to prices and valuations (price_usd, market_cap_usd, fdv_usd,
// gpu_hourly_usd), whose day-to-day moves stay well inside 5x; volumes and fees may jump so and
// are not judged. Too few neighbours (under minNeighbours) judge nothing.
struct OutlierRule
{
    double factor = 5.0;
    UnixSeconds window = 7 * 86400;
    std::size_t minNeighbours = 3;
};

bool isJudgedForOutliers(const std::string &metric);

struct SuspectValue
{
    std::size_t index = 0; // in the batch
    double median = 0;     // of its neighbours
    std::vector<std::pair<UnixSeconds, double>> neighbours;
    // Set for a value judged against other sources (currencyguard.h): says so in its own words.
    std::string description;
};

using StoredNeighbours = std::map<SeriesKey, std::vector<std::pair<UnixSeconds, double>>>;

std::vector<SuspectValue> findSuspects(const std::vector<Observation> &batch, const StoredNeighbours &stored,
                                       const OutlierRule &rule = {});

// The same rule for one series: its stored values and the batch's (with their index in the
// batch), the suspects appended to `out`. For importers that hold a batch by series rather than
// as observations (a million keys copied cost more than the judging).
struct JudgedValue
{
    UnixSeconds ts = 0;
    double value = 0;
    std::size_t index = 0;
};
void findSeriesSuspects(const std::vector<std::pair<UnixSeconds, double>> &stored,
                        std::vector<JudgedValue> values, const OutlierRule &rule,
                        std::vector<SuspectValue> &out);

// "bittensor/price_usd (yahoo) 2024-01-01: 0.1263 is 739x below the median 93.4 of 6 values within
// 7 days (93.4 on 2024-01-02, 95.1 on 2024-01-03, ...)"
std::string describeSuspect(const Observation &o, const SuspectValue &s);

// The suspects betray a batch quoted in another currency when the prices of two coins or more are
// all off their series on the same side by factors within 3x of one another (ETH-quoted prices
// sit ~3000x below their USD series): the reason to refuse the whole batch, or nullopt.
std::optional<std::string> currencyMismatch(const std::vector<Observation> &batch,
                                            const std::vector<SuspectValue> &suspects,
                                            GuardSubject subject = GuardSubject::Payload);

} // namespace stackatlas
