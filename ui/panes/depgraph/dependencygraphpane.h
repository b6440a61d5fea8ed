// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/pane.h"

#include "models/domain/dependencygraph.h"
#include "models/domain/taxonomy.h"
#include "models/domain/timeutil.h"

#include <map>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTextBrowser;
class QUndoStack;

namespace stackatlas {

class DataStore;
struct StoreChange;
class DependencyGraphView;

// Who depends on whom, and what is exposed: the graph at the category or protocol level, the
// selection's closures and exposure, the path between two nodes, and edits to the edges (undoable,
// kept in the cache as the user's). The edges come from the data store's taxonomy; edits go
// through the store, and the pane redraws when the store says the dependencies changed, whoever
// changed them.
class DependencyGraphPane : public Pane
{
    Q_OBJECT

public:
    DependencyGraphPane(DataStore &store, QWidget *parent = nullptr);

    QString paneId() const override { return QStringLiteral("dependency-graph"); }
    QString title() const override { return tr("Dependencies"); }
    DependencyGraphView *view() const { return m_view; }
    QUndoStack *undoStack() const { return m_undo; }
    QTextBrowser *details() const { return m_details; }

    // Selects a category, protocol or provider, switching to the level (and showing the
    // centralized providers) where it is drawn; false when no level draws it.
    bool selectNode(const QString &id);
    // Rebuilds the graph from the store's taxonomy (after an edit or a level change); the selection
    // stays where its node still exists. Nothing until the pane is active.
    void reload();
    // Edits, each pushed on the undo stack once the store has made it; false when the edge to change
    // is not there. A refusal from the store is shown when it comes (and emitted as editRefused).
    bool addEdge(const Dependency &edge);
    bool removeEdge(const Dependency &edge);
    bool retypeEdge(const Dependency &edge, const std::string &newKind, const std::string &evidence);
    bool resetToTaxonomy();

signals:
    void editRefused(const QString &message);

protected:
    void load() override;

private:
    void onStoreChanged(const StoreChange &change);
    void readFigures();
    void showSelection();
    void editDialog(const QString &mode);
    const Dependency *storedEdge(const Dependency &requested) const;
    bool pushEdit(std::optional<Dependency> remove, std::optional<Dependency> add, const QString &text,
                  const QString &failureTitle);

    DataStore &m_store;
    Taxonomy m_taxonomy;
    std::map<std::string, double> m_caps, m_fdvs; // newest market cap and FDV, for exposure
    std::map<std::string, double> m_capsAtA;      // compare mode: the market caps at date A
    std::optional<UnixSeconds> m_compareFrom;
    QString exposureAtBothDates(const Exposure &atB) const;
    DependencyGraphView *m_view;
    QComboBox *m_level;
    QCheckBox *m_centralized;
    QLineEdit *m_search;
    QTextBrowser *m_details;
    QLabel *m_layoutWarning; // why the layout is a plain one, when it is
    QUndoStack *m_undo;
};

} // namespace stackatlas
