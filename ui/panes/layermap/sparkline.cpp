// SPDX-License-Identifier: GPL-3.0-or-later
#include "sparkline.h"

#include "models/item/valueformat.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace stackatlas {

Sparkline::Sparkline(QWidget *parent) : QWidget(parent)
{
    setMinimumHeight(48);
    setAccessibleName(tr("Price, last 30 days"));
}

void Sparkline::setPoints(std::vector<std::pair<qint64, double>> points)
{
    m_points = std::move(points);
    update();
}

void Sparkline::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF r = QRectF(rect()).adjusted(2, 14, -2, -4);
    p.setPen(palette().color(QPalette::PlaceholderText));
    if (m_points.size() < 2) {
        p.drawText(rect(), Qt::AlignCenter, tr("no price history in the last 30 days"));
        return;
    }
    const auto [lo, hi] = std::minmax_element(
        m_points.begin(), m_points.end(), [](const auto &a, const auto &b) { return a.second < b.second; });
    const double t0 = double(m_points.front().first), t1 = double(m_points.back().first);
    const double v0 = lo->second, v1 = hi->second > lo->second ? hi->second : lo->second + 1;
    QPainterPath path;
    for (std::size_t i = 0; i < m_points.size(); ++i) {
        const QPointF pt(r.left() + (double(m_points[i].first) - t0) / std::max(1.0, t1 - t0) * r.width(),
                         r.bottom() - (m_points[i].second - v0) / (v1 - v0) * r.height());
        i == 0 ? path.moveTo(pt) : path.lineTo(pt);
    }
    p.setPen(QPen(palette().color(QPalette::Highlight), 1.5));
    p.drawPath(path);
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(
        QRectF(0, 0, width(), 14), Qt::AlignLeft,
        tr("%1  %2").arg(formatUtcDate(m_points.front().first), formatUsdPrice(m_points.front().second)));
    p.drawText(
        QRectF(0, 0, width(), 14), Qt::AlignRight,
        tr("%1  %2").arg(formatUtcDate(m_points.back().first), formatUsdPrice(m_points.back().second)));
}

} // namespace stackatlas
