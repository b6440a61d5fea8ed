// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace stackatlas {

// The stable metric names the CLI, charts and exports use, each with its one unit. A value whose
// unit is not the metric's is refused, so two numbers in one series always mean the same thing.
struct MetricInfo
{
    std::string name;
    std::string unit;
    std::string description;
    bool categoryLevel = false; // the entity is a sector id (taxonomy "sectors"), not an entity
};

const std::vector<MetricInfo> &knownMetrics();
const MetricInfo *metricInfo(std::string_view name);
// Units a researcher's own metric may use.
const std::vector<std::string> &knownUnits();
bool isKnownUnit(std::string_view unit);
// Lowercase letters, digits and '_', starting with a letter.
bool isValidMetricName(std::string_view name);
bool isValidDimensionKey(std::string_view key);

} // namespace stackatlas
