// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chartbuilder.h"

#include <QChartView>
#include <QPointer>
#include <QWidget>

class QLabel;
class QTimer;

namespace stackatlas {

class ChartDataModel;

// One chart on screen: the chart drawn from a ChartDataModel, its caption (sources, as-of, what
// was left out) under it, drag-to-zoom on the time axis (right click or Esc zooms out to the
// range), a hover read-out with value, series, source and as-of, and legend toggles. Every model
// reset rebuilds the chart; every range change or resize resamples it from the full data.
//
// A panel out of sight builds nothing: its QtCharts objects are made when it is first shown or
// asked for them (built()), so panes never opened cost no chart at start.
class ChartPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ChartPanel(ChartDataModel *model, QWidget *parent = nullptr);

    void setLook(const ChartLook &look);
    // Time charts: show [from, to] (seconds); nullopt: the data's whole range. Clamped to the
    // data's range unless `clampToData` is false: charts stacked in one pane show the same dates
    // even where one of them has no data.
    void setTimeWindow(std::optional<std::pair<double, double>> window, bool clampToData = true);
    // The same, kept for the next build only: a pane about to hand the model new data sets the
    // window first, so the new chart is resampled once, for that window.
    void setTimeWindowForNextBuild(std::optional<std::pair<double, double>> window, bool clampToData = true);
    // The chart as drawn, built now if the data changed while the panel was out of sight.
    BuiltChart *built();
    QChartView *view();
    QString hoverText() const { return m_hoverText; }

signals:
    void xRangeChanged(double from, double to);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void rebuild();
    void buildNow();
    void applyWindow();
    void createView();

    ChartDataModel *m_model;
    QChartView *m_view = nullptr;
    bool m_stale = true; // the model or look changed since the chart was built
    QLabel *m_caption;
    QLabel *m_readout;
    QPointer<BuiltChart> m_built;
    ChartLook m_look;
    std::optional<std::pair<double, double>> m_window;
    bool m_clampWindow = true;
    QTimer *m_resampleTimer;
    QString m_hoverText;
};

} // namespace stackatlas
