// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace stackatlas {

// Builds the main window over the user's cache and runs the event loop (or, with --screenshot,
// renders one frame to a PNG and returns). Requires a QApplication.
int runGui(const QStringList &args);

} // namespace stackatlas
