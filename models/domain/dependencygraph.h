// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "taxonomy.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace stackatlas {

// The research's chain of dependencies as a graph, at the level of categories or of protocols.
// An edge "from -> to" means from relies on to. At the protocol level a category edge A -> B
// becomes an edge from every protocol of A to every protocol of B (membership is the only
// evidence there), besides the edges recorded between protocols themselves. Centralized
// provider classes (hyperscalers, centralized AI APIs, ...) are nodes too, unless left out.
class DependencyGraph
{
public:
    enum class Level
    {
        Category,
        Protocol
    };

    struct Node
    {
        std::string id;
        std::string name;
        std::string kind; // category | entity | class
        int layer = -1;   // index into the taxonomy's layers; -1 for nodes outside the stack
    };
    struct Edge
    {
        std::string from, to, kind, evidence;
        DependencyOrigin origin = DependencyOrigin::Taxonomy;
        bool derived = false; // lifted from a category edge to protocols
    };

    static DependencyGraph build(const Taxonomy &taxonomy, Level level, bool includeCentralized);

    const std::vector<Node> &nodes() const { return m_nodes; }
    const std::vector<Edge> &edges() const { return m_edges; }
    const Node *node(const std::string &id) const;

    // Everything `id` relies on, transitively (upstream), or everything that relies on it
    // (downstream). Breadth-first order, without `id` itself.
    std::vector<std::string> upstream(const std::string &id) const;
    std::vector<std::string> downstream(const std::string &id) const;
    // The shortest chain of dependencies from `from` to `to` following edges, or back from `to`
    // to `from` if that is the only way; nullopt if they are not connected.
    std::optional<std::vector<std::string>> shortestPath(const std::string &from,
                                                         const std::string &to) const;

private:
    std::vector<std::string> closure(const std::string &id, bool forward) const;
    std::vector<Node> m_nodes;
    std::vector<Edge> m_edges;
    std::map<std::string, std::vector<std::string>> m_out, m_in;
};

// What is exposed if a node fails: the summed market cap and FDV of the protocols downstream of
// it, with the ones whose figure is unknown listed, not counted as 0.
struct Exposure
{
    double marketCap = 0;
    double fdv = 0;
    std::vector<std::string> entities;         // protocols downstream
    std::vector<std::string> unknownMarketCap; // of those, without a market cap
    std::vector<std::string> unknownFdv;
};
Exposure exposureOf(const DependencyGraph &graph, const Taxonomy &taxonomy, const std::string &id,
                    const std::map<std::string, double> &marketCaps,
                    const std::map<std::string, double> &fdvs);

} // namespace stackatlas
