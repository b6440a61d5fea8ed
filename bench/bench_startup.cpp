// SPDX-License-Identifier: GPL-3.0-or-later
// Start-up: StackAtlas from exec to a saved screenshot of one pane, against the minimal QtCharts
// window (minimal_chart_window) in the same run, started in alternation so machine noise hits both
// alike. Prints the median wall time and peak memory (each child's own maxrss, from wait4) and the
// ratios, with the goals of issue 20 (<= 2x time, <= 1.5x memory).
// Usage: bench_startup STACKATLAS MINIMAL DEFAULT_DATA [ROUNDS]
#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>

#include "benchchild.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using stackatlas::bench::Run;
using stackatlas::bench::runChild;

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 4) {
        std::fprintf(stderr, "usage: bench_startup STACKATLAS MINIMAL DEFAULT_DATA [ROUNDS]\n");
        return 2;
    }
    const std::string stackatlas = argv[1], minimal = argv[2], defaults = argv[3];
    const int rounds = argc > 4 ? std::max(1, std::atoi(argv[4])) : 7;
    QTemporaryDir dir;
    const std::string home = dir.filePath(QStringLiteral("home")).toStdString();
    const std::vector<std::string> env{"QT_QPA_PLATFORM=offscreen", "HOME=" + home,
                                       "XDG_RUNTIME_DIR=" + dir.path().toStdString(),
                                       "STACKATLAS_DEFAULT_DATA=" + defaults, "STACKATLAS_CACHE="};
    const std::string shot = dir.filePath(QStringLiteral("shot.png")).toStdString();
    for (const char *pane : {"layer-map", "protocols", "price-war"}) {
        // Each pane starts from a cache that already exists (seeding is a first-run cost, measured
        // once below).
        const std::string cache =
            dir.filePath(QStringLiteral("cache-%1.sqlite").arg(QLatin1String(pane))).toStdString();
        const std::vector<std::string> app{stackatlas, "--cache",  cache,          "--pane", pane,
                                           "--size",   "1280x800", "--screenshot", shot};
        const Run first = runChild(app, env);
        std::vector<double> appMs, appMiB, baseMs, baseMiB;
        bool ok = first.ok;
        for (int i = 0; i < rounds; ++i) {
            const Run a = runChild(app, env);
            const Run b = runChild({minimal, shot}, env);
            ok = ok && a.ok && b.ok;
            appMs.push_back(a.ms);
            appMiB.push_back(a.maxRssMiB);
            baseMs.push_back(b.ms);
            baseMiB.push_back(b.maxRssMiB);
        }
        if (!ok) {
            std::fprintf(stderr, "bench_startup: a run failed (pane %s)\n", pane);
            return 1;
        }
        const double t = median(appMs), tb = median(baseMs), m = median(appMiB), mb = median(baseMiB);
        std::printf(
            "start-up to a saved %s screenshot (%d alternating pairs, medians): %.0f ms against the minimal "
            "QtCharts window's %.0f ms = %.2fx (goal <= 2x); peak memory %.1f MiB against %.1f MiB = %.2fx "
            "(goal <= 1.5x); first run on a new cache (seeding it from the default data) %.0f ms\n",
            pane, rounds, t, tb, t / tb, m, mb, m / mb, first.ms);
    }
    return 0;
}
