// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "treemap.h"

#include <string>
#include <vector>

namespace stackatlas {

class DependencyGraph;

// Where each node of a dependency graph is drawn: bands are horizontal rows, band 0 at the bottom;
// within a band, x comes from igraph's Sugiyama layout (few crossings, the band given). Node boxes
// never overlap, and the result is deterministic for a given graph.
struct GraphLayout
{
    struct Placed
    {
        std::string id;
        int band = 0;
        RectF rect;
    };
    std::vector<Placed> nodes;
    std::vector<RectF> bands; // bottom to top
    double width = 0, height = 0;
    // Why the layout is a plain one (igraph could not be loaded), for the pane to say; else empty.
    std::string warning;
};

struct GraphLayoutStyle
{
    double nodeWidth = 150;
    double nodeHeight = 34;
    double hgap = 24;
    double bandHeight = 120;
    double margin = 20;
};

// bandOf(node) gives each node's band (0 = bottom).
GraphLayout layoutDependencyGraph(const DependencyGraph &graph, const std::vector<int> &bandOfNode,
                                  int bandCount, const GraphLayoutStyle &style = {});

} // namespace stackatlas
