// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The desktop as the app wires it (AppSession + buildMainWindow) over a test's private copy of the
// default data, for tests that drive the real window.
#include "models/session/appsession.h"
#include "support/clirun.h"
#include "ui/appwindow.h"
#include "ui/mainwindow.h"

#include <QString>

namespace stackatlas::test {

// A window over `options`, its first reads delivered; null when the session could not be opened.
inline MainWindow *openAppWindow(AppSession::Options options)
{
    options.useKeyring = false;
    auto opened = AppSession::open(options);
    if (!opened.isOk())
        return nullptr;
    MainWindow *window = buildMainWindow(std::move(opened).value());
    return sessionOf(window)->waitUntilIdle() ? window : nullptr;
}

} // namespace stackatlas::test
