// SPDX-License-Identifier: GPL-3.0-or-later
// Keeping a QChart in step with its ChartData: series visibility, the visible x range, resampling
// to the plot width and the hover text. Creating the QtCharts objects is chartcreation.cpp.
#include "chartbuilder.h"

#include "chartoverlay.h"
#include "chartstyle.h"

#include "models/domain/downsample.h"
#include "models/domain/serialize.h"
#include "models/item/valueformat.h"

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QFontMetricsF>
#include <QHorizontalBarSeries>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPieSeries>
#include <QPieSlice>
#include <QScatterSeries>
#include <QTimeZone>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace stackatlas {

namespace {

QString fromStd(const std::string &s)
{
    return QString::fromStdString(s);
}

} // namespace

BuiltChart::BuiltChart(const ChartData &data, const ChartLook &look, QChart *chart)
    : QObject(chart), m_data(&data), m_look(look), m_chart(chart)
{}

void BuiltChart::refreshOverlay()
{
    if (m_overlay)
        m_overlay->update();
}

BuiltChart *BuiltChart::build(const ChartData &data, const ChartLook &look)
{
    auto *chart = new QChart;
    auto *built = new BuiltChart(data, look, chart);
    built->create();
    return built;
}

bool BuiltChart::isSeriesVisible(std::size_t seriesIndex) const
{
    return seriesIndex < m_hidden.size() && !m_hidden[seriesIndex];
}

void BuiltChart::toggleSeries(std::size_t si)
{
    if (si >= m_hidden.size())
        return;
    const bool hide = !m_hidden[si];
    std::vector<std::size_t> affected{si};
    // A class median carries its band with it.
    const ChartSeries &s = m_data->series[si];
    if (s.role == SeriesRole::Median)
        for (std::size_t k = 0; k < m_data->series.size(); ++k)
            if (m_data->series[k].role == SeriesRole::Band && m_data->series[k].group == s.group)
                affected.push_back(k);
    for (std::size_t k : affected) {
        m_hidden[k] = hide;
        for (Binding &b : m_bindings) {
            if (b.index != k)
                continue;
            QAbstractSeries *series = b.area ? static_cast<QAbstractSeries *>(b.area) : b.xy;
            series->setVisible(!hide);
            for (QLegendMarker *marker : m_chart->legend()->markers(series)) {
                if (m_data->series[k].role == SeriesRole::Band ||
                    (m_data->series.size() > 12 && m_data->series[k].role == SeriesRole::Line &&
                     m_data->series[k].group != "aggregate"))
                    marker->setVisible(false);
                else {
                    // The legend keeps the entry, greyed, so it can be clicked back on.
                    marker->setVisible(true);
                    QColor c = marker->labelBrush().color();
                    c.setAlphaF(hide ? 0.35 : 1.0);
                    marker->setLabelBrush(c);
                }
            }
        }
    }
    refreshOverlay();
}

std::optional<std::pair<double, double>> BuiltChart::dataXRange() const
{
    double lo = std::numeric_limits<double>::max(), hi = std::numeric_limits<double>::lowest();
    for (const Binding &b : m_bindings)
        if (!b.xs.empty()) {
            lo = std::min(lo, b.xs.front());
            hi = std::max(hi, b.xs.back());
            if (m_data->xKind == AxisKind::Value) {
                const auto [mn, mx] = std::minmax_element(b.xs.begin(), b.xs.end());
                lo = std::min(lo, *mn);
                hi = std::max(hi, *mx);
            }
        }
    if (lo > hi)
        return std::nullopt;
    // The as-of cursor is part of the extent, so a date after (or before) the data still shows.
    if (m_data->cursor && m_data->xKind == AxisKind::Time) {
        lo = std::min(lo, toAxis(double(*m_data->cursor)));
        hi = std::max(hi, toAxis(double(*m_data->cursor)));
    }
    if (lo == hi) {
        lo -= m_data->xKind == AxisKind::Time ? 86400e3 : 0.5;
        hi += m_data->xKind == AxisKind::Time ? 86400e3 : 0.5;
    }
    if (m_data->xKind == AxisKind::Value) {
        const double pad = (hi - lo) * 0.08;
        lo = std::max(0.0, lo - pad);
        hi += pad;
    }
    return std::make_pair(fromAxis(lo), fromAxis(hi));
}

std::pair<double, double> BuiltChart::xRange() const
{
    const auto axes = m_chart->axes(Qt::Horizontal);
    if (axes.isEmpty())
        return {0, 0};
    if (auto *t = qobject_cast<QDateTimeAxis *>(axes.first()))
        return {fromAxis(double(t->min().toMSecsSinceEpoch())),
                fromAxis(double(t->max().toMSecsSinceEpoch()))};
    if (auto *v = qobject_cast<QValueAxis *>(axes.first()))
        return {v->min(), v->max()};
    return {0, 0};
}

void BuiltChart::setXRange(double from, double to, bool resampleNow)
{
    const auto axes = m_chart->axes(Qt::Horizontal);
    if (axes.isEmpty() || !(to > from))
        return;
    if (auto *t = qobject_cast<QDateTimeAxis *>(axes.first())) {
        t->setFormat(to - from > 400 * 86400.0 ? monthAxisFormat() : dayAxisFormat());
        t->setRange(QDateTime::fromMSecsSinceEpoch(qint64(toAxis(from))),
                    QDateTime::fromMSecsSinceEpoch(qint64(toAxis(to))));
    } else if (auto *v = qobject_cast<QValueAxis *>(axes.first())) {
        v->setRange(from, to);
    }
    if (resampleNow)
        resample();
}

std::size_t BuiltChart::resample()
{
    // Before the first layout the plot has no width: resampling then would be wasted (a million
    // points scanned for 200 columns); the plot area's first change brings the real pass.
    if (m_bindings.empty() || m_chart->plotArea().width() <= 1)
        return 0;
    const auto [from, to] = xRange();
    const double lo = toAxis(from), hi = toAxis(to);
    const std::size_t width = std::size_t(std::max(200.0, m_chart->plotArea().width()));
    if (const auto axes = m_chart->axes(Qt::Horizontal); !axes.isEmpty())
        if (auto *t = qobject_cast<QDateTimeAxis *>(axes.first()))
            t->setTickCount(std::clamp(int(m_chart->plotArea().width() / 105), 3, 8));
    double yMin = std::numeric_limits<double>::max(), yMax = std::numeric_limits<double>::lowest();
    std::size_t total = 0;
    const auto slice = [&](const std::vector<double> &xs, const std::vector<double> &ys,
                           const BlockExtremes &blocks) {
        QList<QPointF> out;
        if (xs.empty())
            return out;
        const bool sorted = m_data->xKind == AxisKind::Time;
        std::size_t a = 0, b = xs.size();
        if (sorted) {
            a = std::size_t(std::lower_bound(xs.begin(), xs.end(), lo) - xs.begin());
            b = std::size_t(std::upper_bound(xs.begin(), xs.end(), hi) - xs.begin());
            a = a > 0 ? a - 1 : a; // one point beyond each edge keeps lines running to the frame
            b = b < xs.size() ? b + 1 : b;
        }
        const std::size_t n = b - a;
        if (sorted && n > 2 * width) {
            // A min and a max per two pixel columns: the envelope at screen resolution, with
            // every extreme kept, in about as many points as the plot has columns.
            const std::span<const double> sx(xs.data() + a, n), sy(ys.data() + a, n);
            const auto keep = blocks.lo.empty() ? plotIndices(sx, sy, width / 2)
                                                : plotIndices(sx, sy, width / 2, blocks, a);
            out.reserve(qsizetype(keep.size()));
            for (std::size_t k : keep)
                out.append(QPointF(sx[k], sy[k]));
        } else {
            out.reserve(qsizetype(n));
            for (std::size_t k = a; k < b; ++k)
                out.append(QPointF(xs[k], ys[k]));
        }
        for (const QPointF &p : out)
            if (p.x() >= lo && p.x() <= hi) {
                yMin = std::min(yMin, p.y());
                yMax = std::max(yMax, p.y());
            }
        total += std::size_t(out.size());
        return out;
    };
    for (Binding &b : m_bindings) {
        if (m_hidden[b.index]) {
            b.xy->clear();
            if (b.lower)
                b.lower->clear();
            continue;
        }
        b.xy->replace(slice(b.xs, b.ys, b.yBlocks));
        if (b.lower)
            b.lower->replace(slice(b.xs, b.lows, b.lowBlocks));
    }
    if (m_data->referenceY) {
        yMin = std::min(yMin, *m_data->referenceY);
        yMax = std::max(yMax, *m_data->referenceY);
    }
    const auto yAxes = m_chart->axes(Qt::Vertical);
    if (!yAxes.isEmpty() && yMin <= yMax) {
        if (auto *log = qobject_cast<QLogValueAxis *>(yAxes.first())) {
            log->setRange(std::pow(10.0, std::floor(std::log10(std::max(yMin, 1e-9)))),
                          std::pow(10.0, std::ceil(std::log10(std::max(yMax, 1e-9)))));
        } else if (auto *v = qobject_cast<QValueAxis *>(yAxes.first())) {
            const bool fromZero = std::any_of(m_bindings.begin(), m_bindings.end(), [](const Binding &b) {
                return b.area && !b.lows.empty() && b.lows.front() == 0;
            });
            const double pad =
                (yMax - yMin) * 0.06 + (yMax == yMin ? std::max(1e-9, std::fabs(yMax) * 0.1) : 0);
            v->setRange(fromZero || (yMin >= 0 && yMin - pad < 0) ? 0 : yMin - pad, yMax + pad);
            v->applyNiceNumbers();
        }
    }
    refreshOverlay();
    return total;
}

QString BuiltChart::describe(QAbstractSeries *series, const QPointF &value) const
{
    const auto it = m_bindingOf.find(series);
    if (it == m_bindingOf.end())
        return {};
    const Binding &b = m_bindings[it->second];
    if (b.xs.empty())
        return {};
    std::size_t best = 0;
    if (m_data->xKind == AxisKind::Time) {
        const auto pos = std::lower_bound(b.xs.begin(), b.xs.end(), value.x());
        best = std::size_t(std::min<std::ptrdiff_t>(pos - b.xs.begin(), std::ptrdiff_t(b.xs.size()) - 1));
        if (best > 0 && std::fabs(b.xs[best - 1] - value.x()) < std::fabs(b.xs[best] - value.x()))
            --best;
    } else {
        double bestD = std::numeric_limits<double>::max();
        for (std::size_t k = 0; k < b.xs.size(); ++k) {
            const double d = std::hypot(b.xs[k] - value.x(), b.ys[k] - value.y());
            if (d < bestD)
                bestD = d, best = k;
        }
    }
    // b.xs skips non-positive values on a log axis; find the same point in the data by x.
    const ChartSeries &s = m_data->series[b.index];
    std::size_t pi = best;
    if (b.xs.size() != s.points.size()) {
        for (std::size_t k = 0; k < s.points.size(); ++k)
            if (toAxis(s.points[k].x) == b.xs[best]) {
                pi = k;
                break;
            }
    }
    return describeIndex(b.index, pi);
}

QString BuiltChart::describeIndex(std::size_t si, std::size_t pi) const
{
    const ChartData &d = *m_data;
    const ChartSeries &s = d.series[si];
    if (pi >= s.points.size())
        return {};
    const ChartPoint &p = s.points[pi];
    QString where;
    if (d.xKind == AxisKind::Time)
        where = fromStd(formatIsoDate(UnixSeconds(p.x)));
    else if (d.xKind == AxisKind::Category && p.x >= 0 && p.x < double(d.categories.size()))
        where = fromStd(d.categories[std::size_t(p.x)]);
    else if (d.xKind == AxisKind::Value)
        where = fromStd(d.xTitle) + QStringLiteral(" ") + displayNumberLocale().toString(p.x, 'g', 3);
    QString value = s.role == SeriesRole::Band
                        ? formatValue(p.y, d.unit) + QStringLiteral(" – ") + formatValue(p.high, d.unit)
                        : formatValue(p.y, d.unit);
    QString text = QStringLiteral("<b>%1</b>").arg(fromStd(s.name).toHtmlEscaped());
    if (!p.label.empty() && s.role != SeriesRole::Line)
        text += QStringLiteral(" · ") + fromStd(p.label).toHtmlEscaped();
    text += QStringLiteral("<br>%1: %2").arg(where.toHtmlEscaped(), value.toHtmlEscaped());
    if (p.count >= 0) {
        const QString n = p.countOther >= 0 ? QStringLiteral("%1 / %2").arg(p.count).arg(p.countOther)
                                            : QString::number(p.count);
        text += QStringLiteral("<br>n = %1 %2").arg(n, fromStd(d.countTitle).toHtmlEscaped());
    }
    if (!p.source.empty())
        text += QStringLiteral("<br>source: %1").arg(fromStd(p.source).toHtmlEscaped());
    if (p.asOf)
        text += QStringLiteral(", as of %1").arg(fromStd(formatIsoUtc(p.asOf)));
    return text;
}

} // namespace stackatlas
