// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "datasources/cache/cache.h"
#include "models/domain/alertevaluation.h"

#include <string>
#include <vector>

namespace stackatlas {

// Watch rules against a cache: checking a new rule, judging every rule, recording firings. The
// judging itself is models/domain/alertevaluation; this reads what each kind of rule looks at.

// A rule checked against the data, with its spellings resolved (gpu "H100_SXM" -> h100-80gb,
// entity "tao" -> bittensor): refused, with the reason, when its GPU, entity, metric, dimension
// or source is unknown, or its shape is wrong (alertRuleShapeProblem).
Result<AlertRule> checkedAlertRule(const Cache &cache, const Taxonomy &taxonomy, AlertRule rule);

// The moment staleness is measured at: a snapshot's own saving time, so a snapshot reads the same
// on any day; else the clock.
UnixSeconds alertClock(const Cache &cache);

AlertCheck evaluateAlertRule(const Cache &cache, const Taxonomy &taxonomy, const AlertRule &rule,
                             UnixSeconds now);

// Judges every enabled rule, recording nothing (a snapshot, the Alerts pane's preview).
Result<AlertRound> evaluateAlertRules(const Cache &cache, const Taxonomy &taxonomy);
// Judges every enabled rule; with `record` (never on a read-only cache) the firings are written,
// each once per crossing. What a refresh, an import and `stackatlas alerts check` run.
Result<AlertRound> runAlertRound(Cache &cache, const Taxonomy &taxonomy, bool record);

} // namespace stackatlas
