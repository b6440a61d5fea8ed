// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFont>
#include <QRectF>
#include <QString>

#include <vector>

class QColor;
class QPainter;

namespace stackatlas {

// Where a tile's name goes. At market-cap sizing a protocol can be a sliver beside a giant in
// its box (Akash and io.net beside Render), and an elided "A…" names nothing; so a name is
// written across the tile, wrapped, up its side, or, when none of those fits, the tile carries a
// number and the name is written in a key strip under the map. Every protocol stays findable in
// the widget and in every export.
enum class LabelFit
{
    Across,  // one line across the top of the tile
    Wrapped, // broken at spaces over two or more lines
    Up,      // rotated, reading bottom to top along the tile's left edge
    Key      // a numbered badge on the tile, the name in the key strip
};

// The first fit, in the order above, in which the whole name is legible inside `tile`.
LabelFit fitName(const QRectF &tile, const QString &name, const QFont &bold);

// One entry of the key strip: the badge number, the protocol's name and its size figure.
struct KeyEntry
{
    int number = 0;
    QString name;
    QString figure;
};

// The height the key strip needs for `entries` laid out in rows across `width` (0 without entries).
double keyStripHeight(const std::vector<KeyEntry> &entries, double width, const QFont &small);

// The strip: a caption, then "1 Akash $12.3M  2 io.net …", wrapping onto further rows.
void paintKeyStrip(QPainter &p, const QRectF &strip, const std::vector<KeyEntry> &entries, const QFont &small,
                   const QColor &text, const QColor &badge);

// A numbered disc at the centre of a tile too small for its name, legible over its neighbours.
void paintKeyBadge(QPainter &p, const QRectF &tile, int number, const QFont &small, const QColor &badge);

// The name (and, when there is room, the figure) of a tile placed as `fit` (not Key).
void paintTileName(QPainter &p, const QRectF &tile, LabelFit fit, const QString &name, const QString &figure,
                   const QFont &bold, const QFont &small);

} // namespace stackatlas
