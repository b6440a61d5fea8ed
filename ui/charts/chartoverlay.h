// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chartbuilder.h"

#include <QGraphicsObject>

#include <functional>
#include <vector>

class QAbstractSeries;
class QChart;

namespace stackatlas {

// Paints what QtCharts has no series for: event annotations (a dashed line and a label at the
// top), the reference line, scatter point labels and, for an empty chart, why it is empty.
class ChartOverlay : public QGraphicsObject
{
public:
    // A child item of `chart`; `toAxis` maps a time (seconds) or value to the x axis' units.
    ChartOverlay(QChart *chart, const ChartData &data, const ChartLook &look,
                 std::function<double(double)> toAxis);
    QAbstractSeries *anchor = nullptr; // any series attached to both axes

    QRectF boundingRect() const override;

    void paint(QPainter *p, const QStyleOptionGraphicsItem *, QWidget *) override;

    const std::vector<bool> *hidden = nullptr;

private:
    void paintCategories(QPainter *p, const QRectF &plot, const QColor &text) const;
    void paintAnnotations(QPainter *p, const QRectF &plot, const QColor &faint) const;
    void paintCursor(QPainter *p, const QRectF &plot) const;
    QChart *m_chart;
    const ChartData &m_data;
    ChartLook m_look;
    std::function<double(double)> m_toAxis;
};

} // namespace stackatlas
