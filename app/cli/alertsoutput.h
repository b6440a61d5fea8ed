// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/alerts/alertcheck.h"

#include <string>
#include <vector>

namespace stackatlas::cli {

// What stackatlas alerts list and check print, as text for people and JSON for scripts.
std::string rulesText(const std::vector<AlertRule> &rules);
std::string rulesJson(const std::vector<AlertRule> &rules);
std::string roundText(const AlertRound &round);
// {"evaluated_at", "firing", "firings": [...], "checks": [...]}: `firings` holds the rules that
// fire, `checks` every enabled rule with its state (firing, clear, cannot_evaluate).
std::string roundJson(const AlertRound &round, UnixSeconds evaluatedAt);

} // namespace stackatlas::cli
