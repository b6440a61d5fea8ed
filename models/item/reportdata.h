// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/chartdata.h"
#include "models/domain/fetchrun.h"
#include "models/domain/findings.h"
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
    std::vector<Finding> findings; // the summary page, computed from the data as of its date
    std::optional<UnixSeconds> asOf;
    std::optional<UnixSeconds> compareFrom; // report --compare A,B: A (asOf is B)
    QString gpu;
};

// The summary page's findings: the price advantage index now, 30 and 90 days ago for the most
// priced GPUs, the cheapest and dearest class for `gpu`, the largest FDV/MC overhangs, the node
// whose failure exposes most market cap, and with a comparison the layers and protocols that
// moved most. Exposed for tests.
Result<std::vector<Finding>> gatherFindings(const Cache &cache, const Taxonomy &taxonomy,
                                            const std::string &gpu, const AsOf &asOf,
                                            const std::vector<LatestValue> &latest);

Result<ReportData> gatherReportData(const Cache &cache, const QString &gpu, const AsOf &asOf = {});

// The tables behind the charts, each from what gatherReportData read; exposed for tests.
ReportTable protocolsTable(const Taxonomy &taxonomy, const std::vector<LatestValue> &latest);
ReportTable indexTable(const std::vector<ChartData> &priceWar);
ReportTable sourcesTable(const std::vector<SourceStatus> &sources);
ReportTable claimsTable(const Taxonomy &taxonomy);

} // namespace stackatlas
