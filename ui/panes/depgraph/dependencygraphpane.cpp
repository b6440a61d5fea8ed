// SPDX-License-Identifier: GPL-3.0-or-later
#include "dependencygraphpane.h"

#include "datasources/taxonomy/taxonomyloader.h"
#include "models/item/chartloaders.h"
#include "models/item/valueformat.h"
#include "models/store/datastore.h"
#include "ui/mirroredcommand.h"
#include "ui/views/dependencygraphview.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTextBrowser>
#include <QUndoCommand>
#include <QUndoStack>
#include <QVBoxLayout>

#include <memory>
#include <utility>

namespace stackatlas {
namespace {

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

class ResetCommand : public QUndoCommand
{
public:
    ResetCommand(DependencyGraphPane *pane, DataStore &store, Taxonomy original,
                 std::vector<Dependency> current)
        : QUndoCommand(QObject::tr("Reset to the taxonomy")), m_pane(pane), m_store(store),
          m_original(std::move(original)), m_current(std::move(current))
    {}
    void redo() override { m_store.resetDependencies(m_pane, m_original, refused()); }
    void undo() override { m_store.restoreDependencies(m_pane, m_current, refused()); }

private:
    DataStore::Done refused() const
    {
        return [pane = m_pane](const Status &s) {
            if (!s.isOk())
                emit pane->editRefused(q(s.message()));
        };
    }
    DependencyGraphPane *m_pane;
    DataStore &m_store;
    Taxonomy m_original;
    std::vector<Dependency> m_current;
};

} // namespace

DependencyGraphPane::DependencyGraphPane(DataStore &store, QWidget *parent)
    : Pane(parent), m_store(store), m_view(new DependencyGraphView), m_level(new QComboBox),
      m_centralized(new QCheckBox(tr("Centralized providers"))), m_search(new QLineEdit),
      m_details(new QTextBrowser), m_undo(new QUndoStack(this))
{
    m_level->addItem(tr("Categories"), int(DependencyGraph::Level::Category));
    m_level->addItem(tr("Protocols"), int(DependencyGraph::Level::Protocol));
    m_level->setAccessibleName(tr("Graph level"));
    m_level->setObjectName(QStringLiteral("level"));
    m_centralized->setObjectName(QStringLiteral("centralizedProviders"));
    m_centralized->setChecked(true);
    m_centralized->setToolTip(tr("Show how much of the stack leans on centralized clouds and AI APIs"));
    m_search->setPlaceholderText(tr("Find…"));
    m_search->setAccessibleName(tr("Find a node"));
    m_details->setAccessibleName(tr("Details"));
    m_search->setClearButtonEnabled(true);
    auto *fit = new QPushButton(tr("Fit"));
    auto *add = new QPushButton(tr("Add edge…"));
    auto *remove = new QPushButton(tr("Remove edge…"));
    auto *retype = new QPushButton(tr("Retype edge…"));
    auto *reset = new QPushButton(tr("Reset to taxonomy"));
    auto *exportButton = new QPushButton(tr("Export…"));
    addUndoShortcuts(this, m_undo);

    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Level:")));
    controls->addWidget(m_level);
    controls->addWidget(m_centralized);
    controls->addWidget(m_search, 1);
    controls->addWidget(fit);
    controls->addWidget(exportButton);
    auto *edits = new QHBoxLayout;
    for (auto *b : {add, remove, retype, reset})
        edits->addWidget(b);
    edits->addStretch(1);

    m_details->setOpenLinks(false);
    m_details->setHtml(
        tr("<p>Click a node: what it relies on lights up in blue, what relies on it in orange, and the "
           "market cap exposed if it fails is summed here. Ctrl+click a second node for the shortest "
           "dependency path. Wheel to zoom, drag to pan, F to fit.</p>"));
    auto *splitter = new QSplitter;
    splitter->addWidget(m_view);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({900, 300});
    m_layoutWarning = new QLabel;
    m_layoutWarning->setWordWrap(true);
    m_layoutWarning->hide();
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addLayout(edits);
    layout->addWidget(m_layoutWarning);
    layout->addWidget(splitter, 1);

    connect(m_level, &QComboBox::currentIndexChanged, this, &DependencyGraphPane::reload);
    connect(m_centralized, &QCheckBox::toggled, this, &DependencyGraphPane::reload);
    connect(m_search, &QLineEdit::textChanged, m_view, &DependencyGraphView::setSearch);
    if (m_store.isReadOnly()) {
        // A snapshot: the edges are what was saved.
        for (QPushButton *b : {add, remove, retype, reset}) {
            b->setEnabled(false);
            b->setToolTip(tr("A snapshot is read-only"));
        }
    }
    connect(fit, &QPushButton::clicked, m_view, &DependencyGraphView::fitToView);
    connect(m_view, &DependencyGraphView::selectionChanged, this, &DependencyGraphPane::showSelection);
    connect(m_details, &QTextBrowser::anchorClicked, this,
            [this](const QUrl &url) { m_view->select(url.path()); });
    connect(add, &QPushButton::clicked, this, [this] { editDialog(QStringLiteral("add")); });
    connect(remove, &QPushButton::clicked, this, [this] { editDialog(QStringLiteral("remove")); });
    connect(retype, &QPushButton::clicked, this, [this] { editDialog(QStringLiteral("retype")); });
    connect(reset, &QPushButton::clicked, this, &DependencyGraphPane::resetToTaxonomy);
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export the dependency graph"), QStringLiteral("dependencies.png"),
            tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
        if (path.isEmpty())
            return;
        const Status s =
            exportGraph(m_view->scene(), m_view->state(), QFileInfo(path).suffix().toLower(), path);
        if (!s.isOk())
            QMessageBox::warning(this, tr("Export failed"), q(s.message()));
    });
    connect(this, &DependencyGraphPane::editRefused, this, [this](const QString &message) {
        if (isVisible()) // a pane nobody sees (a test, an export) has no one to ask
            QMessageBox::warning(this, tr("Edit refused"), message);
    });
    connect(&m_store, &DataStore::changed, this, &DependencyGraphPane::onStoreChanged);
}

void DependencyGraphPane::load()
{
    reload();
    readFigures();
}

void DependencyGraphPane::onStoreChanged(const StoreChange &change)
{
    if (!isActive())
        return;
    if (change.touches(DataChange::Taxonomy | DataChange::Dependencies))
        reload();
    if (change.touches(DataChange::Points | DataChange::Taxonomy | DataChange::AsOf))
        readFigures();
}

void DependencyGraphPane::readFigures()
{
    // The figures at the as-of date, and in compare mode at date A too (the same rules at each).
    struct Figures
    {
        std::vector<LatestValue> b, a;
    };
    m_store.read<Figures>(
        this, "figures",
        [asOf = m_store.asOf()](const Cache &cache) -> Result<Figures> {
            auto b = latestValues(cache, {"market_cap_usd", "fdv_usd"}, asOf);
            if (!b.isOk())
                return b.status();
            Figures out{std::move(b).value(), {}};
            if (asOf.compareFrom) {
                auto a = latestValues(cache, {"market_cap_usd"}, asOf.atCompareFrom());
                if (!a.isOk())
                    return a.status();
                out.a = std::move(a).value();
            }
            return out;
        },
        [this, asOf = m_store.asOf()](Result<Figures> latest) {
            m_caps.clear();
            m_fdvs.clear();
            m_capsAtA.clear();
            m_compareFrom = asOf.compareFrom;
            if (latest.isOk()) {
                for (const auto &v : latest.value().b)
                    (v.metric == "market_cap_usd" ? m_caps : m_fdvs)[v.entityId] = v.value;
                for (const auto &v : latest.value().a)
                    m_capsAtA[v.entityId] = v.value;
            }
            showSelection();
        });
}

// Compare mode: the market cap exposed at A and at B, and the change over the protocols known at both.
QString DependencyGraphPane::exposureAtBothDates(const Exposure &atB) const
{
    const Exposure atA =
        exposureOf(m_view->scene().graph, m_taxonomy, m_view->state().selected.toStdString(), m_capsAtA, {});
    double a = 0, b = 0;
    int both = 0;
    const std::size_t total = atB.entities.size();
    for (const std::string &id : atB.entities) {
        const auto ia = m_capsAtA.find(id), ib = m_caps.find(id);
        if (ia == m_capsAtA.end() || ib == m_caps.end())
            continue;
        a += ia->second;
        b += ib->second;
        ++both;
    }
    const bool noneAtA = total > 0 && atA.unknownMarketCap.size() == total;
    QString html =
        tr("<p><b>Market cap exposed</b>: %1 at A (%2 of %3 protocols known), %4 at B (%5 of %3 known)")
            .arg(noneAtA ? tr("unknown") : formatUsdCompact(atA.marketCap))
            .arg(total - atA.unknownMarketCap.size())
            .arg(total)
            .arg(formatUsdCompact(atB.marketCap))
            .arg(total - atB.unknownMarketCap.size());
    if (both > 0 && a > 0)
        html += tr("; over the %1 known at both dates %2 \u2192 %3 (%4%5%)")
                    .arg(both)
                    .arg(formatUsdCompact(a), formatUsdCompact(b), b >= a ? QStringLiteral("+") : QString())
                    .arg((b / a - 1) * 100, 0, 'f', 1);
    else
        html += tr("; no protocol downstream is known at both dates");
    return html + QStringLiteral(".</p>");
}

void DependencyGraphPane::reload()
{
    if (!isActive())
        return; // the layout is computed when the pane is first shown
    m_taxonomy = m_store.taxonomy();
    m_view->setScene(buildGraphScene(m_taxonomy, DependencyGraph::Level(m_level->currentData().toInt()),
                                     m_centralized->isChecked()));
    const std::string &warning = m_view->scene().layout.warning;
    m_layoutWarning->setText(q(warning));
    m_layoutWarning->setVisible(!warning.empty());
    m_view->setSearch(m_search->text());
    showSelection();
}

bool DependencyGraphPane::selectNode(const QString &id)
{
    activate();
    if (m_view->select(id))
        return true;
    // A protocol is not a node of the category graph; a provider only shows with the centralized
    // providers. Selecting it anyway would report an empty, zero exposure that is not true.
    m_level->setCurrentIndex(m_level->findData(int(DependencyGraph::Level::Protocol)));
    if (m_view->select(id))
        return true;
    m_centralized->setChecked(true);
    return m_view->select(id);
}

void DependencyGraphPane::showSelection()
{
    const GraphScene &scene = m_view->scene();
    const std::string sel = m_view->state().selected.toStdString(),
                      second = m_view->state().second.toStdString();
    auto name = [&](const std::string &id) {
        const auto *n = scene.graph.node(id);
        const Entity *e = m_taxonomy.entity(id);
        return q(n ? n->name : e ? e->name : id).toHtmlEscaped();
    };
    auto links = [&](const std::vector<std::string> &ids) {
        QStringList out;
        for (const auto &id : ids)
            out << QStringLiteral("<a href=\"node:%1\">%2</a>").arg(q(id), name(id));
        return out.isEmpty() ? tr("none") : out.join(QStringLiteral(", "));
    };
    if (sel.empty())
        return;
    QString html = QStringLiteral("<h3>%1</h3>").arg(name(sel));
    if (!second.empty()) {
        const auto path = scene.graph.shortestPath(sel, second);
        html += path ? tr("<p><b>Shortest dependency path</b> (%1 steps):<br>%2</p>")
                           .arg(path->size() - 1)
                           .arg(links(*path))
                     : tr("<p>%1 and %2 are not connected by dependencies.</p>").arg(name(sel), name(second));
        m_details->setHtml(html);
        return;
    }
    const Exposure e = exposureOf(scene.graph, m_taxonomy, sel, m_caps, m_fdvs);
    html += tr("<p><b>Relies on</b> (upstream): %1</p>").arg(links(scene.graph.upstream(sel)));
    html += tr("<p><b>Relied on by</b> (downstream): %1</p>").arg(links(scene.graph.downstream(sel)));
    // A sum over no known figure is unknown, not $0.
    const auto sum = [&](double v, const std::vector<std::string> &unknown) {
        if (!e.entities.empty() && unknown.size() == e.entities.size())
            return tr("unknown");
        return unknown.empty() ? formatUsdCompact(v)
                               : tr("%1 (the %2 of %3 known)")
                                     .arg(formatUsdCompact(v))
                                     .arg(e.entities.size() - unknown.size())
                                     .arg(e.entities.size());
    };
    html += tr("<p><b>Exposed if it fails</b>: %1 protocols, market cap %2, FDV %3.</p>")
                .arg(e.entities.size())
                .arg(sum(e.marketCap, e.unknownMarketCap), sum(e.fdv, e.unknownFdv));
    if (!e.unknownMarketCap.empty())
        html += tr("<p>Market cap unknown (not counted) for: %1</p>").arg(links(e.unknownMarketCap));
    if (m_compareFrom)
        html += exposureAtBothDates(e);
    QStringList evidence;
    for (const auto &edge : scene.graph.edges()) {
        if (edge.from == sel || edge.to == sel)
            evidence << QStringLiteral("%1 → %2 (%3%4): %5")
                            .arg(name(edge.from), name(edge.to), q(edge.kind),
                                 edge.origin == DependencyOrigin::User ? tr(", yours") : QString(),
                                 q(edge.evidence).toHtmlEscaped());
    }
    evidence.removeDuplicates();
    html += tr("<p><b>Evidence</b>:<br>%1</p>").arg(evidence.join(QStringLiteral("<br>")));
    m_details->setHtml(html);
}

bool DependencyGraphPane::pushEdit(std::optional<Dependency> remove, std::optional<Dependency> add,
                                   const QString &text, const QString &failureTitle)
{
    // Made first, pushed once made: a refused edit leaves nothing to undo.
    m_store.replaceDependency(this, remove, add, [this, remove, add, text, failureTitle](const Status &s) {
        if (!s.isOk()) {
            emit editRefused(failureTitle + QStringLiteral(": ") + q(s.message()));
            return;
        }
        const auto apply = [this](const std::optional<Dependency> &r, const std::optional<Dependency> &a) {
            m_store.replaceDependency(this, r, a, [this](const Status &s) {
                if (!s.isOk())
                    emit editRefused(q(s.message()));
            });
        };
        m_undo->push(new MirroredEditCommand<Dependency>(apply, remove, add, text));
    });
    return true;
}

// Undo restores exactly what is stored (evidence and origin), whatever the caller's copy holds.
const Dependency *DependencyGraphPane::storedEdge(const Dependency &requested) const
{
    const auto it = std::find_if(
        m_taxonomy.dependencies.begin(), m_taxonomy.dependencies.end(), [&](const Dependency &d) {
            return d.fromId == requested.fromId && d.toId == requested.toId && d.kind == requested.kind;
        });
    return it == m_taxonomy.dependencies.end() ? nullptr : &*it;
}

bool DependencyGraphPane::addEdge(const Dependency &edge)
{
    activate(); // an edit is checked against the edges the pane shows
    Dependency d = edge;
    d.origin = DependencyOrigin::User;
    return pushEdit(std::nullopt, d, tr("Add %1 → %2").arg(q(d.fromId), q(d.toId)), tr("Edge not added"));
}

bool DependencyGraphPane::removeEdge(const Dependency &requested)
{
    activate(); // an edit is checked against the edges the pane shows
    const Dependency *stored = storedEdge(requested);
    if (!stored)
        return false;
    const Dependency edge = *stored; // the pane's taxonomy is reloaded by the edit
    return pushEdit(edge, std::nullopt, tr("Remove %1 → %2").arg(q(edge.fromId), q(edge.toId)),
                    tr("Edge not removed"));
}

bool DependencyGraphPane::retypeEdge(const Dependency &requested, const std::string &newKind,
                                     const std::string &evidence)
{
    activate(); // an edit is checked against the edges the pane shows
    const Dependency *stored = storedEdge(requested);
    if (!stored)
        return false;
    const Dependency edge = *stored;
    Dependency after = edge;
    after.kind = newKind;
    after.evidence = evidence;
    after.origin = DependencyOrigin::User;
    return pushEdit(edge, after, tr("Retype %1 → %2").arg(q(edge.fromId), q(edge.toId)),
                    tr("Edge not retyped"));
}

bool DependencyGraphPane::resetToTaxonomy()
{
    activate(); // an edit is checked against the edges the pane shows
    auto original = embeddedTaxonomy();
    if (!original.isOk())
        return false;
    m_undo->push(new ResetCommand(this, m_store, original.value(), m_taxonomy.dependencies));
    return true;
}

void DependencyGraphPane::editDialog(const QString &mode)
{
    QDialog dialog(this);
    dialog.setWindowTitle(mode == QLatin1String("add")      ? tr("Add an edge")
                          : mode == QLatin1String("remove") ? tr("Remove an edge")
                                                            : tr("Retype an edge"));
    auto *form = new QFormLayout(&dialog);
    auto *from = new QComboBox, *to = new QComboBox, *kind = new QComboBox, *newKind = new QComboBox;
    auto *evidence = new QLineEdit;
    std::vector<std::string> nodes;
    for (const auto &c : m_taxonomy.categories)
        nodes.push_back(c.id);
    for (const auto &e : m_taxonomy.entities)
        if (e.kind != EntityKind::Benchmark) // a yardstick, not a node of the graph
            nodes.push_back(e.id);
    for (const auto &pc : m_taxonomy.providerClasses)
        nodes.push_back(pc.id);
    for (const auto &id : nodes) {
        from->addItem(q(id), q(id));
        to->addItem(q(id), q(id));
    }
    for (const auto &k : dependencyKinds()) {
        kind->addItem(q(k), q(k));
        newKind->addItem(q(k), q(k));
    }
    if (!m_view->state().selected.isEmpty())
        from->setCurrentIndex(from->findData(m_view->state().selected));
    if (!m_view->state().second.isEmpty())
        to->setCurrentIndex(to->findData(m_view->state().second));
    form->addRow(tr("From (relies on):"), from);
    form->addRow(tr("To:"), to);
    form->addRow(tr("Kind:"), kind);
    if (mode == QLatin1String("retype"))
        form->addRow(tr("New kind:"), newKind);
    if (mode != QLatin1String("remove")) {
        evidence->setPlaceholderText(tr("Why: a source, a link, a note"));
        form->addRow(tr("Evidence:"), evidence);
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted)
        return;
    Dependency d{from->currentData().toString().toStdString(), to->currentData().toString().toStdString(),
                 kind->currentData().toString().toStdString(), evidence->text().trimmed().toStdString(),
                 DependencyOrigin::User};
    if (mode == QLatin1String("add")) {
        addEdge(d);
    } else {
        // find the stored edge (its origin and evidence) to remove or retype
        const auto it = std::find_if(m_taxonomy.dependencies.begin(), m_taxonomy.dependencies.end(),
                                     [&](const Dependency &x) {
                                         return x.fromId == d.fromId && x.toId == d.toId && x.kind == d.kind;
                                     });
        if (it == m_taxonomy.dependencies.end()) {
            QMessageBox::information(
                this, tr("No such edge"),
                tr("There is no %1 edge from %2 to %3.").arg(q(d.kind), q(d.fromId), q(d.toId)));
            return;
        }
        if (mode == QLatin1String("remove"))
            removeEdge(*it);
        else
            retypeEdge(*it, newKind->currentData().toString().toStdString(),
                       d.evidence.empty() ? it->evidence : d.evidence);
    }
}

} // namespace stackatlas
