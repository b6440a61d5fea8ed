// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/chartdata.h"
#include "models/domain/status.h"

#include <QRectF>
#include <QSize>
#include <QString>

#include <vector>

class QPainter;

namespace stackatlas {

// Paints charts into a rectangle the way every export shows them: each chart with its legend and
// axis titles, and its caption (sources, as-of, what was left out) under it. Several charts are laid
// out in a grid. Light unless `dark`.
void paintCharts(QPainter &painter, const QRectF &area, const std::vector<ChartData> &charts, bool dark,
                 bool logY = false);

// One picture of the charts as PNG, SVG or PDF at `size` pixels, or the data behind them as CSV
// (every point at full resolution). The file is replaced atomically.
Status exportCharts(const std::vector<ChartData> &charts, const QString &format, const QString &path,
                    QSize size, const QString &title, bool dark = false);

} // namespace stackatlas
