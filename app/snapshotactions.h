// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace stackatlas {

class Cache;
class MainWindow;
struct SnapshotMeta;

// The File menu's snapshot and report actions: Save Snapshot…, Open Snapshot… (and recent ones,
// and files dropped on the window), Compare with Snapshot…, Export Report…. A snapshot opens in a
// window of its own, read-only, so the live cache stays where it is. `snapshot` is the metadata of
// the snapshot this window shows, or null for the live cache.
void installSnapshotActions(MainWindow &window, Cache &cache, const SnapshotMeta *snapshot);

// "Snapshot «Week 48» of 2026-11-29 — read-only"
QString snapshotBanner(const SnapshotMeta &meta);

} // namespace stackatlas
