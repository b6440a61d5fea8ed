// SPDX-License-Identifier: GPL-3.0-or-later
#include "dependencygraph.h"

#include <algorithm>
#include <deque>
#include <set>

namespace stackatlas {

DependencyGraph DependencyGraph::build(const Taxonomy &t, Level level, bool includeCentralized)
{
    DependencyGraph g;
    auto isCentralizedClass = [&](const std::string &id) {
        const ProviderClass *pc = t.providerClass(id);
        return pc && pc->centralized;
    };
    std::set<std::string> present;
    auto addNode = [&](Node n) {
        if (present.insert(n.id).second)
            g.m_nodes.push_back(std::move(n));
    };
    if (level == Level::Category) {
        for (const auto &c : t.categories)
            addNode({c.id, c.name, "category", t.layerIndex(c.layerId)});
    } else {
        for (const Entity *e : t.protocols())
            addNode({e->id, e->name, "entity", t.layerOf(*e) ? t.layerIndex(t.layerOf(*e)->id) : -1});
    }
    // provider classes appear only where an edge reaches them
    auto membersOf = [&](const std::string &id) -> std::vector<std::string> {
        if (level == Level::Category || !t.category(id))
            return {id};
        std::vector<std::string> out;
        for (const Entity *e : t.protocols()) {
            if (e->categoryId == id)
                out.push_back(e->id);
        }
        return out;
    };
    std::set<std::tuple<std::string, std::string, std::string>> seen;
    for (const auto &d : t.dependencies) {
        const bool fromEntity = t.entity(d.fromId) != nullptr;
        const bool toEntity = t.entity(d.toId) != nullptr;
        if (level == Level::Category && (fromEntity || toEntity))
            continue; // protocol-level evidence does not belong in the category picture
        if (!includeCentralized && (isCentralizedClass(d.fromId) || isCentralizedClass(d.toId)))
            continue;
        const bool derived = level == Level::Protocol && (t.category(d.fromId) || t.category(d.toId));
        for (const auto &from : membersOf(d.fromId)) {
            for (const auto &to : membersOf(d.toId)) {
                if (from == to || !seen.insert({from, to, d.kind}).second)
                    continue;
                for (const std::string &id : {from, to}) {
                    if (const ProviderClass *pc = t.providerClass(id))
                        addNode({pc->id, pc->name, "class", -1});
                }
                g.m_edges.push_back({from, to, d.kind, d.evidence, d.origin, derived});
            }
        }
    }
    for (const auto &e : g.m_edges) {
        g.m_out[e.from].push_back(e.to);
        g.m_in[e.to].push_back(e.from);
    }
    return g;
}

const DependencyGraph::Node *DependencyGraph::node(const std::string &id) const
{
    const auto it = std::find_if(m_nodes.begin(), m_nodes.end(), [&](const Node &n) { return n.id == id; });
    return it == m_nodes.end() ? nullptr : &*it;
}

std::vector<std::string> DependencyGraph::closure(const std::string &id, bool forward) const
{
    const auto &adjacency = forward ? m_out : m_in;
    std::vector<std::string> out;
    std::set<std::string> seen{id};
    std::deque<std::string> queue{id};
    while (!queue.empty()) {
        const std::string n = queue.front();
        queue.pop_front();
        const auto it = adjacency.find(n);
        if (it == adjacency.end())
            continue;
        for (const auto &next : it->second) {
            if (seen.insert(next).second) {
                out.push_back(next);
                queue.push_back(next);
            }
        }
    }
    return out;
}

std::vector<std::string> DependencyGraph::upstream(const std::string &id) const
{
    return closure(id, true);
}

std::vector<std::string> DependencyGraph::downstream(const std::string &id) const
{
    return closure(id, false);
}

std::optional<std::vector<std::string>> DependencyGraph::shortestPath(const std::string &from,
                                                                      const std::string &to) const
{
    auto bfs = [&](const std::string &a, const std::string &b) -> std::optional<std::vector<std::string>> {
        std::map<std::string, std::string> parent;
        std::deque<std::string> queue{a};
        parent[a] = a;
        while (!queue.empty()) {
            const std::string n = queue.front();
            queue.pop_front();
            if (n == b) {
                std::vector<std::string> path{b};
                for (std::string x = b; x != a; x = parent[x])
                    path.push_back(parent[x]);
                std::reverse(path.begin(), path.end());
                return path;
            }
            const auto it = m_out.find(n);
            if (it == m_out.end())
                continue;
            for (const auto &next : it->second) {
                if (parent.emplace(next, n).second)
                    queue.push_back(next);
            }
        }
        return std::nullopt;
    };
    if (from == to)
        return std::vector<std::string>{from};
    if (auto forward = bfs(from, to))
        return forward;
    return bfs(to, from);
}

Exposure exposureOf(const DependencyGraph &graph, const Taxonomy &taxonomy, const std::string &id,
                    const std::map<std::string, double> &marketCaps,
                    const std::map<std::string, double> &fdvs)
{
    Exposure out;
    std::set<std::string> entities;
    for (const auto &n : graph.downstream(id)) {
        if (const Entity *e = taxonomy.entity(n); e && e->kind == EntityKind::Protocol)
            entities.insert(n);
        if (taxonomy.category(n)) { // at the category level, a category exposes its protocols
            for (const Entity *e : taxonomy.protocols()) {
                if (e->categoryId == n)
                    entities.insert(e->id);
            }
        }
    }
    for (const auto &e : entities) {
        out.entities.push_back(e);
        if (const auto mc = marketCaps.find(e); mc != marketCaps.end())
            out.marketCap += mc->second;
        else
            out.unknownMarketCap.push_back(e);
        if (const auto f = fdvs.find(e); f != fdvs.end())
            out.fdv += f->second;
        else
            out.unknownFdv.push_back(e);
    }
    return out;
}

} // namespace stackatlas
