// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/dependencygraph.h"
#include "models/domain/graphlayout.h"
#include "models/domain/status.h"

#include <QSet>
#include <QString>
#include <QStringList>
#include <QTransform>
#include <QWidget>

class QPainter;

namespace stackatlas {

// A dependency graph ready to draw: the graph at one level, its layered layout and band names.
struct GraphScene
{
    DependencyGraph graph;
    GraphLayout layout;
    QStringList bandNames; // bottom to top
    Taxonomy taxonomy;
};
GraphScene buildGraphScene(const Taxonomy &taxonomy, DependencyGraph::Level level, bool includeCentralized);

// What is highlighted: a selected node lights up what it relies on and what relies on it; a
// second node shows the shortest path between the two.
struct GraphViewState
{
    QString selected;
    QString second;
    QSet<QString> search;
    bool dark = false;
};

// Paints the scene into `target` (scaled to fit), for the widget and for exports alike.
void paintGraph(QPainter &painter, const QRectF &target, const GraphScene &scene,
                const GraphViewState &state);
Status exportGraph(const GraphScene &scene, GraphViewState state, const QString &format, const QString &path);

// The graph as a widget: wheel to zoom, drag to pan, F to fit; click selects, Ctrl+click picks
// the second node of a path. GUI thread.
class DependencyGraphView : public QWidget
{
    Q_OBJECT

public:
    explicit DependencyGraphView(QWidget *parent = nullptr);
    void setScene(GraphScene scene);
    const GraphScene &scene() const { return m_scene; }
    const GraphViewState &state() const { return m_state; }
    // False, and the selection unchanged, when id is not a node of the scene.
    bool select(const QString &id, bool asSecond = false);
    void setSearch(const QString &text);
    void fitToView();
    QString nodeAt(const QPointF &widgetPos) const;
    QRectF nodeRect(const QString &id) const; // in widget coordinates

signals:
    void selectionChanged(const QString &selected, const QString &second);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    GraphScene m_scene;
    GraphViewState m_state;
    double m_zoom = 1.0; // on top of the fit
    QPointF m_pan;
    QPointF m_dragFrom;
    bool m_dragged = false;
    QTransform transform() const;
};

} // namespace stackatlas
