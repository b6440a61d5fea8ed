// SPDX-License-Identifier: GPL-3.0-or-later
#include "layermappainter.h"
#include "models/domain/derivedcaps.h"

#include "models/item/layermapmodel.h"
#include "models/item/layermaproles.h"
#include "models/item/valueformat.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace stackatlas {
namespace {

int roleForSize(LayerMapOptions::Size s)
{
    switch (s) {
    case LayerMapOptions::Size::MarketCap:
        return MarketCapRole;
    case LayerMapOptions::Size::Fdv:
        return FdvRole;
    case LayerMapOptions::Size::Volume24h:
        return Volume24hRole;
    case LayerMapOptions::Size::Fees30d:
        return Fees30dRole;
    case LayerMapOptions::Size::Equal:
        return -1;
    }
    return -1;
}

int roleForColour(LayerMapOptions::Colour c)
{
    switch (c) {
    case LayerMapOptions::Colour::Change24h:
        return Change24hRole;
    case LayerMapOptions::Colour::Change7d:
        return Change7dRole;
    case LayerMapOptions::Colour::Change30d:
        return Change30dRole;
    case LayerMapOptions::Colour::FdvOverMc:
        return FdvOverMcRole;
    case LayerMapOptions::Colour::Layer:
        return LayerIndexRole;
    }
    return LayerIndexRole;
}

// Full saturation at this change, per window (a 7-day move of 25 % is as loud as 10 % in a day).
double changeRange(LayerMapOptions::Colour c)
{
    return c == LayerMapOptions::Colour::Change24h  ? 10.0
           : c == LayerMapOptions::Colour::Change7d ? 25.0
                                                    : 50.0;
}

QColor mix(const QColor &a, const QColor &b, double t)
{
    t = std::clamp(t, 0.0, 1.0);
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
                            float(a.greenF() + (b.greenF() - a.greenF()) * t),
                            float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

QColor keyBadgeColour(bool dark)
{
    return dark ? QColor(0x8a, 0xb4, 0xf8) : QColor(0x3c, 0x40, 0x43);
}

QString formatSize(LayerMapOptions::Size s, double v)
{
    return s == LayerMapOptions::Size::Equal ? QString() : formatUsdCompact(v);
}

// Compare mode: the measure a change is taken of, the tile's sizing measure where it is a stored
// figure (fees over 30 days and equal sizes compare market caps).
std::string comparedMetric(LayerMapOptions::Size s)
{
    switch (s) {
    case LayerMapOptions::Size::Fdv:
        return "fdv_usd";
    case LayerMapOptions::Size::Volume24h:
        return "volume_24h_usd";
    default:
        return "market_cap_usd";
    }
}

QString comparedMetricName(LayerMapOptions::Size s)
{
    return s == LayerMapOptions::Size::Fdv         ? QObject::tr("FDV")
           : s == LayerMapOptions::Size::Volume24h ? QObject::tr("24h volume")
                                                   : QObject::tr("market cap");
}

// Full saturation at +-40 %: a week's shock across the sector stays readable, and the same
// scale holds for every frame of a replay.
constexpr double kCompareRange = 40.0;

QString signedPercent(double pct)
{
    return QStringLiteral("%1%2%")
        .arg(pct > 0   ? QStringLiteral("+")
             : pct < 0 ? QStringLiteral("\u2212")
                       : QString())
        .arg(QString::number(std::abs(pct), 'f', 1));
}

} // namespace

QString LayerMapOptions::sizeName(Size s)
{
    switch (s) {
    case Size::MarketCap:
        return QObject::tr("Market cap (USD)");
    case Size::Fdv:
        return QObject::tr("FDV (USD)");
    case Size::Volume24h:
        return QObject::tr("24h volume (USD)");
    case Size::Fees30d:
        return QObject::tr("Fees, 30 days (USD)");
    case Size::Equal:
        return QObject::tr("Equal size");
    }
    return {};
}

QString LayerMapOptions::colourName(Colour c)
{
    switch (c) {
    case Colour::Change24h:
        return QObject::tr("Price change, 24h");
    case Colour::Change7d:
        return QObject::tr("Price change, 7d");
    case Colour::Change30d:
        return QObject::tr("Price change, 30d");
    case Colour::FdvOverMc:
        return QObject::tr("FDV / market cap");
    case Colour::Layer:
        return QObject::tr("Layer");
    }
    return {};
}

std::optional<LayerMapOptions::Size> LayerMapOptions::sizeFromKey(const QString &key)
{
    static const std::map<QString, Size> keys{{QStringLiteral("market-cap"), Size::MarketCap},
                                              {QStringLiteral("fdv"), Size::Fdv},
                                              {QStringLiteral("volume-24h"), Size::Volume24h},
                                              {QStringLiteral("fees-30d"), Size::Fees30d},
                                              {QStringLiteral("equal"), Size::Equal}};
    const auto it = keys.find(key);
    return it == keys.end() ? std::nullopt : std::optional<Size>(it->second);
}

std::optional<LayerMapOptions::Colour> LayerMapOptions::colourFromKey(const QString &key)
{
    static const std::map<QString, Colour> keys{{QStringLiteral("change-24h"), Colour::Change24h},
                                                {QStringLiteral("change-7d"), Colour::Change7d},
                                                {QStringLiteral("change-30d"), Colour::Change30d},
                                                {QStringLiteral("fdv-mc"), Colour::FdvOverMc},
                                                {QStringLiteral("layer"), Colour::Layer}};
    const auto it = keys.find(key);
    return it == keys.end() ? std::nullopt : std::optional<Colour>(it->second);
}

QColor LayerMapPainter::colourFor(LayerMapOptions::Colour measure, std::optional<double> value,
                                  int layerIndex, bool dark)
{
    const QColor neutral = dark ? QColor(0x4a, 0x4f, 0x57) : QColor(0xe4, 0xe6, 0xea);
    if (measure == LayerMapOptions::Colour::Layer) {
        static const QColor light[] = {QColor(0x9e, 0xc5, 0xe8), QColor(0xb6, 0xd9, 0xa8),
                                       QColor(0xf2, 0xcf, 0x8c), QColor(0xe8, 0xa9, 0xb4),
                                       QColor(0xc9, 0xc9, 0xd2)};
        const QColor c = light[std::clamp(layerIndex, 0, 4)];
        return dark ? c.darker(230) : c;
    }
    if (!value)
        return neutral;
    if (measure == LayerMapOptions::Colour::FdvOverMc) {
        // 1x (all tokens circulating) light, 5x and above the strongest overhang
        const QColor strong = dark ? QColor(0xd9, 0x7a, 0x1f) : QColor(0xc2, 0x5e, 0x0a);
        return mix(neutral, strong, (*value - 1.0) / 4.0);
    }
    const QColor up = dark ? QColor(0x2e, 0x9e, 0x5b) : QColor(0x1f, 0x8a, 0x4c);
    const QColor down = dark ? QColor(0xd0, 0x45, 0x45) : QColor(0xc0, 0x39, 0x2b);
    const double t = *value / changeRange(measure);
    return t >= 0 ? mix(neutral, up, t) : mix(neutral, down, -t);
}

QColor LayerMapPainter::changeColour(std::optional<double> pct, bool dark)
{
    const QColor neutral = dark ? QColor(0x4a, 0x4f, 0x57) : QColor(0xe4, 0xe6, 0xea);
    if (!pct)
        return neutral;
    const QColor up = dark ? QColor(0x2e, 0x9e, 0x5b) : QColor(0x1f, 0x8a, 0x4c);
    const QColor down = dark ? QColor(0xd0, 0x45, 0x45) : QColor(0xc0, 0x39, 0x2b);
    const double t = *pct / kCompareRange;
    // A faint tint even for a small move, so "no change known" (neutral) stays apart from ~0 %.
    return t >= 0 ? mix(neutral, up, 0.12 + 0.88 * t) : mix(neutral, down, 0.12 - 0.88 * t);
}

QString LayerMapPainter::groupCaption(const std::string &id, const QString &name,
                                      const LayerMapOptions &o) const
{
    if (!m_model.comparison())
        return name;
    const ComparedFigure *f = m_model.compared(id, comparedMetric(o.size));
    if (!f)
        return name;
    const int total = f->members + int(f->leftOut.size());
    if (!f->change())
        return QObject::tr("%1  (no change known)").arg(name);
    return f->leftOut.empty() ? QObject::tr("%1  %2").arg(name, signedPercent(*f->change()))
                              : QObject::tr("%1  %2 (%3 of %4)")
                                    .arg(name, signedPercent(*f->change()))
                                    .arg(f->members)
                                    .arg(total);
}

LayerMapLayout LayerMapPainter::layout(const QRectF &area, const LayerMapOptions &options) const
{
    return plan(area, options, QFont()).layout;
}

LayerMapLayout LayerMapPainter::layoutIn(const QRectF &mapArea, const LayerMapOptions &options) const
{
    LayerMapInput input;
    const int sizeRole = roleForSize(options.size);
    for (int l = 0; l < m_model.rowCount(); ++l) {
        const QModelIndex layer = m_model.index(l, 0);
        if (!options.showProviders && layer.data(NodeIdRole).toString() == QLatin1String("providers"))
            continue;
        LayerMapInput::Band band{layer.data(NodeIdRole).toString().toStdString(), {}};
        for (int c = 0; c < m_model.rowCount(layer); ++c) {
            const QModelIndex category = m_model.index(c, 0, layer);
            const QString cid = category.data(NodeIdRole).toString();
            if (!options.focusCategory.isEmpty() && cid != options.focusCategory)
                continue;
            LayerMapInput::Group group{cid.toStdString(), {}};
            for (int e = 0; e < m_model.rowCount(category); ++e) {
                const QModelIndex entity = m_model.index(e, 0, category);
                std::optional<double> weight;
                if (sizeRole < 0) {
                    weight = 1.0;
                } else if (const QVariant v = entity.data(sizeRole); v.isValid() && v.toDouble() > 0) {
                    weight = v.toDouble();
                }
                group.items.push_back({entity.data(NodeIdRole).toString().toStdString(), weight});
            }
            band.groups.push_back(std::move(group));
        }
        if (!band.groups.empty())
            input.bands.push_back(std::move(band));
    }
    LayerMapStyle style;
    style.bandCaption = 24;
    return layoutLayerMap(input, {mapArea.x(), mapArea.y(), mapArea.width(), mapArea.height()}, style);
}

LayerMapPainter::Plan LayerMapPainter::plan(const QRectF &area, const LayerMapOptions &options,
                                            const QFont &base) const
{
    const auto [bold, small] = mapFonts(base);
    const QRectF mapArea = area.adjusted(0, kHeaderHeight, 0, -kLegendHeight);
    const double stripWidth = area.width() - 28;
    Plan out;
    // The strip takes height from the map, which can shrink tiles into needing it: a few rounds
    // settle it (the key only grows as the map shrinks).
    double stripHeight = 0;
    for (int round = 0; round < 4; ++round) {
        out = Plan{layoutIn(mapArea.adjusted(0, 0, 0, -stripHeight), options), {}, {}, {}, {}};
        for (const auto &t : out.layout.tiles) {
            const QRectF r = tileRect(t);
            const QString id = QString::fromStdString(t.id);
            const LabelFit fit = fitName(r, m_model.indexForId(id).data().toString(), bold);
            out.fits[t.id] = fit;
            if (fit == LabelFit::Key) {
                const int number = int(out.key.size()) + 1;
                out.numbers[t.id] = number;
                out.key.push_back({number, m_model.indexForId(id).data().toString(), figureText(t, options)});
            }
        }
        const double needed = keyStripHeight(out.key, stripWidth, small);
        if (needed <= stripHeight)
            break;
        stripHeight = needed;
    }
    out.strip = QRectF(area.x() + 24, mapArea.bottom() - stripHeight, stripWidth, stripHeight);
    return out;
}

QRectF LayerMapPainter::tileRect(const LayerMapLayout::Tile &t)
{
    return QRectF(t.rect.x, t.rect.y, t.rect.w, t.rect.h).adjusted(1, 1, -1, -1);
}

std::pair<QFont, QFont> LayerMapPainter::mapFonts(const QFont &base)
{
    QFont bold = base;
    bold.setBold(true);
    QFont small = base;
    small.setPointSizeF(std::max(6.0, base.pointSizeF() * 0.85));
    return {bold, small};
}

bool LayerMapPainter::isStale(const std::string &id, LayerMapOptions::Size size) const
{
    const LayerMapModel::Figures *f = m_model.figures(id);
    if (!f)
        return false;
    switch (size) {
    case LayerMapOptions::Size::MarketCap:
        return f->marketCap && f->marketCap->stale;
    case LayerMapOptions::Size::Fdv:
        return f->fdv && f->fdv->stale;
    case LayerMapOptions::Size::Volume24h:
        return f->volume24h && f->volume24h->stale;
    case LayerMapOptions::Size::Fees30d:
        return f->fees30d && f->feesStale;
    case LayerMapOptions::Size::Equal:
        break;
    }
    return false;
}

QString LayerMapPainter::figureText(const LayerMapLayout::Tile &t, const LayerMapOptions &o) const
{
    if (!m_model.comparison())
        return sizeText(t, o);
    const ComparedFigure *f = m_model.compared(t.id, comparedMetric(o.size));
    if (!t.hasData && (!f || (!f->a && !f->b)))
        return sizeText(t, o); // "no data" says it all
    // Beside a change, the B value of the series the change came from: the tile's own as-of figure
    // may be another source's (the crawler's beside Coin Metrics' change).
    QString figure =
        f && f->b && o.size != LayerMapOptions::Size::Equal ? formatSize(o.size, *f->b) : sizeText(t, o);
    if (f && f->b && o.size != LayerMapOptions::Size::Equal &&
        f->sourcesB.find(kDerivedSource) != std::string::npos)
        figure = QObject::tr("%1 derived").arg(figure);
    const QString change = !f              ? QString()
                           : f->change()   ? signedPercent(*f->change())
                           : f->a || !f->b ? QObject::tr("no change known")
                                           : QObject::tr("unknown at A");
    // The change first: it is what compare mode is about, and it survives a narrow tile's elision.
    return figure.isEmpty() ? change : change.isEmpty() ? figure : change + QStringLiteral("  ") + figure;
}

QString LayerMapPainter::sizeText(const LayerMapLayout::Tile &t, const LayerMapOptions &o) const
{
    if (!t.hasData) {
        // With the reason where the map is sized by market cap: "no data: none before 2026-06-30".
        const std::string why =
            o.size == LayerMapOptions::Size::MarketCap ? m_model.whyNoMarketCap(t.id) : std::string();
        return why.empty() ? QObject::tr("no data")
                           : QObject::tr("no data: %1").arg(QString::fromStdString(why));
    }
    if (o.size == LayerMapOptions::Size::Equal)
        return {};
    const QModelIndex idx = m_model.indexForId(QString::fromStdString(t.id));
    QString figure = formatSize(o.size, idx.data(roleForSize(o.size)).toDouble());
    // A market cap derived as price x a dated supply says so, as a stale one gives its date.
    if (const LayerMapModel::Figures *f = m_model.figures(t.id);
        f && o.size == LayerMapOptions::Size::MarketCap && f->marketCap &&
        isDerived(f->marketCap->provenance))
        figure = QObject::tr("%1 derived").arg(figure);
    if (!isStale(t.id, o.size))
        return figure;
    // A stale figure is only drawn when asked for, and then never without its date.
    const LayerMapModel::Figures *f = m_model.figures(t.id);
    std::optional<UnixSeconds> ts;
    if (o.size == LayerMapOptions::Size::MarketCap)
        ts = f->marketCap->ts;
    else if (o.size == LayerMapOptions::Size::Fdv)
        ts = f->fdv->ts;
    else if (o.size == LayerMapOptions::Size::Volume24h)
        ts = f->volume24h->ts;
    else
        ts = f->feesAsOf;
    return QObject::tr("%1 of %2").arg(figure, QString::fromStdString(formatIsoDate(*ts)));
}

// One tile: its fill (hatched without data, faded when stale), its selection or highlight, and
// its label or key number.
void LayerMapPainter::paintTile(QPainter &p, const LayerMapLayout::Tile &t, const LayerMapOptions &o,
                                const Plan &plan, int colourRole, const QFont &bold, const QFont &small) const
{
    const QRectF r = tileRect(t);
    if (r.width() <= 0 || r.height() <= 0)
        return;
    const QModelIndex idx = m_model.indexForId(QString::fromStdString(t.id));
    const QVariant cv = idx.data(colourRole);
    const std::optional<double> colourValue =
        cv.isValid() ? std::optional<double>(cv.toDouble()) : std::nullopt;
    const QColor neutral = o.dark ? QColor(0x4a, 0x4f, 0x57) : QColor(0xe4, 0xe6, 0xea);
    const bool stale = isStale(t.id, o.size);
    QColor fill = colourFor(o.colour, colourValue, idx.data(LayerIndexRole).toInt(), o.dark);
    if (m_model.comparison()) {
        const ComparedFigure *f = m_model.compared(t.id, comparedMetric(o.size));
        fill = changeColour(f ? f->change() : std::nullopt, o.dark);
    }
    if (stale)
        fill = mix(fill, neutral, 0.7);
    p.setPen(Qt::NoPen);
    p.setBrush(fill);
    p.drawRect(r);
    if (!t.hasData) {
        p.setBrush(QBrush(o.dark ? QColor(0x70, 0x76, 0x7e) : QColor(0xb8, 0xbc, 0xc2), Qt::BDiagPattern));
        p.drawRect(r);
    }
    const QString id = QString::fromStdString(t.id);
    if (o.highlighted.contains(id) || o.selected == id) {
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(o.selected == id ? QColor(0x1a, 0x73, 0xe8) : QColor(0xf9, 0xab, 0x00),
                      o.selected == id ? 3 : 2));
        p.drawRect(r.adjusted(1, 1, -1, -1));
    }
    const bool darkFill = fill.lightnessF() < 0.5;
    const QColor ink = darkFill ? QColor(Qt::white) : QColor(0x20, 0x22, 0x25);
    const LabelFit fit = plan.fits.at(t.id);
    if (fit == LabelFit::Key) {
        paintKeyBadge(p, r, plan.numbers.at(t.id), small, keyBadgeColour(o.dark));
        return;
    }
    p.setPen(stale ? (o.dark ? QColor(0xb0, 0xb4, 0xba) : QColor(0x5f, 0x63, 0x68)) : ink);
    paintTileName(p, r, fit, idx.data().toString(), figureText(t, o), bold, small);
}

// The legend under the map: what the area and the colour mean, with swatches, on one line; its
// font steps down (to 6 pt) until the line fits the map's width.
void LayerMapPainter::paintLegend(QPainter &p, const QRectF &area, const LayerMapOptions &o,
                                  const QFont &small, const QColor &faint, bool anyStale) const
{
    const QRectF legend(area.x() + 24, area.bottom() - kLegendHeight + 8, area.width() - 28,
                        kLegendHeight - 10);
    const QString sizeText = QObject::tr("Area: %1").arg(LayerMapOptions::sizeName(o.size));
    const auto &comparison = m_model.comparison();
    const QString colourText =
        comparison
            ? QObject::tr("Colour: %1 change %2 \u2192 %3")
                  .arg(comparedMetricName(o.size), QString::fromStdString(formatIsoDate(comparison->from)),
                       QString::fromStdString(formatIsoDate(comparison->to)))
            : QObject::tr("Colour: %1").arg(LayerMapOptions::colourName(o.colour));
    struct Swatch
    {
        QColor colour;
        QString label;
        bool hatch = false;
    };
    std::vector<Swatch> swatches;
    using C = LayerMapOptions::Colour;
    if (comparison) {
        for (double f : {-1.0, -0.5, 0.0, 0.5, 1.0})
            swatches.push_back(
                {changeColour(f * kCompareRange, o.dark),
                 f == 0
                     ? QStringLiteral("0%")
                     : signedPercent(f * kCompareRange).replace(QStringLiteral(".0%"), QStringLiteral("%"))});
        swatches.push_back({changeColour(std::nullopt, o.dark), QObject::tr("unknown at A or B")});
    } else if (o.colour == C::Layer) {
        for (int l = 0; l < m_model.rowCount(); ++l)
            swatches.push_back(
                {colourFor(C::Layer, std::nullopt, l, o.dark), m_model.index(l, 0).data().toString()});
    } else if (o.colour == C::FdvOverMc) {
        for (double v : {1.0, 2.0, 3.0, 5.0})
            swatches.push_back({colourFor(C::FdvOverMc, v, 0, o.dark), QStringLiteral("%1×").arg(v)});
        swatches.push_back({colourFor(C::FdvOverMc, std::nullopt, 0, o.dark), QObject::tr("unknown")});
    } else {
        const double range = changeRange(o.colour);
        for (double f : {-1.0, -0.5, 0.0, 0.5, 1.0})
            swatches.push_back(
                {colourFor(o.colour, f * range, 0, o.dark),
                 QStringLiteral("%1%2%").arg(f > 0 ? QStringLiteral("+") : QString()).arg(f * range)});
        swatches.push_back({colourFor(o.colour, std::nullopt, 0, o.dark), QObject::tr("unknown")});
    }
    const QColor neutral = o.dark ? QColor(0x4a, 0x4f, 0x57) : QColor(0xe4, 0xe6, 0xea);
    swatches.push_back({neutral, QObject::tr("no data"), true});
    if (anyStale)
        swatches.push_back({mix(colourFor(C::Layer, std::nullopt, 0, o.dark), neutral, 0.7),
                            QObject::tr("stale: older than its window, shown with its date")});

    QFont font = small;
    const auto width = [&](const QFont &f) {
        const QFontMetricsF m(f);
        double w = m.horizontalAdvance(sizeText) + 24 + m.horizontalAdvance(colourText) + 10;
        for (const Swatch &sw : swatches)
            w += 22 + m.horizontalAdvance(sw.label) + 12;
        return w;
    };
    while (width(font) > legend.width() && font.pointSizeF() > 6)
        font.setPointSizeF(std::max(6.0, font.pointSizeF() - 0.5));
    const QFontMetricsF metrics(font);
    p.setFont(font);
    p.setPen(faint);
    p.drawText(legend, Qt::AlignLeft | Qt::AlignVCenter, sizeText);
    double x = legend.x() + metrics.horizontalAdvance(sizeText) + 24;
    p.drawText(QRectF(x, legend.y(), legend.width(), legend.height()), Qt::AlignLeft | Qt::AlignVCenter,
               colourText);
    x += metrics.horizontalAdvance(colourText) + 10;
    for (const Swatch &sw : swatches) {
        const QRectF r(x, legend.center().y() - 6, 18, 12);
        p.setPen(Qt::NoPen);
        p.setBrush(sw.colour);
        p.drawRect(r);
        if (sw.hatch) {
            p.setBrush(
                QBrush(o.dark ? QColor(0x70, 0x76, 0x7e) : QColor(0xb8, 0xbc, 0xc2), Qt::BDiagPattern));
            p.drawRect(r);
        }
        p.setPen(faint);
        const double w = metrics.horizontalAdvance(sw.label);
        p.drawText(QRectF(x + 22, legend.y(), w + 2, legend.height()), Qt::AlignLeft | Qt::AlignVCenter,
                   sw.label);
        x += 22 + w + 12;
    }
}

LayerMapLayout LayerMapPainter::paint(QPainter &p, const QRectF &area, const LayerMapOptions &o) const
{
    const auto [bold, small] = mapFonts(p.font());
    const Plan plan = this->plan(area, o, p.font());
    const LayerMapLayout &lay = plan.layout;
    const QColor background = o.dark ? QColor(0x25, 0x28, 0x2d) : QColor(Qt::white);
    const QColor text = o.dark ? QColor(0xe8, 0xea, 0xed) : QColor(0x20, 0x22, 0x25);
    const QColor faint = o.dark ? QColor(0x9a, 0xa0, 0xa6) : QColor(0x5f, 0x63, 0x68);
    const QColor boxFill = o.dark ? QColor(0x2f, 0x33, 0x39) : QColor(0xf6, 0xf7, 0xf9);
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.fillRect(area, background);

    // bands, with their names written up the left edge
    for (const auto &band : lay.bands) {
        const QModelIndex idx = m_model.indexForId(QString::fromStdString(band.id));
        p.save();
        p.translate(band.rect.x + 16, band.rect.y + band.rect.h / 2);
        p.rotate(-90);
        p.setFont(bold);
        p.setPen(faint);
        const QString name = QFontMetricsF(bold).elidedText(groupCaption(band.id, idx.data().toString(), o),
                                                            Qt::ElideRight, band.rect.h - 4);
        p.drawText(QRectF(-band.rect.h / 2, -14, band.rect.h, 18), Qt::AlignCenter, name);
        p.restore();
    }
    // category boxes with captions
    for (const auto &g : lay.groups) {
        const QRectF r(g.rect.x, g.rect.y, g.rect.w, g.rect.h);
        p.setPen(Qt::NoPen);
        p.setBrush(boxFill);
        p.drawRoundedRect(r, 3, 3);
        const QModelIndex idx = m_model.indexForId(QString::fromStdString(g.id));
        p.setFont(bold);
        p.setPen(text);
        p.drawText(r.adjusted(5, 1, -4, 0), Qt::AlignLeft | Qt::AlignTop,
                   QFontMetricsF(bold).elidedText(groupCaption(g.id, idx.data().toString(), o),
                                                  Qt::ElideRight, r.width() - 9));
    }
    const int colourRole = roleForColour(o.colour);
    bool anyStale = false;
    for (const auto &t : lay.tiles) {
        paintTile(p, t, o, plan, colourRole, bold, small);
        anyStale = anyStale || isStale(t.id, o.size);
    }
    paintKeyStrip(p, plan.strip, plan.key, small, text, keyBadgeColour(o.dark));
    paintLegend(p, area, o, small, faint, anyStale);
    paintHeader(p, area, o, bold, text);
    p.restore();
    return lay;
}

QString LayerMapPainter::headerText(const LayerMapOptions &o) const
{
    const std::string metric = comparedMetric(o.size);
    const auto [known, total] = m_model.coverage(metric);
    const QString what = comparedMetricName(o.size);
    if (const auto &c = m_model.comparison())
        return QObject::tr("A = %1 → B = %2 (area: B): %3 change known for %4 of %5 protocols")
            .arg(QString::fromStdString(formatIsoDate(c->from)), QString::fromStdString(formatIsoDate(c->to)),
                 what)
            .arg(known)
            .arg(total);
    if (!m_model.asOfDate())
        return QObject::tr("No data: no figure is as of any date");
    return QObject::tr("As of %1: %2 known for %3 of %4 protocols")
        .arg(QString::fromStdString(formatIsoDate(*m_model.asOfDate())), what)
        .arg(known)
        .arg(total);
}

// The date and coverage line over the map: a picture of the map pasted into a note still says what
// date its figures are of and how much of the stack they cover.
void LayerMapPainter::paintHeader(QPainter &p, const QRectF &area, const LayerMapOptions &o,
                                  const QFont &bold, const QColor &ink) const
{
    const QRectF line(area.x() + 24, area.y() + 2, area.width() - 28, kHeaderHeight - 4);
    QFont font = bold;
    const QString text = headerText(o);
    // Shrunk, never cut: the date is the line's point.
    while (QFontMetricsF(font).horizontalAdvance(text) > line.width() && font.pointSizeF() > 6)
        font.setPointSizeF(std::max(6.0, font.pointSizeF() - 0.5));
    p.setFont(font);
    p.setPen(ink);
    p.drawText(line, Qt::AlignLeft | Qt::AlignVCenter, text);
}

} // namespace stackatlas
