// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/status.h"

#include <QByteArray>
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
// screen. The picture is encoded in memory first and the file replaced atomically: on any error
// (a full disk included, named as the OS names it) the old file is untouched.
Status exportPainting(const QString &path, const QString &format, const ExportDocument &doc,
                      const std::function<void(QPainter &, const QRectF &)> &paint);

// Replaces `path` with `bytes` through QSaveFile, counting every byte written before the rename.
Status writeFileAtomically(const QString &path, const QByteArray &bytes);

} // namespace stackatlas
