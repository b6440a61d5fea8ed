// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "layermaplabels.h"
#include "models/domain/treemap.h"

#include <QColor>
#include <QRectF>
#include <QSet>
#include <QString>

#include <map>

class QColor;
class QFont;
class QPainter;

namespace stackatlas {

class LayerMapModel;

struct LayerMapOptions
{
    enum class Size
    {
        MarketCap,
        Fdv,
        Volume24h,
        Fees30d,
        Equal
    };
    enum class Colour
    {
        Change24h,
        Change7d,
        Change30d,
        FdvOverMc,
        Layer
    };

    Size size = Size::MarketCap;
    Colour colour = Colour::Layer;
    bool showProviders = false;
    QString focusCategory;     // zoomed into one category box; empty: the whole stack
    QSet<QString> highlighted; // search matches
    QString selected;
    bool dark = false;

    static QString sizeName(Size s); // "Market cap (USD)"
    static QString colourName(Colour c);
    static std::optional<Size> sizeFromKey(const QString &key);     // "market-cap", "fdv", ...
    static std::optional<Colour> colourFromKey(const QString &key); // "change-7d", "fdv-mc", "layer"
};

// Paints the layer map of a LayerMapModel into any QPainter: the widget, a PNG, an SVG or a PDF
// page, so exports show exactly what the pane shows. Stateless apart from the model it reads.
class LayerMapPainter
{
public:
    explicit LayerMapPainter(const LayerMapModel &model) : m_model(model) {}

    LayerMapLayout layout(const QRectF &area, const LayerMapOptions &options) const;
    // Paints the map (and its legend at the bottom of `area`); returns the layout used.
    LayerMapLayout paint(QPainter &painter, const QRectF &area, const LayerMapOptions &options) const;

    // The colour of a tile for a value of the colour measure (unknown: nullopt).
    static QColor colourFor(LayerMapOptions::Colour measure, std::optional<double> value, int layerIndex,
                            bool dark);
    // Compare mode: a change in percent on a diverging scale centred on 0 (unknown: neutral).
    static QColor changeColour(std::optional<double> percent, bool dark);
    static constexpr double kLegendHeight = 30;
    static constexpr double kHeaderHeight = 22;
    // "As of 2026-06-30: market cap known for 4 of 21 protocols" (or the two compare dates).
    QString headerText(const LayerMapOptions &options) const;

private:
    // The layout with every tile's label placed: tiles too small for their name are numbered
    // and keyed in a strip under the map, which the map gives up its height for.
    struct Plan
    {
        LayerMapLayout layout;
        std::map<std::string, LabelFit> fits;
        std::map<std::string, int> numbers; // tile id -> its number in the key strip
        std::vector<KeyEntry> key;
        QRectF strip;
    };
    Plan plan(const QRectF &area, const LayerMapOptions &options, const QFont &base) const;
    static QRectF tileRect(const LayerMapLayout::Tile &t);
    static std::pair<QFont, QFont> mapFonts(const QFont &base); // bold names, small figures
    LayerMapLayout layoutIn(const QRectF &mapArea, const LayerMapOptions &options) const;
    // The size figure under a tile's name: "$1.23B", "no data", or a stale value with its date.
    // In compare mode preceded by the change from A to B ("-8.2%  $3.38B").
    QString figureText(const LayerMapLayout::Tile &t, const LayerMapOptions &o) const;
    QString sizeText(const LayerMapLayout::Tile &t, const LayerMapOptions &o) const;
    // A category's or layer's name, in compare mode with its change and how many protocols it is over.
    QString groupCaption(const std::string &id, const QString &name, const LayerMapOptions &o) const;
    bool isStale(const std::string &id, LayerMapOptions::Size size) const;
    void paintTile(QPainter &p, const LayerMapLayout::Tile &t, const LayerMapOptions &o, const Plan &plan,
                   int colourRole, const QFont &bold, const QFont &small) const;
    void paintLegend(QPainter &p, const QRectF &area, const LayerMapOptions &o, const QFont &small,
                     const QColor &faint, bool anyStale) const;
    void paintHeader(QPainter &p, const QRectF &area, const LayerMapOptions &o, const QFont &bold,
                     const QColor &ink) const;
    const LayerMapModel &m_model;
};

} // namespace stackatlas
