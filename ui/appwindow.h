// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <memory>

class QWidget;

namespace stackatlas {

class AppSession;
class MainWindow;

// Builds the desktop's main window over a session: every pane, the File menu's actions (export,
// snapshots, report, settings), refresh, the status bar, and the wiring between them. The window
// owns the session and deletes it when closed, so a snapshot's window (a second session over its
// private copy) can come and go while the live cache's window stays.
MainWindow *buildMainWindow(std::unique_ptr<AppSession> session);

// The session a window shows.
AppSession *sessionOf(const MainWindow *window);

// Opens a snapshot file read-only in a new window of this process, with the settings of `from`.
// A refusal is explained in a dialog over `from` (and returned as null).
MainWindow *openSnapshotWindow(const QString &path, MainWindow *from);

} // namespace stackatlas
