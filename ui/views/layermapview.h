// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "layermappainter.h"

#include "models/domain/status.h"

#include <QAbstractItemView>

namespace stackatlas {

class LayerMapModel;

// The layer map as an item view over LayerMapModel: tiles are entity indexes, so the view shares
// selection models and keyboard navigation with the rest of Qt's model/view. Double-click a
// category to zoom into it, Escape to zoom out. GUI thread.
class LayerMapView : public QAbstractItemView
{
    Q_OBJECT

public:
    explicit LayerMapView(QWidget *parent = nullptr);

    void setLayerMapModel(LayerMapModel *model);
    LayerMapModel *layerMapModel() const { return m_model; }
    const LayerMapOptions &options() const { return m_options; }
    void setOptions(const LayerMapOptions &options);
    void setHighlighted(const QSet<QString> &ids);
    void zoomTo(const QString &categoryId); // empty: the whole stack

    QRect visualRect(const QModelIndex &index) const override;
    void scrollTo(const QModelIndex &, ScrollHint = EnsureVisible) override {}
    QModelIndex indexAt(const QPoint &point) const override;

signals:
    void zoomChanged(const QString &categoryId);

protected:
    QModelIndex moveCursor(CursorAction cursorAction, Qt::KeyboardModifiers modifiers) override;
    int horizontalOffset() const override { return 0; }
    int verticalOffset() const override { return 0; }
    bool isIndexHidden(const QModelIndex &) const override { return false; }
    void setSelection(const QRect &rect, QItemSelectionModel::SelectionFlags command) override;
    QRegion visualRegionForSelection(const QItemSelection &selection) const override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void currentChanged(const QModelIndex &current, const QModelIndex &previous) override;

private:
    void relayout();
    const LayerMapLayout::Tile *tileAt(const QPointF &point) const;

    LayerMapModel *m_model = nullptr;
    LayerMapOptions m_options;
    LayerMapLayout m_layout;
};

// Renders the map headless at a given pixel size, light unless asked, to PNG, SVG or PDF.
Status exportLayerMap(const LayerMapModel &model, LayerMapOptions options, const QSize &size,
                      const QString &format, const QString &path);

} // namespace stackatlas
