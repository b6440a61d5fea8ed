// SPDX-License-Identifier: GPL-3.0-or-later
// Creating the QtCharts objects for a ChartData: axes, a series per role, bars, pies and the
// legend's toggles. Keeping them in step afterwards (visibility, range, resampling, hover text) is
// chartbuilder.cpp.
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

// Below this many points a resample's plain pass costs well under a millisecond.
constexpr std::size_t kBlockExtremesFrom = 16384;

QString fromStd(const std::string &s)
{
    return QString::fromStdString(s);
}

} // namespace

void BuiltChart::create()
{
    const ChartData &d = *m_data;
    m_hidden.assign(d.series.size(), false);
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setTheme(m_look.dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    // Axis numbers in the chosen number format (plain unless Settings asks for the locale's).
    m_chart->setLocalizeNumbers(displayFormat().localeNumbers);
    m_chart->setLocale(displayFormat().locale);
    m_chart->setTitle(fromStd(d.title));
    QFont tf = m_chart->titleFont();
    tf.setBold(true);
    tf.setPointSizeF(tf.pointSizeF() * 1.15);
    m_chart->setTitleFont(tf);
    m_chart->setMargins(QMargins(6, 4, 6, 4));
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_timeScale = d.xKind == AxisKind::Time ? 1000.0 : 1.0;
    if (d.unit == "USD") {
        double largest = 0;
        for (std::size_t i = 0; i < d.series.size(); ++i) {
            if (const SeriesColumns *c = d.columnsOf(i)) {
                for (std::size_t k = 0; k < c->xs.size(); ++k)
                    largest = std::max({largest, std::fabs(c->ys[k]), std::fabs(c->highs[k])});
                continue;
            }
            for (const ChartPoint &p : d.series[i].points)
                largest = std::max({largest, std::fabs(p.y), std::fabs(p.high)});
        }
        if (largest >= 1e9)
            m_yScale = 1e-9, m_yUnitSuffix = QStringLiteral(" (billions)");
        else if (largest >= 1e6)
            m_yScale = 1e-6, m_yUnitSuffix = QStringLiteral(" (millions)");
    }
    // Qt 6.4's QDateTimeAxis labels in local time and has no time zone setting: shift the axis by
    // the local offset so its labels read as UTC dates, like every other time in the app.
    if (d.xKind == AxisKind::Time)
        m_timeShift =
            1000.0 * QTimeZone::systemTimeZone().offsetFromUtc(QDateTime::currentDateTimeUtc()) * -1.0;
    switch (d.xKind) {
    case AxisKind::Time:
    case AxisKind::Value:
        createTimeOrValue();
        break;
    case AxisKind::Category:
        createBars();
        break;
    case AxisKind::None:
        createPie();
        break;
    }
    m_overlay = new ChartOverlay(m_chart, d, m_look, [this](double x) { return toAxis(x); });
    m_overlay->hidden = &m_hidden;
    if (!m_bindings.empty())
        m_overlay->anchor = m_bindings.front().area ? static_cast<QAbstractSeries *>(m_bindings.front().area)
                                                    : m_bindings.front().xy;
    connect(m_chart, &QChart::plotAreaChanged, this, [this] { refreshOverlay(); });
    connectLegend();
}

// The x axis (dates or values) and the y axis (log where asked and possible), each redrawing the
// overlay when its range moves.
std::pair<QAbstractAxis *, QAbstractAxis *> BuiltChart::createAxes(bool stacked)
{
    const ChartData &d = *m_data;
    const bool time = d.xKind == AxisKind::Time;
    QAbstractAxis *xAxis = nullptr;
    if (time) {
        auto *axis = new QDateTimeAxis;
        axis->setTickCount(7);
        xAxis = axis;
        connect(axis, &QDateTimeAxis::rangeChanged, this, [this] { refreshOverlay(); });
    } else {
        auto *axis = new QValueAxis;
        xAxis = axis;
        connect(axis, &QValueAxis::rangeChanged, this, [this] { refreshOverlay(); });
    }
    xAxis->setTitleText(fromStd(d.xTitle));
    QAbstractAxis *yAxis = nullptr;
    if (m_look.logY && !stacked) {
        auto *axis = new QLogValueAxis;
        axis->setBase(10);
        axis->setLabelFormat(QStringLiteral("%g"));
        axis->setMinorTickCount(8);
        yAxis = axis;
        connect(axis, &QLogValueAxis::rangeChanged, this, [this] { refreshOverlay(); });
    } else {
        auto *axis = new QValueAxis;
        axis->setTickCount(5);
        axis->setLabelFormat(QStringLiteral("%.4g"));
        yAxis = axis;
        connect(axis, &QValueAxis::rangeChanged, this, [this] { refreshOverlay(); });
    }
    yAxis->setTitleText(fromStd(d.yTitle) + m_yUnitSuffix);
    return {xAxis, yAxis};
}

// The QtCharts series for one of ours, styled by role and group; stacked areas add onto stackBase.
QAbstractSeries *BuiltChart::createSeries(Binding &b, const ChartSeries &s, int shade,
                                          std::vector<double> &stackBase)
{
    const ChartData &d = *m_data;
    const QColor colour = groupColour(s.group, m_look.dark);
    QAbstractSeries *added = nullptr;
    switch (s.role) {
    case SeriesRole::Band: {
        auto *upper = new QLineSeries, *lower = new QLineSeries;
        b.xy = upper;
        b.lower = lower;
        b.area = new QAreaSeries(upper, lower);
        // QAreaSeries does not own the lines it spans: they go with it.
        upper->setParent(b.area);
        lower->setParent(b.area);
        QColor fill = colour;
        fill.setAlpha(m_look.dark ? 60 : 45);
        b.area->setBrush(fill);
        b.area->setPen(Qt::NoPen);
        added = b.area;
        break;
    }
    case SeriesRole::StackedArea: {
        if (stackBase.size() != b.ys.size())
            stackBase.assign(b.ys.size(), 0.0);
        b.lows = stackBase;
        for (std::size_t k = 0; k < b.ys.size(); ++k)
            b.ys[k] += stackBase[k];
        stackBase = b.ys;
        auto *upper = new QLineSeries, *lower = new QLineSeries;
        b.xy = upper;
        b.lower = lower;
        b.area = new QAreaSeries(upper, lower);
        // QAreaSeries does not own the lines it spans: they go with it.
        upper->setParent(b.area);
        lower->setParent(b.area);
        QColor fill = colour;
        fill.setAlpha(200);
        b.area->setBrush(fill);
        b.area->setPen(QPen(colour.darker(120), 1));
        added = b.area;
        break;
    }
    case SeriesRole::Scatter: {
        auto *sc = new QScatterSeries;
        sc->setMarkerSize(11);
        if (s.group.size() > 5 && s.group.compare(s.group.size() - 5, 5, "-thin") == 0) {
            // Too few members to stand for the whole: an outline only, in the series' own hue.
            const QColor base = groupColour(s.group.substr(0, s.group.size() - 5), m_look.dark);
            sc->setBrush(Qt::NoBrush);
            sc->setPen(QPen(base, 2));
        } else {
            sc->setColor(colour);
            sc->setBorderColor(colour.darker(140));
        }
        b.xy = sc;
        added = sc;
        break;
    }
    case SeriesRole::Line:
        if (s.group == "aggregate") {
            auto *line = new QLineSeries;
            line->setPen(
                QPen(m_look.dark ? QColor(0xbd, 0xc1, 0xc6) : QColor(0x3c, 0x40, 0x43), 1.6, Qt::DashLine));
            b.xy = line;
            added = line;
            break;
        }
        [[fallthrough]];
    default: {
        auto *line = new QLineSeries;
        QColor c = colour;
        // Members of one group: the group's hue in different lightness, thin, so the group
        // median reads on top.
        c = shade % 3 == 1 ? c.lighter(130) : shade % 3 == 2 ? c.darker(130) : c;
        c.setAlpha(d.series.size() > 4 ? 170 : 255);
        line->setPen(QPen(c, d.series.size() > 4 ? 1.3 : 2.2));
        b.xy = line;
        added = line;
        break;
    }
    case SeriesRole::Median: {
        auto *line = new QLineSeries;
        line->setPen(QPen(colour.darker(115), 3.0, Qt::SolidLine, Qt::RoundCap));
        b.xy = line;
        added = line;
        break;
    }
    }
    return added;
}

void BuiltChart::createTimeOrValue()
{
    const ChartData &d = *m_data;
    const bool stacked = std::any_of(d.series.begin(), d.series.end(),
                                     [](const auto &s) { return s.role == SeriesRole::StackedArea; });
    const auto [xAxis, yAxis] = createAxes(stacked);
    m_chart->addAxis(xAxis, Qt::AlignBottom);
    m_chart->addAxis(yAxis, Qt::AlignLeft);

    std::vector<double> stackBase; // running sum for stacked areas (same x values by contract)
    int shade = 0;
    std::string lastGroup;
    for (std::size_t i = 0; i < d.series.size(); ++i) {
        const ChartSeries &s = d.series[i];
        Binding b;
        b.index = i;
        b.xs.reserve(s.points.size());
        b.ys.reserve(s.points.size());
        const auto add = [&](double x, double y, double high) {
            if (m_look.logY && !stacked && !(y > 0))
                return; // a log axis cannot show zero or below
            b.xs.push_back(toAxis(x));
            b.ys.push_back(y * m_yScale);
            if (s.role == SeriesRole::Band)
                b.lows.push_back(y * m_yScale), b.ys.back() = high * m_yScale;
        };
        if (const SeriesColumns *c = d.columnsOf(i))
            for (std::size_t k = 0; k < c->xs.size(); ++k)
                add(c->xs[k], c->ys[k], c->highs[k]);
        else
            for (const ChartPoint &p : s.points)
                add(p.x, p.y, p.high);
        shade = s.group == lastGroup ? shade + 1 : 0;
        lastGroup = s.group;
        QAbstractSeries *added = createSeries(b, s, shade, stackBase);
        added->setName(fromStd(s.name));
        m_chart->addSeries(added);
        added->attachAxis(xAxis);
        added->attachAxis(yAxis);
        m_bindingOf[added] = m_bindings.size();
        m_bindingOf[b.xy] = m_bindings.size();
        connect(b.xy, &QXYSeries::hovered, this, [this, xy = b.xy](const QPointF &pt, bool state) {
            emit hovered(state ? describe(xy, pt) : QString(), state);
        });
        if (b.area)
            connect(b.area, &QAreaSeries::hovered, this,
                    [this, area = b.area](const QPointF &pt, bool state) {
                        emit hovered(state ? describe(area, pt) : QString(), state);
                    });
        // A long history's block extremes, once: every resample (each zoom, pan and resize) then
        // visits a fiftieth of its points.
        if (d.xKind == AxisKind::Time && b.xs.size() >= kBlockExtremesFrom) {
            b.yBlocks = blockExtremes(b.ys);
            if (!b.lows.empty())
                b.lowBlocks = blockExtremes(b.lows);
        }
        m_bindings.push_back(std::move(b));
    }
    if (const auto range = dataXRange())
        setXRange(range->first, range->second);
    else {
        xAxis->setVisible(false); // nothing to measure: the overlay says why
        yAxis->setVisible(false);
    }
}

void BuiltChart::createBars()
{
    const ChartData &d = *m_data;
    auto *series = new QHorizontalBarSeries;
    // On a log axis a missing bar sits at the axis floor (a log of 0 is undefined), drawn as nothing.
    double floor = 1;
    if (m_look.logY) {
        double smallest = std::numeric_limits<double>::max();
        for (const ChartSeries &s : d.series)
            for (const ChartPoint &p : s.points)
                if (p.y > 0)
                    smallest = std::min(smallest, p.y * m_yScale);
        if (smallest < std::numeric_limits<double>::max())
            floor = std::pow(10.0, std::floor(std::log10(smallest)));
    }
    for (std::size_t i = 0; i < d.series.size(); ++i) {
        const ChartSeries &s = d.series[i];
        auto *set = new QBarSet(fromStd(s.name));
        // A category without a value gets no bar (the caption names it); QtCharts needs a number.
        std::vector<double> values(d.categories.size(), 0.0);
        for (const ChartPoint &p : s.points)
            if (p.x >= 0 && p.x < double(values.size()))
                values[std::size_t(p.x)] = p.y * m_yScale;
        // Horizontal bars list the first category at the bottom: reverse so it reads top-down.
        for (auto it = values.rbegin(); it != values.rend(); ++it)
            set->append(m_look.logY && *it <= floor ? floor : *it);
        set->setColor(groupColour(s.group, m_look.dark));
        set->setBorderColor(Qt::transparent);
        series->append(set);
        connect(set, &QBarSet::hovered, this, [this, i](bool state, int index) {
            const std::size_t category = m_data->categories.size() - 1 - std::size_t(index);
            const ChartSeries &s = m_data->series[i];
            for (std::size_t k = 0; k < s.points.size(); ++k)
                if (std::size_t(s.points[k].x) == category) {
                    emit hovered(state ? describeIndex(i, k) : QString(), state);
                    return;
                }
            emit hovered(state ? QStringLiteral("%1 — %2: unknown")
                                     .arg(fromStd(m_data->categories[category]), fromStd(s.name))
                               : QString(),
                         state);
        });
    }
    series->setBarWidth(0.8);
    m_chart->addSeries(series);
    auto *categories = new QBarCategoryAxis;
    QStringList names;
    for (auto it = d.categories.rbegin(); it != d.categories.rend(); ++it)
        names << fromStd(*it);
    categories->append(names);
    // QtCharts elides category labels to "..." in smaller cells; the overlay draws them instead, in
    // a left margin as wide as the longest.
    categories->setLabelsVisible(false);
    QFont labelFont = m_chart->font();
    labelFont.setPointSizeF(8);
    double widest = 0;
    for (const QString &n : names)
        widest = std::max(widest, QFontMetricsF(labelFont).horizontalAdvance(n));
    m_chart->setMargins(QMargins(int(widest) + 14, 4, 6, 4));

    m_chart->addAxis(categories, Qt::AlignLeft);
    series->attachAxis(categories);
    double maxValue = 0, minPositive = std::numeric_limits<double>::max();
    for (const ChartSeries &s : d.series)
        for (const ChartPoint &p : s.points) {
            maxValue = std::max(maxValue, p.y * m_yScale);
            if (p.y > 0)
                minPositive = std::min(minPositive, p.y * m_yScale);
        }
    QAbstractAxis *valueAxis;
    if (m_look.logY && maxValue > 0) {
        auto *axis = new QLogValueAxis;
        axis->setBase(10);
        axis->setLabelFormat(QStringLiteral("%g"));
        axis->setRange(std::pow(10.0, std::floor(std::log10(minPositive))),
                       std::pow(10.0, std::ceil(std::log10(maxValue))));
        valueAxis = axis;
    } else {
        auto *axis = new QValueAxis;
        axis->setRange(0, maxValue > 0 ? maxValue * 1.05 : 1);
        axis->setLabelFormat(QStringLiteral("%g"));
        axis->applyNiceNumbers();
        valueAxis = axis;
    }
    valueAxis->setTitleText(fromStd(d.yTitle) + m_yUnitSuffix +
                            (m_look.logY ? tr(", log scale") : QString()));
    if (d.unit == "percent") {
        // Claimed shares differ by orders of magnitude (90 % against 0.2 %): print the values.
        series->setLabelsVisible(true);
        series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
        series->setLabelsFormat(QStringLiteral("@value %"));
    }
    m_chart->addAxis(valueAxis, Qt::AlignBottom);
    series->attachAxis(valueAxis);
}

void BuiltChart::createPie()
{
    const ChartData &d = *m_data;
    for (std::size_t i = 0; i < d.series.size(); ++i) {
        const ChartSeries &s = d.series[i];
        auto *pie = new QPieSeries;
        pie->setHoleSize(0.42);
        pie->setPieSize(0.78);
        double total = 0;
        for (const ChartPoint &p : s.points)
            total += p.y;
        static const QColor palette[] = {QColor(0xd9, 0x48, 0x1c), QColor(0x1f, 0x8a, 0x4c),
                                         QColor(0x12, 0x8c, 0x9e), QColor(0x7b, 0x4f, 0xc9),
                                         QColor(0x8a, 0x6d, 0x3b)};
        for (std::size_t k = 0; k < s.points.size(); ++k) {
            const ChartPoint &p = s.points[k];
            const double share = total > 0 ? p.y / total * 100.0 : 0;
            auto *slice = pie->append(QStringLiteral("%1: %2 %")
                                          .arg(fromStd(p.label))
                                          .arg(formatDecimal(share, share < 10 ? 1 : 0)),
                                      p.y);
            slice->setLabelVisible(false); // the legend names each slice in full
            // Claimed split: centralized, decentralized, hybrid; offer share: provider classes by name.
            QColor colour = palette[k % 5];
            if (d.id != "usage.claimed-split") {
                std::string key = p.label;
                std::transform(key.begin(), key.end(), key.begin(),
                               [](unsigned char ch) { return char(std::tolower(ch)); });
                key = key.substr(0, key.find(' '));
                colour = groupColour(key, m_look.dark);
            }
            slice->setColor(colour);
            slice->setBorderColor(m_look.dark ? QColor(0x20, 0x22, 0x25) : Qt::white);
            connect(slice, &QPieSlice::hovered, this, [this, i, k, slice](bool state) {
                slice->setExploded(state);
                emit hovered(state ? describeIndex(i, k) : QString(), state);
            });
        }
        m_chart->addSeries(pie);
    }
    m_chart->legend()->setAlignment(Qt::AlignBottom);
}

void BuiltChart::connectLegend()
{
    // With many providers the chart's legend lists the class medians only; the pane's provider
    // list toggles single providers (toggleSeries).
    const bool crowded = m_data->series.size() > 12;
    for (QLegendMarker *marker : m_chart->legend()->markers()) {
        const auto it = m_bindingOf.find(marker->series());
        if (it == m_bindingOf.end())
            continue;
        const std::size_t si = m_bindings[it->second].index;
        const ChartSeries &s = m_data->series[si];
        if (s.role == SeriesRole::Band || (crowded && s.role == SeriesRole::Line && s.group != "aggregate")) {
            marker->setVisible(false); // a band goes with its class median
            continue;
        }
        connect(marker, &QLegendMarker::clicked, this, [this, si] { toggleSeries(si); });
    }
}

} // namespace stackatlas
