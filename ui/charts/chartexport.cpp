// SPDX-License-Identifier: GPL-3.0-or-later
#include "chartexport.h"

#include "chartbuilder.h"
#include "ui/views/paintexport.h"

#include <QChart>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QPainter>

#include <cmath>

namespace stackatlas {

namespace {

// Captions name at most this share of a cell; the rest goes to the chart.
constexpr double maxCaptionShare = 0.3;

// Charts over time painted together share one time range, so the eye lines up the same dates
// (the panes keep theirs in step the same way): the span of all their data and as-of cursors.
std::optional<std::pair<double, double>> sharedTimeRange(const std::vector<ChartData> &charts)
{
    std::optional<std::pair<double, double>> out;
    int timeCharts = 0;
    for (const ChartData &c : charts) {
        if (c.xKind != AxisKind::Time)
            continue;
        auto extent = c.xExtent();
        if (c.cursor) {
            const double at = double(*c.cursor);
            extent = extent ? std::make_pair(std::min(extent->first, at), std::max(extent->second, at))
                            : std::make_pair(at, at);
        }
        if (!extent)
            continue;
        ++timeCharts;
        out = out ? std::make_pair(std::min(out->first, extent->first), std::max(out->second, extent->second))
                  : *extent;
    }
    if (timeCharts < 2 || !out || !(out->second > out->first))
        return std::nullopt;
    return out;
}

void paintOne(QPainter &p, const QRectF &cell, const ChartData &data, bool dark, bool logY,
              std::optional<std::pair<double, double>> timeRange)
{
    QFont captionFont = p.font();
    captionFont.setPointSizeF(8);
    const QFontMetricsF fm(captionFont);
    // The date and coverage first: a pasted picture must still say what it is of.
    const QString caption = QString::fromStdString(chartDateLine(data) + " " + data.caption);
    QRectF captionBox = fm.boundingRect(QRectF(0, 0, cell.width() - 16, cell.height() * maxCaptionShare),
                                        Qt::TextWordWrap, caption);
    const double captionHeight = std::min(captionBox.height() + 8, cell.height() * maxCaptionShare);
    const QRectF chartRect(cell.topLeft(), QSizeF(cell.width(), cell.height() - captionHeight));

    QGraphicsScene scene;
    BuiltChart *built = BuiltChart::build(data, ChartLook{dark, logY || data.preferLogY});
    QChart *chart = built->chart();
    scene.addItem(chart);
    chart->setGeometry(QRectF(QPointF(), chartRect.size()));
    if (chart->layout())
        chart->layout()->activate();
    if (timeRange && data.xKind == AxisKind::Time && !data.isEmpty())
        built->setXRange(timeRange->first, timeRange->second, false);
    built->resample(); // now that the plot area has its final width
    scene.render(&p, chartRect, QRectF(QPointF(), chartRect.size()));

    p.save();
    p.setFont(captionFont);
    p.setPen(dark ? QColor(0xbd, 0xc1, 0xc6) : QColor(0x3c, 0x40, 0x43));
    p.drawText(QRectF(cell.left() + 8, chartRect.bottom() + 2, cell.width() - 16, captionHeight - 2),
               Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, caption);
    p.restore();
}

} // namespace

void paintCharts(QPainter &p, const QRectF &area, const std::vector<ChartData> &charts, bool dark, bool logY)
{
    p.fillRect(area, dark ? QColor(0x20, 0x22, 0x25) : Qt::white);
    if (charts.empty())
        return;
    const int n = int(charts.size());
    const int columns = n <= 2 ? 1 : n <= 4 ? 2 : 3;
    const int rows = (n + columns - 1) / columns;
    const double h = area.height() / rows;
    const auto timeRange = sharedTimeRange(charts);
    for (int i = 0; i < n; ++i) {
        // A last row with fewer charts spreads them over the full width.
        const int row = i / columns;
        const int inRow = row == rows - 1 ? n - row * columns : columns;
        const double cw = area.width() / inRow;
        const QRectF cell(area.left() + (i % columns) * cw, area.top() + row * h, cw, h);
        paintOne(p, cell.adjusted(4, 4, -4, -4), charts[std::size_t(i)], dark, logY, timeRange);
    }
}

Status exportCharts(const std::vector<ChartData> &charts, const QString &format, const QString &path,
                    QSize size, const QString &title, bool dark)
{
    if (format == QLatin1String("csv")) {
        const std::string csv = chartsToCsv(charts);
        return writeFileAtomically(path, QByteArray(csv.data(), qsizetype(csv.size())));
    }
    QString description;
    for (const ChartData &c : charts)
        description += QString::fromStdString(c.title + ": " + c.caption) + QLatin1Char('\n');
    return exportPainting(path, format, ExportDocument{size, title, description.trimmed()},
                          [&](QPainter &p, const QRectF &area) { paintCharts(p, area, charts, dark); });
}

} // namespace stackatlas
