// SPDX-License-Identifier: GPL-3.0-or-later
// Opening a pane not yet shown (issue 20): the app's own window on a copy of the shipped data,
// started on the layer map; each chart pane is then chosen in turn, as a user does. For each: the
// time from the switch to its first painted frame (the pane read nothing before: that frame shows
// its controls and a "Loading…" notice if its data is slower), against a pan frame of its own chart
// once loaded (the x range moved by 1%, resampled and repainted) in the same process. Also printed:
// how long until its data is drawn.
// Usage: bench_paneswitch DEFAULT_DATA
#include "benchwindow.h"
#include "models/session/appsession.h"
#include "ui/appwindow.h"
#include "ui/charts/chartbuilder.h"
#include "ui/charts/chartpanel.h"
#include "ui/mainwindow.h"
#include "ui/pane.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace stackatlas;

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

// The pane's first chart over time, the one a user pans.
ChartPanel *timeChart(Pane *pane)
{
    for (ChartPanel *panel : pane->findChildren<ChartPanel *>())
        if (panel->built() && panel->built()->data().xKind == AxisKind::Time && panel->built()->dataXRange())
            return panel;
    return nullptr;
}

double panFrameMs(ChartPanel *panel)
{
    std::vector<double> frames;
    auto [from, to] = panel->built()->xRange();
    for (int i = 0; i < 15; ++i) {
        const double step = (to - from) * 0.01 * (i % 2 ? -1 : 1); // back and forth, within the data
        QElapsedTimer t;
        t.start();
        panel->built()->setXRange(from + step, to + step);
        QApplication::processEvents(); // the scene's queued item updates
        panel->view()->viewport()->repaint();
        frames.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    panel->built()->setXRange(from, to);
    return median(frames);
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_paneswitch DEFAULT_DATA\n");
        return 2;
    }
    QTemporaryDir dir;
    const auto opened = bench::openBenchWindow("bench_paneswitch", argv[1], dir);
    if (!opened)
        return 1;
    AppSession &session = *opened->session;
    MainWindow *window = opened->window;
    for (const char *id : {"price-war", "valuation", "usage"}) {
        Pane *pane = nullptr;
        for (Pane *p : window->panes())
            if (p->paneId() == QLatin1String(id))
                pane = p;
        if (!pane || pane->isActive()) {
            std::fprintf(stderr, "bench_paneswitch: pane %s missing or already read\n", id);
            return 1;
        }
        QElapsedTimer t;
        t.start();
        window->showPane(QString::fromLatin1(id));
        // Painted now rather than on the next expose; whatever the store answers is not yet in.
        pane->repaint();
        const double firstFrame = double(t.nsecsElapsed()) / 1e6;
        session.waitUntilIdle();
        QApplication::processEvents();
        pane->repaint();
        const double withData = double(t.nsecsElapsed()) / 1e6;
        ChartPanel *panel = timeChart(pane);
        if (!panel) {
            std::fprintf(stderr, "bench_paneswitch: pane %s has no time chart\n", id);
            return 1;
        }
        const double pan = panFrameMs(panel);
        std::printf("switch to the %s pane, never shown: first frame %.1f ms against a pan frame of its "
                    "chart %.1f ms = %.2fx (goal <= 2x); its data drawn after %.0f ms\n",
                    id, firstFrame, pan, firstFrame / pan, withData);
    }
    delete window;
    return 0;
}
