// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <functional>

namespace stackatlas {

class AppSession;
class MainWindow;
struct SnapshotMeta;

// The File menu's snapshot and report actions: Save Snapshot…, Open Snapshot… (and recent ones,
// and files dropped on the window), Compare with Snapshot…, Export Report…. `openWindow` opens a
// snapshot in a window of its own in this process (the live cache stays where it is).
void installSnapshotActions(MainWindow &window, AppSession &session,
                            std::function<void(const QString &path)> openWindow);

// Remembers a snapshot for File > Open Recent.
void rememberSnapshot(const QString &path);

// "Snapshot «Week 48» of 2026-11-29 — read-only"
QString snapshotBanner(const SnapshotMeta &meta);

} // namespace stackatlas
