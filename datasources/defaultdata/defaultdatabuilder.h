// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/status.h"

#include <QString>

#include <functional>

namespace stackatlas {

// The build step that turns resources/defaultdata/ into the default data file shipped with the app,
// through the same importers researchers use. Strict: a rejected row fails the build and nothing is
// written. It lives in the core library so that the tool running it (app/build-default-data) links
// nothing else, and editing a pane never rebuilds the data.
struct DefaultDataBuild
{
    QString manifest; // resources/defaultdata/manifest.json
    QString out;      // the file to write (atomically: built beside it, then renamed)
    std::function<void(const QString &line)> progress; // one line a step
    std::function<void(const QString &line)> problem;  // one line a rejected row or failed step
    // False: steps whose licence forbids commercial use ("commercial_use": false in the manifest,
    // Coin Metrics' CC BY-NC 4.0 community data) are left out, so a distributor can ship the file.
    // The file says which it is in its metadata (kNonCommercialKey).
    bool withNonCommercial = true;
};

// The default data's metadata key saying whether non-commercial datasets are in it: "included", or
// "left out: N datasets (LICENCE, ...)".
inline constexpr const char *kNonCommercialKey = "default_data_noncommercial";

struct DefaultDataSummary
{
    long long values = 0;
    qint64 bytes = 0;
    QString newestAsOf; // ISO-8601, or "-"
};

Result<DefaultDataSummary> buildDefaultData(const DefaultDataBuild &build);

} // namespace stackatlas
