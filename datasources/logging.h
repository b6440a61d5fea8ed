// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

// Diagnostics go through these categories, so a user can turn them on without a rebuild:
//   QT_LOGGING_RULES="stackatlas.*.debug=true" stackatlas
// What the user asked for (a CLI command's output, its error line) is not logging and still goes
// to stdout and stderr.
namespace stackatlas {
Q_DECLARE_LOGGING_CATEGORY(lcCache)  // stackatlas.cache: opening, migrating, snapshots
Q_DECLARE_LOGGING_CATEGORY(lcFetch)  // stackatlas.fetch: HTTP, adapters, the fetch pipeline
Q_DECLARE_LOGGING_CATEGORY(lcImport) // stackatlas.import: CSV and payload imports
Q_DECLARE_LOGGING_CATEGORY(lcStore)  // stackatlas.store: the data store's reads and edits
Q_DECLARE_LOGGING_CATEGORY(lcUi)     // stackatlas.ui: panes, dialogs, settings, the window
} // namespace stackatlas
