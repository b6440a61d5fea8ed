// SPDX-License-Identifier: GPL-3.0-or-later
// The dependency graph pane: the layered layout, edits with undo and redo that persist in the
// cache, and exports.
#include "datasources/cache/cachelocation.h"
#include "datasources/taxonomy/taxonomyloader.h"
#include "models/domain/graphlayout.h"
#include "support/storetest.h"
#include "support/warnings.h"
#include "ui/panes/depgraph/dependencygraphpane.h"
#include "ui/views/dependencygraphview.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QUndoStack>
#include <QXmlStreamReader>

using namespace stackatlas;

class tst_DependencyGraphUi : public QObject
{
    Q_OBJECT

private slots:
    void init() { test::failOnUnexpectedWarnings(); }
    void layoutKeepsBandsAndNeverOverlaps_data();
    void layoutKeepsBandsAndNeverOverlaps();
    void editsUndoRedoAndPersist();
    void selectionShowsExposureAndPath();
    void svgExportNamesEveryNode();

private:
    QTemporaryDir m_dir;
};

void tst_DependencyGraphUi::layoutKeepsBandsAndNeverOverlaps_data()
{
    QTest::addColumn<int>("level");
    QTest::addColumn<bool>("centralized");
    QTest::newRow("categories") << int(DependencyGraph::Level::Category) << true;
    QTest::newRow("categories-without-centralized") << int(DependencyGraph::Level::Category) << false;
    QTest::newRow("protocols") << int(DependencyGraph::Level::Protocol) << true;
}

void tst_DependencyGraphUi::layoutKeepsBandsAndNeverOverlaps()
{
    QFETCH(int, level);
    QFETCH(bool, centralized);
    const Taxonomy t = embeddedTaxonomy().value();
    const GraphScene a = buildGraphScene(t, DependencyGraph::Level(level), centralized);
    const GraphScene b = buildGraphScene(t, DependencyGraph::Level(level), centralized);
    QCOMPARE(a.layout.nodes.size(), a.graph.nodes().size());
    for (std::size_t i = 0; i < a.layout.nodes.size(); ++i) {
        const auto &n = a.layout.nodes[i];
        // deterministic
        QCOMPARE(n.rect.x, b.layout.nodes[i].rect.x);
        // in its layer's band (centralized classes in the bottom band)
        const auto *node = a.graph.node(n.id);
        const int expected = node->kind == "class" ? 0 : node->layer + (centralized ? 1 : 0);
        QCOMPARE(n.band, expected);
        QVERIFY(a.layout.bands[std::size_t(n.band)].contains(n.rect));
        for (std::size_t j = i + 1; j < a.layout.nodes.size(); ++j) {
            const auto &m = a.layout.nodes[j];
            const bool apart = n.rect.x + n.rect.w <= m.rect.x || m.rect.x + m.rect.w <= n.rect.x ||
                               n.rect.y + n.rect.h <= m.rect.y || m.rect.y + m.rect.h <= n.rect.y;
            QVERIFY2(apart, (n.id + " overlaps " + m.id).c_str());
        }
    }
    // application above infrastructure
    QVERIFY(a.layout.bands.back().y < a.layout.bands.front().y);
}

void tst_DependencyGraphUi::editsUndoRedoAndPersist()
{
    const QString path = m_dir.filePath(QStringLiteral("edits.sqlite"));
    const Dependency added{"griffain", "phala", "privacy", "Griffain's agents run in Phala TEEs (test note)",
                           DependencyOrigin::User};
    const Dependency recorded{"eliza", "akash", "compute", "", DependencyOrigin::Taxonomy};
    const auto find = [](const std::vector<Dependency> &deps, const char *from, const char *to) {
        return std::find_if(deps.begin(), deps.end(),
                            [&](const Dependency &d) { return d.fromId == from && d.toId == to; });
    };
    {
        auto store = test::openStore(path);
        DependencyGraphPane pane(*store);
        pane.activate(); // a pane reads nothing until shown or activated
        QVERIFY(test::settle(*store));
        // The store's taxonomy is re-read after every edit, before the change is announced.
        const auto edges = [&] {
            return store->taxonomy().dependencies.size();
        };
        const std::size_t before = edges();
        QVERIFY(pane.addEdge(added));
        QVERIFY(test::settle(*store));
        QCOMPARE(edges(), before + 1);
        QCOMPARE(pane.undoStack()->count(), 1);
        pane.undoStack()->undo();
        QVERIFY(test::settle(*store));
        QCOMPARE(edges(), before);
        pane.undoStack()->redo();
        QVERIFY(test::settle(*store));
        QCOMPARE(edges(), before + 1);
        // retype a recorded edge, then undo it
        QVERIFY(pane.retypeEdge(recorded, "framework", "deployment template, not raw compute (test)"));
        QVERIFY(test::settle(*store));
        const auto deps = store->taxonomy().dependencies;
        const auto retyped = find(deps, "eliza", "akash");
        QCOMPARE(retyped->kind, std::string("framework"));
        QVERIFY(retyped->origin == DependencyOrigin::User);
        pane.undoStack()->undo();
        QVERIFY(test::settle(*store));
        const auto restored = store->taxonomy().dependencies;
        const auto back = find(restored, "eliza", "akash");
        QCOMPARE(back->kind, std::string("compute"));
        QVERIFY(back->origin == DependencyOrigin::Taxonomy);
        // a duplicate is refused by the cache: nothing is pushed, nothing changes, the pane says so
        const int steps = pane.undoStack()->count();
        QString refusal;
        connect(&pane, &DependencyGraphPane::editRefused, this, [&](const QString &m) { refusal = m; });
        QVERIFY(pane.addEdge(added));
        QVERIFY(test::settle(*store));
        QVERIFY2(refusal.contains(QStringLiteral("Edge not added")), qPrintable(refusal));
        QCOMPARE(pane.undoStack()->count(), steps);
        QCOMPARE(edges(), before + 1);
    }
    {
        // a restart: the user's edge is still there, marked as theirs
        auto store = test::openStore(path);
        const auto deps = store->taxonomy().dependencies;
        const auto mine = find(deps, "griffain", "phala");
        QVERIFY(mine != deps.end());
        QVERIFY(mine->origin == DependencyOrigin::User);
        QCOMPARE(mine->evidence, added.evidence);
        DependencyGraphPane pane(*store);
        pane.activate(); // a pane reads nothing until shown or activated
        QVERIFY(pane.resetToTaxonomy());
        QVERIFY(test::settle(*store));
        const auto reset = store->taxonomy().dependencies;
        QVERIFY(std::none_of(reset.begin(), reset.end(),
                             [](const Dependency &d) { return d.origin == DependencyOrigin::User; }));
        QCOMPARE(reset.size(), embeddedTaxonomy().value().dependencies.size());
        pane.undoStack()->undo(); // and the reset itself can be undone
        QVERIFY(test::settle(*store));
        const auto undone = store->taxonomy().dependencies;
        QVERIFY(std::any_of(undone.begin(), undone.end(), [](const Dependency &d) {
            return d.fromId == "griffain" && d.origin == DependencyOrigin::User;
        }));
    }
}

void tst_DependencyGraphUi::selectionShowsExposureAndPath()
{
    auto cache = openUserCache(m_dir.filePath(QStringLiteral("sel.sqlite")));
    Observation o;
    o.key = {"bittensor", "market_cap_usd", "test", {}};
    o.unit = "USD";
    o.ts = 1;
    o.value = 2e9;
    o.provenance = {"test", "t", 1, 1};
    QVERIFY(cache.value()->write({o}).isOk());
    auto store = test::openStore(m_dir.filePath(QStringLiteral("sel.sqlite")));
    DependencyGraphPane pane(*store);
    pane.activate(); // a pane reads nothing until shown or activated
    QVERIFY(test::settle(*store));
    pane.view()->select(QStringLiteral("compute"));
    QString html = pane.details()->toHtml();
    QVERIFY2(html.contains(QStringLiteral("8 protocols, market cap $2.00B")), qPrintable(html));
    pane.view()->select(QStringLiteral("storage"), true); // agents -> storage vs compute: not connected
    html = pane.details()->toHtml();
    QVERIFY(html.contains(QStringLiteral("not connected")));
    pane.view()->select(QStringLiteral("agents"));
    pane.view()->select(QStringLiteral("compute"), true);
    html = pane.details()->toHtml();
    QVERIFY2(html.contains(QStringLiteral("Shortest dependency path")), qPrintable(html));

    // A protocol is no node of the category graph: the view refuses it, the pane switches level.
    QVERIFY(!pane.view()->select(QStringLiteral("akash")));
    QCOMPARE(pane.view()->state().selected, QStringLiteral("agents"));
    QVERIFY(pane.selectNode(QStringLiteral("akash")));
    QCOMPARE(pane.view()->state().selected, QStringLiteral("akash"));
    QVERIFY(pane.view()->scene().graph.node("akash"));
    html = pane.details()->toHtml();
    QVERIFY2(!html.contains(QStringLiteral("0 protocols")), qPrintable(html));
    QVERIFY(!pane.selectNode(QStringLiteral("no-such-node")));
}

void tst_DependencyGraphUi::svgExportNamesEveryNode()
{
    const Taxonomy t = embeddedTaxonomy().value();
    for (const auto level : {DependencyGraph::Level::Category, DependencyGraph::Level::Protocol}) {
        const GraphScene scene = buildGraphScene(t, level, true);
        const QString path = m_dir.filePath(QStringLiteral("g.svg"));
        QVERIFY(exportGraph(scene, {}, QStringLiteral("svg"), path).isOk());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QStringList texts;
        QXmlStreamReader xml(f.readAll());
        while (!xml.atEnd()) {
            if (xml.readNext() == QXmlStreamReader::Characters && !xml.isWhitespace())
                texts << xml.text().toString().trimmed();
        }
        for (const auto &n : scene.graph.nodes()) {
            const QString name = QString::fromStdString(n.name);
            const bool named = std::any_of(texts.begin(), texts.end(), [&](const QString &x) {
                return x == name ||
                       (x.endsWith(QChar(0x2026)) && x.size() > 4 && name.startsWith(x.chopped(1)));
            });
            QVERIFY2(named, qPrintable(name));
        }
        QVERIFY(
            exportGraph(scene, {}, QStringLiteral("pdf"), m_dir.filePath(QStringLiteral("g.pdf"))).isOk());
        QVERIFY(
            exportGraph(scene, {}, QStringLiteral("png"), m_dir.filePath(QStringLiteral("g.png"))).isOk());
    }
}

QTEST_MAIN(tst_DependencyGraphUi)
#include "tst_dependencygraph_ui.moc"
