// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/chartdata.h"
#include "models/domain/fetchrun.h"
#include "models/domain/status.h"
#include "models/domain/taxonomy.h"
#include "models/item/layermapmodel.h"

#include <QList>
#include <QStringList>

#include <optional>
#include <vector>

namespace stackatlas {

class Cache;

// A table of the report: translated header, rows of text, and each column's share of the width.
struct ReportTable
{
    QStringList header;
    QList<QStringList> rows;
    QList<double> widths;
};

// Everything the PDF report shows, gathered from the cache in one go (on the data store's thread in
// the desktop, on the CLI's own in `stackatlas report`), so painting the pages reads nothing.
struct ReportData
{
    LayerMapModel::Contents layerMap; // also the taxonomy the graph is drawn from
    std::vector<ChartData> priceWar, valuation, usage;
    ReportTable protocols, index, sources, claims;
    std::optional<UnixSeconds> asOf;
    QString gpu;
};

Result<ReportData> gatherReportData(const Cache &cache, const QString &gpu, const AsOf &asOf = {});

// The tables behind the charts, each from what gatherReportData read; exposed for tests.
ReportTable protocolsTable(const Taxonomy &taxonomy, const std::vector<LatestValue> &latest);
ReportTable indexTable(const std::vector<ChartData> &priceWar);
ReportTable sourcesTable(const std::vector<SourceStatus> &sources);
ReportTable claimsTable(const Taxonomy &taxonomy);

} // namespace stackatlas
