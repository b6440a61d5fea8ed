// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/status.h"

#include <QRectF>
#include <QSize>
#include <QString>

#include <functional>

class QPainter;

namespace stackatlas {

// What every exported picture carries besides its pixels: the SVG/PDF title and description.
struct ExportDocument
{
    QSize size;
    QString title;
    QString description; // SVG only; empty: none
};

// Paints one picture into a PNG, SVG or PDF file at the document's size, independent of any
// screen. The file is replaced atomically: on any error the old file is untouched.
Status exportPainting(const QString &path, const QString &format, const ExportDocument &doc,
                      const std::function<void(QPainter &, const QRectF &)> &paint);

} // namespace stackatlas
