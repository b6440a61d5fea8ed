// SPDX-License-Identifier: GPL-3.0-or-later
#include "layermaplabels.h"

#include <QColor>
#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>

namespace stackatlas {
namespace {

// Inside a tile a name keeps 4 px on the left, 3 on the right and 2 at the top.
constexpr double kLeft = 4, kRight = 3, kTop = 2;

// Greedy word wrap; empty when a single word is wider than `width`.
QStringList wrapWords(const QString &text, double width, const QFontMetricsF &fm)
{
    QStringList lines;
    QString line;
    for (const QString &word : text.split(u' ', Qt::SkipEmptyParts)) {
        if (fm.horizontalAdvance(word) > width)
            return {};
        const QString joined = line.isEmpty() ? word : line + u' ' + word;
        if (fm.horizontalAdvance(joined) <= width) {
            line = joined;
        } else {
            lines << line;
            line = word;
        }
    }
    if (!line.isEmpty())
        lines << line;
    return lines;
}

QString keyCaption()
{
    return QCoreApplication::translate("LayerMap", "Too small to name on the map:");
}

double badgeDiameter(const QFont &small)
{
    return QFontMetricsF(small).height() + 2;
}

double entryWidth(const KeyEntry &e, const QFontMetricsF &fm, double badge)
{
    const QString label = e.figure.isEmpty() ? e.name : e.name + u' ' + e.figure;
    return badge + 4 + fm.horizontalAdvance(label) + 16;
}

} // namespace

LabelFit fitName(const QRectF &tile, const QString &name, const QFont &bold)
{
    const QFontMetricsF fm(bold);
    const double across = tile.width() - kLeft - kRight;
    const double lineHeight = fm.height();
    if (tile.height() >= lineHeight + kTop && fm.horizontalAdvance(name) <= across)
        return LabelFit::Across;
    if (const QStringList lines = wrapWords(name, across, fm);
        lines.size() > 1 && tile.height() >= lines.size() * lineHeight + kTop)
        return LabelFit::Wrapped;
    if (tile.width() >= lineHeight + kTop && fm.horizontalAdvance(name) <= tile.height() - kLeft - kRight)
        return LabelFit::Up;
    return LabelFit::Key;
}

void paintTileName(QPainter &p, const QRectF &tile, LabelFit fit, const QString &name, const QString &figure,
                   const QFont &bold, const QFont &small)
{
    const QFontMetricsF fm(bold);
    const QFontMetricsF sm(small);
    switch (fit) {
    case LabelFit::Key:
        return;
    case LabelFit::Across:
    case LabelFit::Wrapped: {
        const QStringList lines =
            fit == LabelFit::Across ? QStringList{name} : wrapWords(name, tile.width() - kLeft - kRight, fm);
        p.setFont(bold);
        double y = tile.y() + kTop;
        for (const QString &line : lines) {
            p.drawText(QRectF(tile.x() + kLeft, y, tile.width() - kLeft - kRight, fm.height()),
                       Qt::AlignLeft | Qt::AlignTop, line);
            y += fm.height();
        }
        if (!figure.isEmpty() && y + sm.height() <= tile.bottom()) {
            p.setFont(small);
            p.drawText(QRectF(tile.x() + kLeft, y, tile.width() - kLeft - kRight, sm.height()),
                       Qt::AlignLeft | Qt::AlignTop,
                       sm.elidedText(figure, Qt::ElideRight, tile.width() - kLeft - kRight));
        }
        return;
    }
    case LabelFit::Up: {
        // Rotated a quarter turn: x runs up the tile from its bottom edge, y into it from the left.
        p.save();
        p.translate(tile.x(), tile.bottom());
        p.rotate(-90);
        const double length = tile.height() - kLeft - kRight;
        p.setFont(bold);
        p.drawText(QRectF(kLeft, kTop, length, fm.height()), Qt::AlignLeft | Qt::AlignTop, name);
        if (!figure.isEmpty() && kTop + fm.height() + sm.height() <= tile.width()) {
            p.setFont(small);
            p.drawText(QRectF(kLeft, kTop + fm.height(), length, sm.height()), Qt::AlignLeft | Qt::AlignTop,
                       sm.elidedText(figure, Qt::ElideRight, length));
        }
        p.restore();
        return;
    }
    }
}

double keyStripHeight(const std::vector<KeyEntry> &entries, double width, const QFont &small)
{
    if (entries.empty())
        return 0;
    const QFontMetricsF fm(small);
    const double badge = badgeDiameter(small);
    double x = fm.horizontalAdvance(keyCaption()) + 10;
    int rows = 1;
    for (const KeyEntry &e : entries) {
        const double w = entryWidth(e, fm, badge);
        if (x + w > width && x > 0) {
            ++rows;
            x = 0;
        }
        x += w;
    }
    return rows * (badge + 4) + 6;
}

void paintKeyStrip(QPainter &p, const QRectF &strip, const std::vector<KeyEntry> &entries, const QFont &small,
                   const QColor &text, const QColor &badge)
{
    if (entries.empty())
        return;
    const QFontMetricsF fm(small);
    const double d = badgeDiameter(small);
    const double rowHeight = d + 4;
    p.save();
    p.setFont(small);
    p.setPen(text);
    double x = strip.x();
    double y = strip.y() + 4;
    const QString caption = keyCaption();
    p.drawText(QRectF(x, y, fm.horizontalAdvance(caption) + 2, d), Qt::AlignLeft | Qt::AlignVCenter, caption);
    x += fm.horizontalAdvance(caption) + 10;
    for (const KeyEntry &e : entries) {
        const double w = entryWidth(e, fm, d);
        if (x + w > strip.right() && x > strip.x()) {
            x = strip.x();
            y += rowHeight;
        }
        paintKeyBadge(p, QRectF(x, y, d, d), e.number, small, badge);
        p.setPen(text);
        p.setFont(small);
        const QString label = e.figure.isEmpty() ? e.name : e.name + u' ' + e.figure;
        p.drawText(QRectF(x + d + 4, y, w - d - 4, d), Qt::AlignLeft | Qt::AlignVCenter, label);
        x += w;
    }
    p.restore();
}

void paintKeyBadge(QPainter &p, const QRectF &tile, int number, const QFont &small, const QColor &badge)
{
    const double d = badgeDiameter(small);
    const QRectF disc(tile.center().x() - d / 2, tile.center().y() - d / 2, d, d);
    p.save();
    p.setPen(QPen(Qt::white, 1.5)); // a halo, so the disc reads over any neighbour
    p.setBrush(badge);
    p.drawEllipse(disc);
    QFont f = small;
    f.setBold(true);
    p.setFont(f);
    p.setPen(Qt::white);
    p.drawText(disc, Qt::AlignCenter, QString::number(number));
    p.restore();
}

} // namespace stackatlas
