// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "comparison.h"
#include "series.h"
#include "taxonomy.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace stackatlas {

// The report's opening page: what the data says as of its date, computed, never typed. Each line
// carries its figure, the date(s) it is of and its source(s); a question the data cannot answer
// says so in the line instead of a figure.
struct Finding
{
    std::string topic;  // "Price advantage index, NVIDIA H100 80GB"
    std::string text;   // the sentence, with the figure in it
    std::string date;   // the date or dates of the figure(s)
    std::string source; // the source(s)
};

// A GPU's index at the as-of, 30 and 90 days before: the newest day at or before each with at
// least `minPerSide` providers a side, within the GPU prices' staleness window (7 days); else the
// newest day within it, marked below the minimum.
struct IndexAt
{
    UnixSeconds target = 0;
    std::optional<UnixSeconds> day;
    double index = 0;
    std::size_t numerator = 0, denominator = 0;
    bool belowMinimum = false; // fewer providers a side than the index needs: said beside the figure
    // Who was counted on each side that day, with each provider's daily median.
    std::vector<std::pair<std::string, double>> numeratorPrices, denominatorPrices;
};
std::vector<IndexAt> indexAtOffsets(const std::vector<SeriesData> &series, const Taxonomy &taxonomy,
                                    UnixSeconds asOf, const std::set<std::string> &cheapSide,
                                    const std::set<std::string> &incumbentSide, int minPerSide = 2);

std::vector<Finding> indexFindings(const std::string &gpuName, const std::vector<SeriesData> &series,
                                   const Taxonomy &taxonomy, UnixSeconds asOf);
// The cheapest and the dearest provider class for one GPU: each class's median of its providers'
// newest on-demand price within 7 days of the as-of.
std::vector<Finding> classFindings(const std::string &gpuName, const std::vector<SeriesData> &series,
                                   const Taxonomy &taxonomy, UnixSeconds asOf);
// The largest FDV / market cap overhangs (both figures of one source and moment), top three.
// `latest` may hold stale values (AsOf::includeStale): used, and said to be, only when no pair is
// within its window at the as-of.
std::vector<Finding> overhangFindings(const Taxonomy &taxonomy, const std::vector<LatestValue> &latest,
                                      UnixSeconds asOf);
// The node (category or centralized class) whose failure puts the most market cap downstream.
std::vector<Finding> exposureFindings(const Taxonomy &taxonomy, const std::vector<LatestValue> &latest);
// With a comparison: the layers by their change, and the protocols that moved most either way.
std::vector<Finding> movementFindings(const std::vector<ComparedFigure> &layers,
                                      const std::vector<ComparedFigure> &protocols, UnixSeconds a,
                                      UnixSeconds b);

} // namespace stackatlas
