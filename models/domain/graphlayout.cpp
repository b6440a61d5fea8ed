// SPDX-License-Identifier: GPL-3.0-or-later
#include "graphlayout.h"

#include "dependencygraph.h"
#include "igraphlibrary.h"

#include <algorithm>
#include <map>

namespace stackatlas {

GraphLayout layoutDependencyGraph(const DependencyGraph &graph, const std::vector<int> &bandOfNode,
                                  int bandCount, const GraphLayoutStyle &style)
{
    GraphLayout out;
    const auto &nodes = graph.nodes();
    const igraph_integer_t n = igraph_integer_t(nodes.size());
    std::map<std::string, igraph_integer_t> index;
    for (igraph_integer_t i = 0; i < n; ++i)
        index[nodes[std::size_t(i)].id] = i;

    std::vector<double> x(nodes.size(), 0.0);
    const IgraphLibrary *ig = n > 0 ? igraphLibrary(&out.warning) : nullptr;
    if (!out.warning.empty())
        out.warning += "; the nodes are drawn in taxonomy order, their crossings not minimised";
    if (ig) {
        igraph_t g;
        igraph_vector_int_t edges;
        ig->vector_int_init(&edges, 0);
        for (const auto &e : graph.edges()) {
            // igraph wants edges pointing from lower to higher layers; ours point from the user to
            // what it relies on, i.e. downwards: reverse them. Same-band edges take no part.
            const igraph_integer_t from = index.at(e.from), to = index.at(e.to);
            if (bandOfNode[std::size_t(from)] == bandOfNode[std::size_t(to)])
                continue;
            const bool down = bandOfNode[std::size_t(from)] > bandOfNode[std::size_t(to)];
            ig->vector_int_push_back(&edges, down ? to : from);
            ig->vector_int_push_back(&edges, down ? from : to);
        }
        ig->create(&g, &edges, n, IGRAPH_DIRECTED);
        igraph_vector_int_t layers;
        ig->vector_int_init(&layers, n);
        for (igraph_integer_t i = 0; i < n; ++i)
            VECTOR(layers)[i] = bandOfNode[std::size_t(i)];
        igraph_matrix_t res;
        ig->matrix_init(&res, 0, 0);
        // hgap 1: positions are whole slots, so boxes of one slot never overlap.
        if (ig->layout_sugiyama(&g, &res, nullptr, nullptr, &layers, 1.0, 1.0, 100, nullptr) ==
            IGRAPH_SUCCESS) {
            for (igraph_integer_t i = 0; i < n; ++i)
                x[std::size_t(i)] = MATRIX(res, i, 0);
        }
        ig->matrix_destroy(&res);
        ig->vector_int_destroy(&layers);
        ig->vector_int_destroy(&edges);
        ig->destroy(&g);
    }
    // Keep Sugiyama's order within each band (it minimises crossings) but pack the nodes into
    // consecutive slots, centred: its raw x leaves room for the dummy vertices of long edges,
    // which makes wide graphs far wider than their busiest band.
    std::map<int, std::vector<std::size_t>> perBand;
    for (std::size_t i = 0; i < nodes.size(); ++i)
        perBand[bandOfNode[i]].push_back(i);
    std::size_t widest = 0;
    for (const auto &[band, members] : perBand)
        widest = std::max(widest, members.size());
    for (auto &[band, members] : perBand) {
        std::stable_sort(members.begin(), members.end(),
                         [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
        const double start = (double(widest) - double(members.size())) / 2.0;
        for (std::size_t k = 0; k < members.size(); ++k)
            x[members[k]] = start + double(k);
    }
    double maxSlot = 0;
    for (double v : x)
        maxSlot = std::max(maxSlot, v);
    const double slot = style.nodeWidth + style.hgap;
    out.width = style.margin * 2 + (maxSlot + 1) * slot - style.hgap;
    out.height = style.margin * 2 + bandCount * style.bandHeight;
    for (int b = 0; b < bandCount; ++b)
        out.bands.push_back(
            {0, out.height - style.margin - (b + 1) * style.bandHeight, out.width, style.bandHeight});
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const RectF &band = out.bands[std::size_t(bandOfNode[i])];
        out.nodes.push_back({nodes[i].id,
                             bandOfNode[i],
                             {style.margin + x[i] * slot, band.y + (band.h - style.nodeHeight) / 2,
                              style.nodeWidth, style.nodeHeight}});
    }
    return out;
}

} // namespace stackatlas
