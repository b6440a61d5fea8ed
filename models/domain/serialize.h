// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "series.h"

#include <string>
#include <vector>

namespace stackatlas {

struct Taxonomy;

// Text forms of domain data for the CLI and exports. JSON is UTF-8 and pretty-printed; CSV is
// RFC 4180 with text cells that would start a spreadsheet formula neutralized.
std::string taxonomyToJson(const Taxonomy &taxonomy);
std::string taxonomyToText(const Taxonomy &taxonomy);

// The long format import-csv reads, plus each point's provenance.
std::string seriesToCsv(const std::vector<SeriesData> &series);
std::string seriesToJson(const std::vector<SeriesData> &series);

std::string csvField(std::string_view text);
// Shortest text that reads back as the same double ("0.1", "12.29", "1e+21").
std::string formatNumber(double value);

} // namespace stackatlas
