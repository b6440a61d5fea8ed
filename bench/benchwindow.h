// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The app's own window over a private copy of the shipped data, as the GUI benchmarks open it.
#include "models/session/appsession.h"
#include "ui/appwindow.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <optional>
#include <vector>

namespace stackatlas::bench {

struct BenchWindow
{
    AppSession *session = nullptr;
    MainWindow *window = nullptr; // deleted by the caller (it owns its session)
};

// Copies `defaultData` into `dir`, lets `prepare` add to the copy (a benchmark's own data), and
// opens a 1280x800 window over it, shown and idle. Says why not on stderr, naming `bench`, and
// returns nullopt.
inline std::optional<BenchWindow> openBenchWindow(const char *bench, const char *defaultData,
                                                  const QTemporaryDir &dir,
                                                  const std::function<bool(const QString &)> &prepare = {})
{
    const QString cachePath = dir.filePath(QStringLiteral("cache.sqlite"));
    if (!QFile::copy(QString::fromLocal8Bit(defaultData), cachePath)) {
        std::fprintf(stderr, "%s: cannot copy %s\n", bench, defaultData);
        return std::nullopt;
    }
    QFile::setPermissions(cachePath, QFile::ReadOwner | QFile::WriteOwner);
    if (prepare && !prepare(cachePath)) {
        std::fprintf(stderr, "%s: cannot prepare the cache\n", bench);
        return std::nullopt;
    }
    AppSession::Options options;
    options.cachePath = cachePath;
    options.useKeyring = false;
    auto opened = AppSession::open(options);
    if (!opened.isOk()) {
        std::fprintf(stderr, "%s: %s\n", bench, opened.status().message().c_str());
        return std::nullopt;
    }
    BenchWindow out;
    out.session = opened.value().get();
    out.window = buildMainWindow(std::move(opened).value());
    out.window->resize(1280, 800);
    out.window->show();
    out.session->waitUntilIdle();
    QApplication::processEvents();
    return out;
}

// The median of nine immediate repaints of `widget`: what one frame of it at rest costs.
inline double medianRepaintMs(QWidget *widget)
{
    std::vector<double> repaints;
    for (int i = 0; i < 9; ++i) {
        QElapsedTimer t;
        t.start();
        widget->repaint();
        repaints.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    std::sort(repaints.begin(), repaints.end());
    return repaints[repaints.size() / 2];
}

} // namespace stackatlas::bench
