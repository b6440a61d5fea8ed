// SPDX-License-Identifier: GPL-3.0-or-later
#include "chartdata.h"

#include "translate.h"

#include "serialize.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace stackatlas {

std::size_t ChartData::pointCount() const
{
    std::size_t n = 0;
    for (const ChartSeries &s : series)
        n += s.points.size();
    return n;
}

void ChartData::fillColumns()
{
    columns.assign(series.size(), {});
    for (std::size_t k = 0; k < series.size(); ++k) {
        const auto &points = series[k].points;
        SeriesColumns &c = columns[k];
        c.xs.resize(points.size());
        c.ys.resize(points.size());
        c.highs.resize(points.size());
        for (std::size_t i = 0; i < points.size(); ++i) {
            c.xs[i] = points[i].x;
            c.ys[i] = points[i].y;
            c.highs[i] = points[i].high;
        }
    }
}

std::optional<std::pair<double, double>> ChartData::xExtent() const
{
    std::optional<std::pair<double, double>> out;
    for (const ChartSeries &s : series) {
        if (xKind == AxisKind::Time && !s.points.empty()) {
            // ascending: the ends are the extent
            const double lo = s.points.front().x, hi = s.points.back().x;
            out = out ? std::make_pair(std::min(out->first, lo), std::max(out->second, hi))
                      : std::make_pair(lo, hi);
            continue;
        }
        for (const ChartPoint &p : s.points)
            out = out ? std::make_pair(std::min(out->first, p.x), std::max(out->second, p.x))
                      : std::make_pair(p.x, p.x);
    }
    return out;
}

const char *seriesRoleName(SeriesRole role)
{
    switch (role) {
    case SeriesRole::Line:
        return "line";
    case SeriesRole::Median:
        return "median";
    case SeriesRole::Band:
        return "band";
    case SeriesRole::Scatter:
        return "scatter";
    case SeriesRole::Bar:
        return "bar";
    case SeriesRole::Slice:
        return "slice";
    case SeriesRole::StackedArea:
        return "stacked";
    }
    return "line";
}

ChartData clipToTimeRange(const ChartData &chart, UnixSeconds from, UnixSeconds to)
{
    if (chart.xKind != AxisKind::Time)
        return chart;
    ChartData out = chart;
    for (ChartSeries &s : out.series)
        s.points.erase(
            std::remove_if(s.points.begin(), s.points.end(),
                           [&](const ChartPoint &p) { return p.x < double(from) || p.x > double(to); }),
            s.points.end());
    out.series.erase(std::remove_if(out.series.begin(), out.series.end(),
                                    [](const ChartSeries &s) { return s.points.empty(); }),
                     out.series.end());
    out.annotations.erase(
        std::remove_if(out.annotations.begin(), out.annotations.end(),
                       [&](const ChartAnnotation &a) { return a.start < from || a.start > to; }),
        out.annotations.end());
    if (out.cursor && (*out.cursor < from || *out.cursor > to))
        out.cursor.reset();
    if (out.isEmpty() && !chart.isEmpty())
        out.emptyReason = fillArgs(translate("ChartText", "No data between %1 and %2."),
                                   {formatIsoDate(from), formatIsoDate(to)});
    return out;
}

std::string chartsToCsv(const std::vector<ChartData> &charts)
{
    std::string out = "chart,series,group,role,label,x,y,y_high,unit,source,as_of,count,count_other\n";
    for (const ChartData &c : charts) {
        for (const ChartSeries &s : c.series) {
            for (const ChartPoint &p : s.points) {
                std::string x;
                if (c.xKind == AxisKind::Time)
                    x = formatIsoUtc(static_cast<UnixSeconds>(p.x));
                else if (c.xKind == AxisKind::Category && p.x >= 0 && p.x < double(c.categories.size()))
                    x = csvField(c.categories[static_cast<std::size_t>(p.x)]);
                else if (c.xKind != AxisKind::None)
                    x = formatNumber(p.x);
                out += csvField(c.id) + ',' + csvField(s.name) + ',' + csvField(s.group) + ',' +
                       seriesRoleName(s.role) + ',' + csvField(p.label) + ',' + x + ',' + formatNumber(p.y) +
                       ',' + (s.role == SeriesRole::Band ? formatNumber(p.high) : std::string()) + ',' +
                       csvField(c.unit) + ',' + csvField(p.source) + ',' +
                       (p.asOf ? formatIsoUtc(p.asOf) : std::string()) + ',' +
                       (p.count >= 0 ? std::to_string(p.count) : std::string()) + ',' +
                       (p.countOther >= 0 ? std::to_string(p.countOther) : std::string()) + '\n';
            }
        }
    }
    return out;
}

void addSource(std::string &joined, const std::string &source)
{
    // Whole names only: "coingecko" is not already in "coingecko-pro".
    if (("+" + joined + "+").find("+" + source + "+") == std::string::npos)
        joined += (joined.empty() ? "" : "+") + source;
}

std::string formatFixed(double value, int decimals)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    return buf;
}

std::string chartDateLine(const ChartData &chart)
{
    // A chart of categories has no cursor: its figures' own dates say what it is of.
    std::string out = chart.cursor
                          ? fillArgs(translate("ChartText", "As of %1."), {formatIsoDate(*chart.cursor)})
                      : chart.xKind == AxisKind::Time ? translate("ChartText", "As of the newest data.")
                                                      : std::string();
    std::size_t drawn = 0, shown = 0;
    UnixSeconds first = 0, last = 0;
    for (const ChartSeries &s : chart.series) {
        if (s.points.empty())
            continue;
        ++drawn;
        for (const ChartPoint &p : s.points) {
            ++shown;
            // Over time the x is the date; otherwise the figure's own as-of is.
            const UnixSeconds t = chart.xKind == AxisKind::Time ? UnixSeconds(p.x) : p.asOf;
            if (t <= 0)
                continue;
            first = first ? std::min(first, t) : t;
            last = std::max(last, t);
        }
    }
    const std::string lead = out.empty() ? out : out + " ";
    if (drawn == 0)
        return lead + translate("ChartText", "Nothing to draw.");
    const std::string span =
        !first ? std::string()
        : formatIsoDate(first) == formatIsoDate(last)
            ? formatIsoDate(last)
            : fillArgs(translate("ChartText", "%1 to %2"), {formatIsoDate(first), formatIsoDate(last)});
    const bool categories = chart.xKind != AxisKind::Time;
    const std::string count = categories
                                  ? fillArgs(translate("ChartText", "%1 figures"), {std::to_string(shown)})
                                  : fillArgs(translate("ChartText", "%1 series"), {std::to_string(drawn)});
    if (span.empty())
        return lead + count + ".";
    return lead + fillArgs(categories ? translate("ChartText", "Figures dated %1; %2.")
                                      : translate("ChartText", "Data from %1; %2."),
                           {span, count});
}

std::string sourcesLine(const std::vector<ChartSeries> &series)
{
    std::map<std::string, UnixSeconds> newest;
    for (const ChartSeries &s : series) {
        if (s.role == SeriesRole::Median || s.role == SeriesRole::Band)
            continue; // aggregates repeat their members' sources
        for (const ChartPoint &p : s.points) {
            // A merged point names its sources joined by '+'.
            std::size_t start = 0;
            while (start < p.source.size()) {
                const std::size_t end = std::min(p.source.find('+', start), p.source.size());
                UnixSeconds &t = newest[p.source.substr(start, end - start)];
                t = std::max(t, p.asOf);
                start = end + 1;
            }
        }
    }
    std::string out;
    const std::string withAsOf = translate("ChartText", "%1 (as of %2)");
    for (const auto &[source, asOf] : newest) {
        if (!out.empty())
            out += ", ";
        out += asOf ? fillArgs(withAsOf, {source, formatIsoDate(asOf)}) : source;
    }
    return out.empty() ? translate("ChartText", "none") : out;
}

} // namespace stackatlas
