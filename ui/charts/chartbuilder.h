// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/chartdata.h"
#include "models/domain/downsample.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <map>
#include <optional>
#include <vector>

class QAbstractAxis;
class QAbstractSeries;
class QAreaSeries;
class QChart;
class QXYSeries;
class QLegendMarker;

namespace stackatlas {

class ChartOverlay;

struct ChartLook
{
    bool dark = false;
    bool logY = false;
};

// Turns one ChartData into a QChart and keeps the two in step: the series only ever hold what the
// plot can show (the visible x range downsampled to its pixel width, performance.md), annotations,
// scatter labels and the reference line are painted by an overlay item inside the chart so they
// are part of every export, and a point under the mouse is described from the full-resolution
// data. The ChartData must outlive this object; the object is a child of the chart it made.
class BuiltChart : public QObject
{
    Q_OBJECT

public:
    // The chart is new and belongs to the caller (a QChartView or a scene).
    static BuiltChart *build(const ChartData &data, const ChartLook &look);

    QChart *chart() const { return m_chart; }
    const ChartData &data() const { return *m_data; }
    const ChartLook &look() const { return m_look; }

    // The full x extent of the data (seconds for time charts), if it has one.
    std::optional<std::pair<double, double>> dataXRange() const;
    // Shows [from, to] (seconds for time) and resamples for the plot's width.
    // resampleNow false: the caller knows the plot area is about to change (a view not yet laid
    // out), and its plotAreaChanged brings the one resample worth doing.
    void setXRange(double from, double to, bool resampleNow = true);
    std::pair<double, double> xRange() const;
    // Refills every series from the full data for the current x range: at most about two points
    // per pixel column reach QtCharts. Returns the number of points now in the chart.
    std::size_t resample();
    // Hides or shows a series (and its band) as a legend click does.
    void toggleSeries(std::size_t seriesIndex);
    bool isSeriesVisible(std::size_t seriesIndex) const;
    // What the mouse is over: the nearest point of the series at a value position.
    QString describe(QAbstractSeries *series, const QPointF &value) const;

signals:
    void hovered(const QString &text, bool entered);

private:
    BuiltChart(const ChartData &data, const ChartLook &look, QChart *chart);
    void create();
    void createTimeOrValue();
    std::pair<QAbstractAxis *, QAbstractAxis *> createAxes(bool stacked);
    void createBars();
    void createPie();
    void connectLegend();
    void refreshOverlay();
    QString describeIndex(std::size_t seriesIndex, std::size_t pointIndex) const;

    struct Binding
    {
        std::size_t index = 0;       // into data().series
        QXYSeries *xy = nullptr;     // the drawn line, scatter, or upper edge of an area
        QXYSeries *lower = nullptr;  // band or stack lower edge
        QAreaSeries *area = nullptr; // bands and stacks
        std::vector<double> xs, ys, lows;
        BlockExtremes yBlocks, lowBlocks; // long histories only: what makes each resample cheap
    };
    QAbstractSeries *createSeries(Binding &b, const ChartSeries &s, int shade,
                                  std::vector<double> &stackBase);

    const ChartData *m_data;
    ChartLook m_look;
    QChart *m_chart;
    QPointer<ChartOverlay> m_overlay; // a child item of the chart: gone before this object

    std::vector<Binding> m_bindings;
    std::map<QAbstractSeries *, std::size_t> m_bindingOf;
    std::vector<bool> m_hidden;
    double m_timeScale = 1; // seconds to axis units (ms for QDateTimeAxis)
    double m_timeShift = 0; // see create()
    double m_yScale = 1;    // USD drawn in millions or billions; data and CSV stay in USD
    QString m_yUnitSuffix;
    double toAxis(double x) const { return x * m_timeScale + m_timeShift; }
    double fromAxis(double x) const { return (x - m_timeShift) / m_timeScale; }
};

} // namespace stackatlas
