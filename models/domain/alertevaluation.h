// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "alertrule.h"

#include <optional>
#include <string>
#include <vector>

namespace stackatlas {

// One reading a rule judges: the index of a day, a point of a series, a ratio of two points, with
// where it came from ("gpu-pricing-tracker: 1 challenger provider, 5 incumbent providers").
struct AlertSample
{
    UnixSeconds ts = 0;
    double value = 0;
    std::string source;
    std::string detail;
};

// What judging a rule's readings found.
struct AlertOutcome
{
    enum class State
    {
        Firing,        // the newest reading meets the condition
        Clear,         // it does not
        CannotEvaluate // no reading to judge: `reason` says why
    };
    State state = State::CannotEvaluate;
    std::string reason;
    // Firing: the first reading of the run of readings, up to the newest, that meet the condition:
    // the day it crossed. One firing is recorded per crossing, so this is its identity.
    AlertSample crossing;
    AlertSample latest; // the newest reading (Firing and Clear)
    int crossings = 0;  // how often the readings went from not meeting it to meeting it (or began so)
    std::optional<UnixSeconds> firstCrossed; // the earliest of those
};

bool meets(AlertComparison comparison, double threshold, double value);

// Judges readings in time order: firing when the newest meets the condition, and from when.
AlertOutcome judgeSamples(const std::vector<AlertSample> &samples, AlertComparison comparison,
                          double threshold);

// Each reading's change in percent against the newest reading at least `days` days older (a
// reading with none that old is left out, as is one whose base is 0). The detail names both.
std::vector<AlertSample> changeSamples(const std::vector<AlertSample> &samples, int days);

// numerator / denominator where both have a reading at the same moment (the same source's
// snapshot: a market cap and an FDV of different times are not a ratio); a 0 denominator is left
// out.
std::vector<AlertSample> ratioSamples(const std::vector<AlertSample> &numerator,
                                      const std::vector<AlertSample> &denominator);

struct AlertCheck
{
    AlertRule rule;
    AlertOutcome outcome;
    std::string unit; // of the value judged ("index", "USD", "%", "ratio", "hours")
};

// What one evaluation found: every enabled rule's check (rules in name order), and of the firings
// those make, the ones recorded for the first time by this round (empty when not recording).
struct AlertRound
{
    std::vector<AlertCheck> checks;
    std::vector<AlertFiring> newFirings;
    // Firings (new or recorded earlier, by a fetch) this round took to show on the desktop.
    std::vector<AlertFiring> toNotify;
    int firing() const;
};
// The firing a check makes (only for a Firing outcome).
AlertFiring firingOf(const AlertCheck &check, UnixSeconds recordedAt);

// A value as people read it, with its unit: "0.564", "+12.5 %", "4453.4 hours old", "2.25 USD".
// JSON keeps the full number.
std::string alertValueText(double value, const std::string &unit);

// "bittensor fdv_usd / market_cap_usd above 2: 2.19 on 2026-03-13 (coingecko)": one line for
// notifications, the status bar and the CLI.
std::string firingSummary(const AlertFiring &firing);

} // namespace stackatlas
