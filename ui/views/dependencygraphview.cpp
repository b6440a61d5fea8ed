// SPDX-License-Identifier: GPL-3.0-or-later
#include "dependencygraphview.h"
#include "paintexport.h"

#include <QCoreApplication>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QWheelEvent>

#include <cmath>
#include <set>

namespace stackatlas {
namespace {

QColor kindColour(const std::string &kind, bool dark)
{
    static const std::map<std::string, QColor> colours{
        {"compute", QColor(0x1a, 0x73, 0xe8)},  {"storage", QColor(0x12, 0x8c, 0x7e)},
        {"data", QColor(0x9c, 0x27, 0xb0)},     {"privacy", QColor(0x5f, 0x63, 0x68)},
        {"model", QColor(0xe3, 0x74, 0x00)},    {"settlement", QColor(0x6d, 0x4c, 0x41)},
        {"framework", QColor(0xc2, 0x18, 0x5b)}};
    const auto it = colours.find(kind);
    const QColor c = it == colours.end() ? QColor(Qt::gray) : it->second;
    return dark ? c.lighter(150) : c;
}

QColor bandColour(int band, bool centralizedBand, bool dark)
{
    static const QColor light[] = {QColor(0x9e, 0xc5, 0xe8), QColor(0xb6, 0xd9, 0xa8),
                                   QColor(0xf2, 0xcf, 0x8c), QColor(0xe8, 0xa9, 0xb4)};
    const QColor c = centralizedBand ? QColor(0xc9, 0xc9, 0xd2) : light[std::clamp(band, 0, 3)];
    return dark ? c.darker(220) : c;
}

} // namespace

GraphScene buildGraphScene(const Taxonomy &taxonomy, DependencyGraph::Level level, bool includeCentralized)
{
    GraphScene s;
    s.taxonomy = taxonomy;
    s.graph = DependencyGraph::build(taxonomy, level, includeCentralized);
    bool anyClass = false;
    for (const auto &n : s.graph.nodes())
        anyClass = anyClass || n.kind == "class";
    const int offset = anyClass ? 1 : 0;
    if (anyClass)
        s.bandNames << QObject::tr("Centralized providers");
    for (const auto &l : taxonomy.layers)
        s.bandNames << QString::fromStdString(l.name);
    std::vector<int> bands;
    for (const auto &n : s.graph.nodes())
        bands.push_back(n.kind == "class" ? 0 : std::max(0, n.layer) + offset);
    s.layout = layoutDependencyGraph(s.graph, bands, int(s.bandNames.size()));
    return s;
}

namespace {

// One dependency edge as a curve with an arrowhead: thick on a path, faded outside the focus.
void paintEdge(QPainter &p, const DependencyGraph::Edge &e, const RectF &a, const RectF &b, bool onPath,
               bool faded, bool dark)
{
    const bool down2 = a.y <= b.y;
    QPointF from(a.x + a.w / 2, down2 ? a.y + a.h : a.y), to(b.x + b.w / 2, down2 ? b.y : b.y + b.h);
    if (std::abs(a.y - b.y) < 1) { // same band: side to side
        from = QPointF(a.x < b.x ? a.x + a.w : a.x, a.y + a.h / 2);
        to = QPointF(a.x < b.x ? b.x : b.x + b.w, b.y + b.h / 2);
    }
    QColor c = kindColour(e.kind, dark);
    if (faded)
        c.setAlphaF(0.12f);
    QPen pen(c, onPath ? 3.0 : e.origin == DependencyOrigin::User ? 2.2 : 1.4);
    pen.setStyle(e.derived ? Qt::DashLine : Qt::SolidLine);
    p.setPen(pen);
    QPainterPath curve(from);
    const double dy = (to.y() - from.y()) / 2;
    curve.cubicTo(from + QPointF(0, dy), to - QPointF(0, dy), to);
    p.setBrush(Qt::NoBrush);
    p.drawPath(curve);
    const QPointF dir = to - curve.pointAtPercent(0.97);
    const double len = std::hypot(dir.x(), dir.y());
    if (len > 0) {
        const QPointF u = dir / len, n(-u.y(), u.x());
        QPolygonF head{to, to - u * 9 + n * 4, to - u * 9 - n * 4};
        p.setPen(Qt::NoPen);
        p.setBrush(c);
        p.drawPolygon(head);
    }
}

// What the edge colours and styles mean, unscaled, at the bottom.
void paintLegend(QPainter &p, const QRectF &target, double legendHeight, const QColor &faint, bool dark)
{
    p.save();
    QFont small = p.font();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.85));
    p.setFont(small);
    double x = target.x() + 8;
    const double y = target.bottom() - legendHeight + 6;
    for (const auto &kind : dependencyKinds()) {
        p.setPen(QPen(kindColour(kind, dark), 2));
        p.drawLine(QPointF(x, y + 8), QPointF(x + 18, y + 8));
        p.setPen(faint);
        const QString label = QString::fromStdString(kind);
        p.drawText(QPointF(x + 22, y + 12), label);
        x += 30 + p.fontMetrics().horizontalAdvance(label);
    }
    const QString styles = QObject::tr("solid: recorded · dashed: via a category · thick: your edit");
    p.drawText(QPointF(x + 10, y + 12), styles);
    p.restore();
}

} // namespace

void paintGraph(QPainter &p, const QRectF &target, const GraphScene &scene, const GraphViewState &state)
{
    const bool dark = state.dark;
    const QColor text = dark ? QColor(0xe8, 0xea, 0xed) : QColor(0x20, 0x22, 0x25);
    const QColor faint = dark ? QColor(0x9a, 0xa0, 0xa6) : QColor(0x5f, 0x63, 0x68);
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(target, dark ? QColor(0x25, 0x28, 0x2d) : QColor(Qt::white));
    const double legendHeight = 28;
    const double w = std::max(1.0, scene.layout.width), h = std::max(1.0, scene.layout.height);
    const double scale = std::min(target.width() / w, (target.height() - legendHeight) / h);
    p.translate(target.x() + (target.width() - w * scale) / 2, target.y());
    p.scale(scale, scale);

    // What lights up: the closures of the selection, or the path between two nodes.
    std::set<std::string> up, down, path;
    const std::string sel = state.selected.toStdString(), second = state.second.toStdString();
    if (!sel.empty() && !second.empty()) {
        if (const auto route = scene.graph.shortestPath(sel, second))
            path.insert(route->begin(), route->end());
    } else if (!sel.empty()) {
        for (const auto &n : scene.graph.upstream(sel))
            up.insert(n);
        for (const auto &n : scene.graph.downstream(sel))
            down.insert(n);
    }
    const bool focus = !sel.empty();
    auto lit = [&](const std::string &id) {
        return !focus || id == sel || id == second || up.count(id) || down.count(id) || path.count(id);
    };

    for (std::size_t b = 0; b < scene.layout.bands.size(); ++b) {
        const RectF &r = scene.layout.bands[b];
        p.fillRect(QRectF(r.x, r.y + 2, r.w, r.h - 4),
                   (dark ? QColor(0x2f, 0x33, 0x39) : QColor(0xf6, 0xf7, 0xf9)));
        p.setPen(faint);
        QFont f = p.font();
        f.setBold(true);
        p.setFont(f);
        p.drawText(QRectF(r.x + 6, r.y + 4, 400, 18), Qt::AlignLeft | Qt::AlignTop,
                   scene.bandNames.value(int(b)));
    }
    std::map<std::string, RectF> rect;
    for (const auto &n : scene.layout.nodes)
        rect[n.id] = n.rect;
    // edges: from the user (above) down to what it relies on, with an arrowhead
    for (const auto &e : scene.graph.edges()) {
        const bool onPath = path.count(e.from) && path.count(e.to);
        const bool highlighted =
            onPath || (focus && path.empty() && (lit(e.from) && lit(e.to)) &&
                       (e.from == sel || e.to == sel || up.count(e.from) || down.count(e.to)));
        paintEdge(p, e, rect[e.from], rect[e.to], onPath, focus && !highlighted, dark);
    }
    // nodes
    for (const auto &n : scene.layout.nodes) {
        const auto *node = scene.graph.node(n.id);
        const QRectF r(n.rect.x, n.rect.y, n.rect.w, n.rect.h);
        QColor fill = bandColour(node->kind == "class" ? 0 : node->layer, node->kind == "class", dark);
        if (!lit(n.id))
            fill.setAlphaF(0.25f);
        p.setBrush(fill);
        const QString id = QString::fromStdString(n.id);
        QPen border(dark ? QColor(0x70, 0x76, 0x7e) : QColor(0x9a, 0xa0, 0xa6), 1);
        if (id == state.selected || id == state.second)
            border = QPen(QColor(0x1a, 0x73, 0xe8), 3);
        else if (up.count(n.id))
            border = QPen(QColor(0x1a, 0x73, 0xe8), 2);
        else if (down.count(n.id))
            border = QPen(QColor(0xe3, 0x74, 0x00), 2);
        else if (state.search.contains(id))
            border = QPen(QColor(0xf9, 0xab, 0x00), 2.5);
        p.setPen(border);
        p.drawRoundedRect(r, 5, 5);
        p.setPen(lit(n.id) ? text : faint);
        QFont f = p.font();
        f.setBold(node->kind != "entity");
        p.setFont(f);
        p.drawText(r.adjusted(4, 0, -4, 0), Qt::AlignCenter,
                   p.fontMetrics().elidedText(QString::fromStdString(node->name), Qt::ElideRight,
                                              int(r.width() - 8)));
    }
    p.restore();
    paintLegend(p, target, legendHeight, faint, dark);
}

Status exportGraph(const GraphScene &scene, GraphViewState state, const QString &format, const QString &path)
{
    const QSize size(int(std::max(800.0, scene.layout.width)), int(scene.layout.height + 28));
    return exportPainting(path, format,
                          {size, QCoreApplication::translate("Export", "StackAtlas dependency graph"), {}},
                          [&](QPainter &p, const QRectF &area) { paintGraph(p, area, scene, state); });
}

DependencyGraphView::DependencyGraphView(QWidget *parent) : QWidget(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(480, 320);
    setAccessibleName(tr("Dependency graph"));
}

void DependencyGraphView::setScene(GraphScene scene)
{
    m_scene = std::move(scene);
    if (!m_scene.graph.node(m_state.selected.toStdString()))
        m_state.selected.clear();
    if (!m_scene.graph.node(m_state.second.toStdString()))
        m_state.second.clear();
    update();
}

QTransform DependencyGraphView::transform() const
{
    // The painter fits the layout into the widget; zoom and pan act on top of that.
    QTransform t;
    t.translate(m_pan.x(), m_pan.y());
    t.translate(width() / 2.0, height() / 2.0);
    t.scale(m_zoom, m_zoom);
    t.translate(-width() / 2.0, -height() / 2.0);
    return t;
}

void DependencyGraphView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    p.setTransform(transform());
    GraphViewState s = m_state;
    s.dark = palette().color(QPalette::Base).lightness() < 128;
    paintGraph(p, QRectF(rect()), m_scene, s);
}

void DependencyGraphView::resizeEvent(QResizeEvent *)
{
    update();
}

QRectF DependencyGraphView::nodeRect(const QString &id) const
{
    const double legend = 28;
    const double w = std::max(1.0, m_scene.layout.width), h = std::max(1.0, m_scene.layout.height);
    const double scale = std::min(width() / w, (height() - legend) / h);
    const double ox = (width() - w * scale) / 2;
    for (const auto &n : m_scene.layout.nodes) {
        if (QString::fromStdString(n.id) == id)
            return transform().mapRect(
                QRectF(ox + n.rect.x * scale, n.rect.y * scale, n.rect.w * scale, n.rect.h * scale));
    }
    return {};
}

QString DependencyGraphView::nodeAt(const QPointF &pos) const
{
    for (const auto &n : m_scene.layout.nodes) {
        const QString id = QString::fromStdString(n.id);
        if (nodeRect(id).contains(pos))
            return id;
    }
    return {};
}

bool DependencyGraphView::select(const QString &id, bool asSecond)
{
    if (!m_scene.graph.node(id.toStdString()))
        return false;
    if (asSecond && !m_state.selected.isEmpty() && id != m_state.selected) {
        m_state.second = id;
    } else {
        m_state.selected = id;
        m_state.second.clear();
    }
    update();
    emit selectionChanged(m_state.selected, m_state.second);
    return true;
}

void DependencyGraphView::setSearch(const QString &text)
{
    m_state.search.clear();
    const QString needle = text.trimmed();
    if (!needle.isEmpty()) {
        for (const auto &n : m_scene.graph.nodes()) {
            if (QString::fromStdString(n.name).contains(needle, Qt::CaseInsensitive) ||
                QString::fromStdString(n.id).contains(needle, Qt::CaseInsensitive))
                m_state.search.insert(QString::fromStdString(n.id));
        }
    }
    update();
}

void DependencyGraphView::fitToView()
{
    m_zoom = 1.0;
    m_pan = {};
    update();
}

void DependencyGraphView::wheelEvent(QWheelEvent *event)
{
    const double factor = std::pow(1.0015, event->angleDelta().y());
    m_zoom = std::clamp(m_zoom * factor, 0.3, 6.0);
    update();
}

void DependencyGraphView::mousePressEvent(QMouseEvent *event)
{
    m_dragFrom = event->position();
    m_dragged = false;
    const QString id = nodeAt(event->position());
    if (event->button() == Qt::LeftButton)
        select(id, event->modifiers() & Qt::ControlModifier);
}

void DependencyGraphView::mouseMoveEvent(QMouseEvent *event)
{
    if (event->buttons() & (Qt::LeftButton | Qt::MiddleButton)) {
        m_pan += event->position() - m_dragFrom;
        m_dragFrom = event->position();
        m_dragged = true;
        update();
    }
}

void DependencyGraphView::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_F) {
        fitToView();
    } else if (event->key() == Qt::Key_Plus || event->key() == Qt::Key_Equal) {
        m_zoom = std::min(6.0, m_zoom * 1.2);
        update();
    } else if (event->key() == Qt::Key_Minus) {
        m_zoom = std::max(0.3, m_zoom / 1.2);
        update();
    } else if (event->key() == Qt::Key_Escape) {
        select({});
    } else {
        QWidget::keyPressEvent(event);
    }
}

} // namespace stackatlas
