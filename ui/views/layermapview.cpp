// SPDX-License-Identifier: GPL-3.0-or-later
#include "layermapview.h"
#include "paintexport.h"

#include "models/item/layermapmodel.h"
#include "models/item/layermaproles.h"

#include <QCoreApplication>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QPainter>
#include <QToolTip>

namespace stackatlas {

LayerMapView::LayerMapView(QWidget *parent) : QAbstractItemView(parent)
{
    setSelectionMode(SingleSelection);
    setSelectionBehavior(SelectItems);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setMouseTracking(true);
    setMinimumSize(480, 320);
    setAccessibleName(tr("Layer map"));
}

void LayerMapView::setLayerMapModel(LayerMapModel *model)
{
    m_model = model;
    setModel(model);
    connect(model, &QAbstractItemModel::modelReset, this, &LayerMapView::relayout);
    connect(model, &QAbstractItemModel::dataChanged, this, &LayerMapView::relayout);
    relayout();
}

void LayerMapView::setOptions(const LayerMapOptions &options)
{
    const QString selected = m_options.selected;
    m_options = options;
    m_options.selected = selected;
    relayout();
}

void LayerMapView::setHighlighted(const QSet<QString> &ids)
{
    m_options.highlighted = ids;
    viewport()->update();
}

void LayerMapView::zoomTo(const QString &categoryId)
{
    m_options.focusCategory = categoryId;
    relayout();
    emit zoomChanged(categoryId);
}

void LayerMapView::relayout()
{
    if (m_model)
        m_layout = LayerMapPainter(*m_model).layout(QRectF(viewport()->rect()), m_options);
    viewport()->update();
}

void LayerMapView::resizeEvent(QResizeEvent *event)
{
    QAbstractItemView::resizeEvent(event);
    relayout();
}

void LayerMapView::paintEvent(QPaintEvent *)
{
    if (!m_model)
        return;
    QPainter p(viewport());
    LayerMapOptions o = m_options;
    o.dark = palette().color(QPalette::Base).lightness() < 128; // on screen the map follows the palette
    m_layout = LayerMapPainter(*m_model).paint(p, QRectF(viewport()->rect()), o);
    if (hasFocus() && currentIndex().isValid()) {
        const QRect r = visualRect(currentIndex());
        if (!r.isEmpty()) {
            p.setPen(QPen(palette().highlight().color(), 1, Qt::DashLine));
            p.setBrush(Qt::NoBrush);
            p.drawRect(r.adjusted(2, 2, -3, -3));
        }
    }
}

const LayerMapLayout::Tile *LayerMapView::tileAt(const QPointF &point) const
{
    for (const auto &t : m_layout.tiles) {
        if (point.x() >= t.rect.x && point.x() < t.rect.x + t.rect.w && point.y() >= t.rect.y &&
            point.y() < t.rect.y + t.rect.h)
            return &t;
    }
    return nullptr;
}

QModelIndex LayerMapView::indexAt(const QPoint &point) const
{
    if (!m_model)
        return {};
    if (const auto *t = tileAt(point))
        return m_model->indexForId(QString::fromStdString(t->id));
    for (const auto &g : m_layout.groups) {
        if (QRectF(g.rect.x, g.rect.y, g.rect.w, g.rect.h).contains(point))
            return m_model->indexForId(QString::fromStdString(g.id));
    }
    return {};
}

QRect LayerMapView::visualRect(const QModelIndex &index) const
{
    const std::string id = index.data(NodeIdRole).toString().toStdString();
    for (const auto &t : m_layout.tiles) {
        if (t.id == id)
            return QRectF(t.rect.x, t.rect.y, t.rect.w, t.rect.h).toAlignedRect();
    }
    for (const auto &g : m_layout.groups) {
        if (g.id == id)
            return QRectF(g.rect.x, g.rect.y, g.rect.w, g.rect.h).toAlignedRect();
    }
    return {};
}

QModelIndex LayerMapView::moveCursor(CursorAction action, Qt::KeyboardModifiers)
{
    // Arrow keys walk the tiles in layout order (band by band, box by box, largest first).
    if (m_layout.tiles.empty())
        return {};
    const std::string current = currentIndex().data(NodeIdRole).toString().toStdString();
    std::size_t i = 0;
    while (i < m_layout.tiles.size() && m_layout.tiles[i].id != current)
        ++i;
    const bool found = i < m_layout.tiles.size();
    switch (action) {
    case MoveRight:
    case MoveDown:
    case MoveNext:
        i = found ? (i + 1) % m_layout.tiles.size() : 0;
        break;
    case MoveLeft:
    case MoveUp:
    case MovePrevious:
        i = found ? (i + m_layout.tiles.size() - 1) % m_layout.tiles.size() : 0;
        break;
    case MoveHome:
        i = 0;
        break;
    case MoveEnd:
        i = m_layout.tiles.size() - 1;
        break;
    default:
        if (!found)
            i = 0;
    }
    return m_model->indexForId(QString::fromStdString(m_layout.tiles[i].id));
}

void LayerMapView::setSelection(const QRect &rect, QItemSelectionModel::SelectionFlags command)
{
    const QModelIndex idx = indexAt(rect.center());
    if (idx.isValid() && idx.data(NodeKindRole).toString() == QLatin1String("entity"))
        selectionModel()->select(idx, command);
    else if (command & QItemSelectionModel::Clear)
        selectionModel()->clearSelection();
}

QRegion LayerMapView::visualRegionForSelection(const QItemSelection &selection) const
{
    QRegion region;
    for (const QModelIndex &idx : selection.indexes())
        region += visualRect(idx);
    return region;
}

void LayerMapView::currentChanged(const QModelIndex &current, const QModelIndex &previous)
{
    QAbstractItemView::currentChanged(current, previous);
    m_options.selected = current.data(NodeKindRole).toString() == QLatin1String("entity")
                             ? current.data(NodeIdRole).toString()
                             : QString();
    viewport()->update();
}

void LayerMapView::mouseDoubleClickEvent(QMouseEvent *event)
{
    const QModelIndex idx = indexAt(event->position().toPoint());
    if (idx.isValid()) {
        const QModelIndex category =
            idx.data(NodeKindRole).toString() == QLatin1String("entity") ? idx.parent() : idx;
        if (category.data(NodeKindRole).toString() == QLatin1String("category"))
            zoomTo(m_options.focusCategory.isEmpty() ? category.data(NodeIdRole).toString() : QString());
    }
    QAbstractItemView::mouseDoubleClickEvent(event);
}

void LayerMapView::keyPressEvent(QKeyEvent *event)
{
    if ((event->key() == Qt::Key_Escape || event->key() == Qt::Key_Backspace) &&
        !m_options.focusCategory.isEmpty()) {
        zoomTo({});
        return;
    }
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) && currentIndex().isValid()) {
        const QModelIndex category = currentIndex().parent();
        zoomTo(m_options.focusCategory.isEmpty() ? category.data(NodeIdRole).toString() : QString());
        return;
    }
    QAbstractItemView::keyPressEvent(event);
}

bool LayerMapView::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip && m_model) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QModelIndex idx = indexAt(help->pos());
        if (idx.isValid() && idx.data(NodeKindRole).toString() == QLatin1String("entity")) {
            QToolTip::showText(help->globalPos(),
                               QStringLiteral("<b>%1</b><br>%2")
                                   .arg(idx.data().toString().toHtmlEscaped(),
                                        idx.data(ProvenanceRole)
                                            .toString()
                                            .toHtmlEscaped()
                                            .replace(QLatin1Char('\n'), QStringLiteral("<br>"))),
                               viewport(), visualRect(idx));
        } else {
            QToolTip::hideText();
        }
        return true;
    }
    return QAbstractItemView::viewportEvent(event);
}

Status exportLayerMap(const LayerMapModel &model, LayerMapOptions options, const QSize &size,
                      const QString &format, const QString &path)
{
    options.selected.clear();
    options.highlighted.clear();
    const LayerMapPainter painter(model);
    const QString description =
        QStringLiteral("The Web3 AI stack: area %1, colour %2")
            .arg(LayerMapOptions::sizeName(options.size), LayerMapOptions::colourName(options.colour));
    return exportPainting(path, format,
                          {size, QCoreApplication::translate("Export", "StackAtlas layer map"), description},
                          [&](QPainter &p, const QRectF &area) { painter.paint(p, area, options); });
}

} // namespace stackatlas
