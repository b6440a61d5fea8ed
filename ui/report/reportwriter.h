// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/asof.h"
#include "models/domain/status.h"

#include <QPageSize>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>
#include <string>

namespace stackatlas {

class Cache;
struct ReportData;
struct SnapshotMeta;

struct ReportOptions
{
    QString title = QStringLiteral("The Web3 AI stack");
    QPageSize::PageSizeId page = QPageSize::A4;
    QString gpu = QStringLiteral("h100-80gb");
    QString chartsDir; // also write each chart as PNG and SVG here; empty: no
    QString appVersion;
    AsOf asOf; // the date every figure is read at (default: the newest data)
    // Called after each page is painted with the pages done and the total; false cancels the
    // export, leaving the path as it was. The desktop shows progress and a Cancel button with it.
    std::function<bool(int done, int total)> onPage;
};

struct ReportSummary
{
    int pages = 0;
    QStringList sections; // in order, as the contents page lists them
    QStringList chartFiles;
};

// The multi-page PDF report: a cover (title, data as-of, snapshot hash), contents, the layer map,
// the dependency graph, the price war with its index, valuation, usage share (all as vectors), the
// data tables behind them, and a sources page (each source, endpoint, as-of and status; each
// research claim with its citation). Pages are numbered. Written atomically. Paints what
// gatherReportData (models/item/reportdata.h) read; reads nothing itself.
Result<ReportSummary> writeReport(const ReportData &data, const SnapshotMeta *snapshot, const QString &path,
                                  const ReportOptions &options);

// Gathers and writes in one go on the calling thread: for the CLI, tests and benchmarks. The desktop
// gathers on the data store's thread and paints on the GUI thread.
Result<ReportSummary> writeReport(const Cache &cache, const SnapshotMeta *snapshot, const QString &path,
                                  const ReportOptions &options);

} // namespace stackatlas
