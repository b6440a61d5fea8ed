// SPDX-License-Identifier: GPL-3.0-or-later
#include "chartoverlay.h"

#include "chartstyle.h"

#include <QChart>
#include <QCoreApplication>
#include <QPainter>

#include <algorithm>

namespace stackatlas {

namespace {
QString fromStd(const std::string &s)
{
    return QString::fromStdString(s);
}
} // namespace

ChartOverlay::ChartOverlay(QChart *chart, const ChartData &data, const ChartLook &look,
                           std::function<double(double)> toAxis)
    : QGraphicsObject(chart), m_chart(chart), m_data(data), m_look(look), m_toAxis(std::move(toAxis))
{
    setZValue(20);
    setAcceptedMouseButtons(Qt::NoButton);
}

QRectF ChartOverlay::boundingRect() const
{
    return m_chart->rect();
}

void ChartOverlay::paint(QPainter *p, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QRectF plot = m_chart->plotArea();
    const QColor text = m_look.dark ? QColor(0xe8, 0xea, 0xed) : QColor(0x20, 0x22, 0x25);
    const QColor faint = m_look.dark ? QColor(0x9a, 0xa0, 0xa6) : QColor(0x5f, 0x63, 0x68);
    p->save();
    if (!m_data.emptyReason.empty() && m_data.isEmpty()) {
        QFont f = p->font();
        f.setPointSizeF(f.pointSizeF() * 1.1);
        p->setFont(f);
        p->setPen(faint);
        p->drawText(plot.adjusted(20, 0, -20, 0), Qt::AlignCenter | Qt::TextWordWrap,
                    fromStd(m_data.emptyReason));
        p->restore();
        return;
    }
    if (m_data.xKind == AxisKind::Category && !m_data.categories.empty())
        paintCategories(p, plot, text);
    if (!anchor) {
        p->restore();
        return;
    }
    p->setClipRect(plot.adjusted(-1, -1, 1, 1));
    if (m_data.referenceY) {
        const QPointF a = m_chart->mapToPosition(QPointF(0, *m_data.referenceY), anchor);
        if (a.y() >= plot.top() && a.y() <= plot.bottom()) {
            p->setPen(QPen(text, 1.2, Qt::DashLine));
            p->drawLine(QPointF(plot.left(), a.y()), QPointF(plot.right(), a.y()));
            p->drawText(
                QPointF(plot.left() + 6, a.y() - 4),
                QStringLiteral("%1 (%2)").arg(fromStd(m_data.referenceLabel)).arg(*m_data.referenceY));
        }
    }
    paintAnnotations(p, plot, faint);
    paintCursor(p, plot);
    // Scatter labels.
    p->setPen(text);
    for (std::size_t si = 0; si < m_data.series.size(); ++si) {
        const ChartSeries &s = m_data.series[si];
        if (s.role != SeriesRole::Scatter || (hidden && si < hidden->size() && (*hidden)[si]))
            continue;
        // Sample sizes are written only where they can be read: a few markers, not a hundred.
        const bool counted = !s.points.empty() && s.points.front().count >= 0;
        if (counted && s.points.size() > 20)
            continue;
        for (const ChartPoint &pt : s.points) {
            const QPointF pos = m_chart->mapToPosition(QPointF(pt.x, pt.y), anchor);
            // An aggregate's point is labelled with its sample size; others with their name.
            const QString label = pt.count < 0 ? fromStd(pt.label)
                                  : pt.countOther < 0
                                      ? QStringLiteral("n=%1").arg(pt.count)
                                      : QStringLiteral("n=%1/%2").arg(pt.count).arg(pt.countOther);
            if (plot.contains(pos))
                p->drawText(pos + QPointF(7, -5), label);
        }
    }
    p->restore();
}

// Bar categories, right-aligned left of the plot (horizontal bars list the first at the top).
void ChartOverlay::paintCategories(QPainter *p, const QRectF &plot, const QColor &text) const
{
    const double row = plot.height() / double(m_data.categories.size());
    QFont f = p->font();
    f.setPointSizeF(8);
    if (QFontMetricsF(f).height() > row)
        f.setPixelSize(std::max(6, int(row * 0.9)));
    p->save();
    p->setFont(f);
    p->setPen(text);
    for (std::size_t i = 0; i < m_data.categories.size(); ++i) {
        const QRectF box(m_chart->rect().left(), plot.top() + row * double(i), plot.left() - 6, row);
        p->drawText(box, Qt::AlignRight | Qt::AlignVCenter, fromStd(m_data.categories[i]));
    }
    p->restore();
}

// The as-of cursor: a solid line in the selection blue, its date at the foot of the plot (the
// annotations' labels take the top).
void ChartOverlay::paintCursor(QPainter *p, const QRectF &plot) const
{
    if (!m_data.cursor)
        return;
    double x = m_chart->mapToPosition(QPointF(m_toAxis(double(*m_data.cursor)), 1), anchor).x();
    if (x < plot.left() - 1 || x > plot.right() + 1) // at an edge, rounding may put it a hair outside
        return;
    x = std::clamp(x, plot.left(), plot.right() - 1);
    const QColor c = m_look.dark ? QColor(0x8a, 0xb4, 0xf8) : QColor(0x1a, 0x73, 0xe8);
    p->save();
    p->setPen(QPen(c, 1.5));
    p->drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
    QFont f = p->font();
    f.setBold(true);
    f.setPointSizeF(std::max(6.5, f.pointSizeF() * 0.8));
    p->setFont(f);
    const QFontMetricsF fm(f);
    const QString label =
        QCoreApplication::translate("Chart", "as of %1").arg(fromStd(formatIsoDate(*m_data.cursor)));
    const double w = fm.horizontalAdvance(label) + 8;
    // Right of the line, or left of it near the plot's right edge.
    const double left = x + w + 2 <= plot.right() ? x + 2 : x - w - 2;
    const QRectF box(left, plot.bottom() - fm.height() - 4, w, fm.height() + 2);
    QColor bg = m_look.dark ? QColor(0x20, 0x22, 0x25) : QColor(0xff, 0xff, 0xff);
    bg.setAlpha(225);
    p->fillRect(box, bg);
    p->setPen(c);
    p->drawText(box, Qt::AlignCenter, label);
    p->restore();
}

// Annotations: dashed lines, labels stacked in rows at the top so they do not overlap.
void ChartOverlay::paintAnnotations(QPainter *p, const QRectF &plot, const QColor &faint) const
{
    QFont small = p->font();
    small.setPointSizeF(std::max(6.5, small.pointSizeF() * 0.8));
    p->setFont(small);
    const QFontMetricsF fm(small);
    // Rows fill left to right, which only keeps labels apart if they come in date order.
    std::vector<const ChartAnnotation *> byStart;
    for (const ChartAnnotation &a : m_data.annotations)
        byStart.push_back(&a);
    std::stable_sort(byStart.begin(), byStart.end(),
                     [](const ChartAnnotation *l, const ChartAnnotation *r) { return l->start < r->start; });
    std::vector<double> rowEnds;
    for (const ChartAnnotation *annotation : byStart) {
        const ChartAnnotation &a = *annotation;
        // y = 1 maps on a log axis too (0 does not, with a warning); only x is used.
        const double x0 = m_chart->mapToPosition(QPointF(m_toAxis(double(a.start)), 1), anchor).x();
        if (x0 < plot.left() || x0 > plot.right())
            continue;
        const QColor c = a.userDefined ? QColor(0xc2, 0x18, 0x5b) : faint;
        if (a.end) {
            const double x1 = m_chart->mapToPosition(QPointF(m_toAxis(double(a.end)), 1), anchor).x();
            QColor fill = c;
            fill.setAlpha(30);
            p->fillRect(QRectF(QPointF(x0, plot.top()), QPointF(std::max(x1, x0 + 2), plot.bottom())), fill);
        }
        p->setPen(QPen(c, 1, Qt::DashLine));
        p->drawLine(QPointF(x0, plot.top()), QPointF(x0, plot.bottom()));
        QString label = fromStd(a.title);
        label = fm.elidedText(label, Qt::ElideRight, std::min(190.0, plot.width() / 4));
        const double w = fm.horizontalAdvance(label) + 6;
        std::size_t row = 0;
        while (row < rowEnds.size() && rowEnds[row] > x0)
            ++row;
        if (row >= 6)
            continue; // the line stays; the label would cover the data
        if (row == rowEnds.size())
            rowEnds.push_back(0);
        rowEnds[row] = x0 + w;
        const QRectF box(x0 + 2, plot.top() + 2 + row * (fm.height() + 2), w, fm.height());
        QColor bg = m_look.dark ? QColor(0x20, 0x22, 0x25) : QColor(0xff, 0xff, 0xff);
        bg.setAlpha(215);
        p->fillRect(box, bg);
        p->setPen(c);
        p->drawText(box.adjusted(3, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, label);
    }
}

} // namespace stackatlas
