// SPDX-License-Identifier: GPL-3.0-or-later
// The dependency graph: closures, exposure and shortest paths on small hand-made graphs.
#include "models/domain/dependencygraph.h"
#include "support/warnings.h"

#include <QTest>

using namespace stackatlas;

namespace {

// Layers L0 < L1 < L2; categories A (L0: a1, a2), B (L1: b1), C (L2: c1); a centralized class X.
// B relies on A, C relies on B and on X; c1 relies on a1 directly (protocol-level evidence).
Taxonomy small()
{
    Taxonomy t;
    t.layers = {{"l0", "L0", ""}, {"l1", "L1", ""}, {"l2", "L2", ""}};
    t.categories = {{"A", "l0", "A", ""}, {"B", "l1", "B", ""}, {"C", "l2", "C", ""}};
    t.providerClasses = {{"X", "Cloud", true, ""}};
    for (const auto &[id, cat] :
         {std::pair{"a1", "A"}, std::pair{"a2", "A"}, std::pair{"b1", "B"}, std::pair{"c1", "C"}}) {
        Entity e;
        e.id = id;
        e.name = id;
        e.categoryId = cat;
        t.entities.push_back(e);
    }
    t.dependencies = {{"B", "A", "compute", "e", DependencyOrigin::Taxonomy},
                      {"C", "B", "model", "e", DependencyOrigin::Taxonomy},
                      {"C", "X", "model", "e", DependencyOrigin::Taxonomy},
                      {"c1", "a1", "compute", "e", DependencyOrigin::User}};
    return t;
}

std::vector<std::string> v(std::initializer_list<const char *> ids)
{
    return {ids.begin(), ids.end()};
}

} // namespace

class tst_DependencyGraph : public QObject
{
    Q_OBJECT

private slots:
    void init() { stackatlas::test::failOnUnexpectedWarnings(); }
    void categoryLevel();
    void protocolLevelLiftsCategoryEdges();
    void exposureCountsUnknownsApart();
    void shortestPath();
    void realTaxonomy();
};

void tst_DependencyGraph::categoryLevel()
{
    const Taxonomy t = small();
    const auto g = DependencyGraph::build(t, DependencyGraph::Level::Category, true);
    QCOMPARE(g.upstream("C"), v({"B", "X", "A"})); // breadth-first: C's direct ones, then B's
    QCOMPARE(g.downstream("A"), v({"B", "C"}));
    QCOMPARE(g.edges().size(), std::size_t(3)); // the protocol edge stays out of the category picture
    QVERIFY(g.node("X"));
    const auto without = DependencyGraph::build(t, DependencyGraph::Level::Category, false);
    QVERIFY(!without.node("X"));
    QCOMPARE(without.upstream("C"), v({"B", "A"}));
}

void tst_DependencyGraph::protocolLevelLiftsCategoryEdges()
{
    const auto g = DependencyGraph::build(small(), DependencyGraph::Level::Protocol, true);
    // b1->a1, b1->a2 (lifted), c1->b1 (lifted), c1->X (lifted), c1->a1 (recorded)
    QCOMPARE(g.edges().size(), std::size_t(5));
    QCOMPARE(g.downstream("a1"), v({"b1", "c1"}));
    QCOMPARE(g.downstream("a2"), v({"b1", "c1"}));
    QCOMPARE(g.upstream("c1"), v({"b1", "X", "a1", "a2"}));
    const auto recorded = std::find_if(g.edges().begin(), g.edges().end(),
                                       [](const auto &e) { return e.from == "c1" && e.to == "a1"; });
    QVERIFY(!recorded->derived);
    QVERIFY(recorded->origin == DependencyOrigin::User);
}

void tst_DependencyGraph::exposureCountsUnknownsApart()
{
    const Taxonomy t = small();
    const auto g = DependencyGraph::build(t, DependencyGraph::Level::Protocol, true);
    const Exposure e = exposureOf(g, t, "a1", {{"b1", 10.0}, {"a2", 99.0}}, {{"b1", 30.0}, {"c1", 5.0}});
    QCOMPARE(e.entities, v({"b1", "c1"}));
    QCOMPARE(e.marketCap, 10.0); // c1's market cap is unknown: listed, not counted as 0
    QCOMPARE(e.unknownMarketCap, v({"c1"}));
    QCOMPARE(e.fdv, 35.0);
    QVERIFY(e.unknownFdv.empty());
    // at the category level a category exposes its protocols
    const auto cg = DependencyGraph::build(t, DependencyGraph::Level::Category, true);
    const Exposure ce = exposureOf(cg, t, "A", {{"b1", 10.0}, {"c1", 7.0}}, {});
    QCOMPARE(ce.marketCap, 17.0);
    QCOMPARE(ce.unknownFdv, v({"b1", "c1"}));
}

void tst_DependencyGraph::shortestPath()
{
    const auto g = DependencyGraph::build(small(), DependencyGraph::Level::Protocol, true);
    QCOMPARE(g.shortestPath("c1", "a2").value(), v({"c1", "b1", "a2"}));
    QCOMPARE(g.shortestPath("c1", "a1").value(), v({"c1", "a1"}));       // the direct edge, not via b1
    QCOMPARE(g.shortestPath("a2", "c1").value(), v({"c1", "b1", "a2"})); // found the other way round
    QCOMPARE(g.shortestPath("a1", "a1").value(), v({"a1"}));
    QVERIFY(!g.shortestPath("a1", "a2")); // siblings: neither relies on the other
}

void tst_DependencyGraph::realTaxonomy()
{
    // the shipped edges, checked by hand: agents rely on models, which rely on compute
    Taxonomy t;
    t.layers = {{"infrastructure", "I", ""}, {"model", "M", ""}, {"application", "A", ""}};
    t.categories = {{"compute", "infrastructure", "c", ""},
                    {"open-model-training", "model", "m", ""},
                    {"agents", "application", "a", ""}};
    t.dependencies = {{"open-model-training", "compute", "compute", "e", DependencyOrigin::Taxonomy},
                      {"agents", "open-model-training", "model", "e", DependencyOrigin::Taxonomy}};
    const auto g = DependencyGraph::build(t, DependencyGraph::Level::Category, true);
    QCOMPARE(g.downstream("compute"), v({"open-model-training", "agents"}));
    QCOMPARE(g.shortestPath("agents", "compute").value(), v({"agents", "open-model-training", "compute"}));
}

QTEST_GUILESS_MAIN(tst_DependencyGraph)
#include "tst_dependencygraph.moc"
