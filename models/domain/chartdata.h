// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "timeutil.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace stackatlas {

// What a chart shows, independent of how it is drawn: the panes draw it with QtCharts, exports
// paint it into files, and the CSV export writes exactly these points at full resolution.
enum class AxisKind
{
    Time,     // x in Unix seconds
    Value,    // x is a number (scatter)
    Category, // x is an index into ChartData::categories (bars)
    None      // a pie
};

enum class SeriesRole
{
    Line,        // one provider or protocol over time
    Median,      // a class or layer aggregate drawn over the lines
    Band,        // min (y) to max (high) of a class
    Scatter,     // labelled points
    Bar,         // one value per category
    Slice,       // one share of a whole (label, y)
    StackedArea, // stacked on the series before it with the same x values
};

struct ChartPoint
{
    double x = 0;
    double y = 0;
    double high = 0;    // Band only
    std::string label;  // a protocol or slice name; empty for plain lines
    std::string source; // where the number came from
    UnixSeconds asOf = 0;
    // How many members stand behind an aggregate point (providers, protocols); -1 when it is not
    // an aggregate. countOther: the other side's, for a ratio of two sides (the index).
    int count = -1;
    int countOther = -1;
};

struct ChartSeries
{
    std::string name;  // as the legend shows it
    std::string group; // the provider class or layer it belongs to (colours)
    SeriesRole role = SeriesRole::Line;
    std::vector<ChartPoint> points; // ascending x for time series
};

// A series' points' x, y and high as plain arrays: 24 bytes a point against a ChartPoint's 104.
struct SeriesColumns
{
    std::vector<double> xs, ys, highs;
};

struct ChartAnnotation
{
    UnixSeconds start = 0;
    UnixSeconds end = 0; // a range's end; 0 for a day
    std::string title;
    std::string source;
    bool userDefined = false;
};

struct ChartData
{
    std::string id; // "price-war.prices"
    std::string title;
    AxisKind xKind = AxisKind::Time;
    std::string xTitle; // with the unit: "Date (UTC)"
    std::string yTitle; // "USD per GPU-hour"
    std::string unit;   // of y, for the CSV
    std::vector<std::string> categories;
    std::vector<ChartSeries> series;
    std::vector<ChartAnnotation> annotations;
    // Filled by fillColumns off the GUI thread, so building a million-point chart there reads
    // these rather than walking the points. Empty until filled; whoever edits points after
    // filling them clears these.
    std::vector<SeriesColumns> columns;
    void fillColumns();
    // Series i's columns when they were filled from its current points, else null.
    const SeriesColumns *columnsOf(std::size_t i) const
    {
        return i < columns.size() && i < series.size() && !series[i].points.empty() &&
                       columns[i].xs.size() == series[i].points.size()
                   ? &columns[i]
                   : nullptr;
    }
    std::optional<double> referenceY;  // a line to mark, such as parity at 1.0
    std::optional<UnixSeconds> cursor; // the as-of date the rest of the app shows (time axes)
    std::string referenceLabel;
    bool preferLogY = false; // values span decades (market caps): a log axis unless asked otherwise
    std::string caption;     // the sources and their as-of, and what was left out
    std::string countTitle;  // what ChartPoint::count counts ("providers (challengers / incumbents)")
    std::string emptyReason; // why there is nothing to draw, when there is nothing

    std::size_t pointCount() const;
    bool isEmpty() const { return pointCount() == 0; }
    // The smallest and largest x of any point; nullopt without points.
    std::optional<std::pair<double, double>> xExtent() const;
};

const char *seriesRoleName(SeriesRole role);

// The same chart with only the points (and annotations) inside [from, to]: what an export of a
// zoomed pane holds. Charts without a time axis are returned whole.
ChartData clipToTimeRange(const ChartData &chart, UnixSeconds from, UnixSeconds to);

// Every point of every chart, one row each, with its source and as-of and, for aggregates, how
// many members are behind it (count, count_other): the "data behind the chart". Text cells that would start a
// spreadsheet formula are neutralized (csvField).
std::string chartsToCsv(const std::vector<ChartData> &charts);

// "gpu-pricing-tracker (as of 2026-07-20), aws-price-list (as of 2026-08-22)": the newest as-of
// per source among the points of the chart.
std::string sourcesLine(const std::vector<ChartSeries> &series);

// The line every exported chart carries above its caption, so a picture says what date it is of
// and what it covers: "As of 2025-01-27. Data from 2024-11-01 to 2025-01-27; 9 lines." (a chart
// over time), "As of 2026-06-30. Figures dated 2026-03-13 to 2026-06-30; 12 bars." (categories).
std::string chartDateLine(const ChartData &chart);

// Adds a source to a point's "a+b" list of sources, once (sourcesLine splits them again).
void addSource(std::string &joined, const std::string &source);

// "12.29": a number with a fixed count of decimals, for captions and labels.
std::string formatFixed(double value, int decimals);

// Day boundaries in UTC, for daily aggregation.
inline UnixSeconds utcDay(UnixSeconds t)
{
    return t - ((t % 86400) + 86400) % 86400;
}

} // namespace stackatlas
