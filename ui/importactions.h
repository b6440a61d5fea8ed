// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/status.h"

#include <QString>

#include <functional>

namespace stackatlas {

class AppSession;
class MainWindow;

// File > Import CSV…: a long-format CSV (the layout `stackatlas import-csv` reads) imported on the
// data store's thread, so the window stays responsive however large the file. While it runs, the
// Activity pane and the status bar say how far it is (rows, rows/s, percent, time left) and the
// status bar offers Cancel, which rolls the whole import back. One import at a time.
void installImportActions(MainWindow &window, AppSession &session);

// What the action does once a file is chosen (tests call it directly). `done` gets the outcome on
// the GUI thread; StatusCode::Cancelled when the user cancelled.
void importCsvInWindow(MainWindow &window, AppSession &session, const QString &path,
                       std::function<void(const Status &)> done = {});

} // namespace stackatlas
