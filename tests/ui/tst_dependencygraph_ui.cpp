// SPDX-License-Identifier: GPL-3.0-or-later
// The dependency graph pane: the layered layout, edits with undo and redo that persist in the
// cache, and exports.
#include "datasources/cache/cachelocation.h"
#include "datasources/taxonomy/taxonomyloader.h"
#include "models/domain/graphlayout.h"
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
    {
        auto cache = openUserCache(path);
        QVERIFY(cache.isOk());
        DependencyGraphPane pane(*cache.value());
        const std::size_t before = cache.value()->taxonomy().value().dependencies.size();
        QVERIFY(pane.addEdge(added));
        QCOMPARE(cache.value()->taxonomy().value().dependencies.size(), before + 1);
        pane.undoStack()->undo();
        QCOMPARE(cache.value()->taxonomy().value().dependencies.size(), before);
        pane.undoStack()->redo();
        QCOMPARE(cache.value()->taxonomy().value().dependencies.size(), before + 1);
        // retype a recorded edge, then remove it
        QVERIFY(pane.retypeEdge(recorded, "framework", "deployment template, not raw compute (test)"));
        const auto deps = cache.value()->taxonomy().value().dependencies;
        const auto retyped = std::find_if(deps.begin(), deps.end(), [](const Dependency &d) {
            return d.fromId == "eliza" && d.toId == "akash";
        });
        QCOMPARE(retyped->kind, std::string("framework"));
        QVERIFY(retyped->origin == DependencyOrigin::User);
        pane.undoStack()->undo();
        const auto restored = cache.value()->taxonomy().value().dependencies;
        const auto back = std::find_if(restored.begin(), restored.end(), [](const Dependency &d) {
            return d.fromId == "eliza" && d.toId == "akash";
        });
        QCOMPARE(back->kind, std::string("compute"));
        QVERIFY(back->origin == DependencyOrigin::Taxonomy);
        // a duplicate is refused by the cache, and nothing changes
        QVERIFY(!cache.value()->replaceDependency(std::nullopt, added).isOk());
    }
    {
        // a restart: the user's edge is still there, marked as theirs
        auto cache = openUserCache(path);
        const auto deps = cache.value()->taxonomy().value().dependencies;
        const auto mine = std::find_if(deps.begin(), deps.end(), [&](const Dependency &d) {
            return d.fromId == "griffain" && d.toId == "phala";
        });
        QVERIFY(mine != deps.end());
        QVERIFY(mine->origin == DependencyOrigin::User);
        QCOMPARE(mine->evidence, added.evidence);
        DependencyGraphPane pane(*cache.value());
        QVERIFY(pane.resetToTaxonomy());
        const auto reset = cache.value()->taxonomy().value().dependencies;
        QVERIFY(std::none_of(reset.begin(), reset.end(),
                             [](const Dependency &d) { return d.origin == DependencyOrigin::User; }));
        QCOMPARE(reset.size(), embeddedTaxonomy().value().dependencies.size());
        pane.undoStack()->undo(); // and the reset itself can be undone
        const auto undone = cache.value()->taxonomy().value().dependencies;
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
    DependencyGraphPane pane(*cache.value());
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
