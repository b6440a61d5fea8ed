// SPDX-License-Identifier: GPL-3.0-or-later
#include "reportdata.h"

#include "datasources/cache/cache.h"
#include "models/domain/derivedcaps.h"
#include "models/domain/serialize.h"
#include "models/domain/timeutil.h"
#include "models/item/chartloaders.h"
#include "models/item/missingfiguresloader.h"
#include "models/item/valueformat.h"

#include <QCoreApplication>

#include <cmath>
#include <map>

namespace stackatlas {

namespace {

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

// The app's money forms (valueformat.h), as on screen: never an exponent.
QString money(std::optional<double> v)
{
    return v ? formatUsdCompact(*v) : QCoreApplication::translate("Report", "unknown");
}

} // namespace

ReportTable protocolsTable(const Taxonomy &taxonomy, const std::vector<LatestValue> &latest)
{
    ReportTable protocols{
        {QCoreApplication::translate("Report", "Protocol"), QCoreApplication::translate("Report", "Layer"),
         QCoreApplication::translate("Report", "Price"), QCoreApplication::translate("Report", "Market cap"),
         QCoreApplication::translate("Report", "FDV"), QCoreApplication::translate("Report", "FDV/MC"),
         QCoreApplication::translate("Report", "24h volume"),
         QCoreApplication::translate("Report", "Source, as of")},
        {},
        {1.6, 1.0, 1.5, 1.6, 1.6, 1.3, 1.6, 2.5}};
    std::map<std::pair<std::string, std::string>, const LatestValue *> byKey;
    for (const LatestValue &v : latest)
        byKey[{v.entityId, v.metric}] = &v;
    for (const Entity *e : taxonomy.protocols()) {
        const auto get = [&](const char *m) -> const LatestValue * {
            const auto it = byKey.find({e->id, m});
            return it == byKey.end() ? nullptr : it->second;
        };
        const LatestValue *price = get("price_usd"), *mc = get("market_cap_usd"), *fdv = get("fdv_usd"),
                          *vol = get("volume_24h_usd");
        // A stale value is only here when asked for, and then marked with its date.
        const auto cell = [](const LatestValue *v, const QString &value) {
            const QString figure = v && isDerived(v->provenance)
                                       ? QCoreApplication::translate("Report", "%1 (derived)").arg(value)
                                       : value;
            return v && v->stale ? QCoreApplication::translate("Report", "%1 (stale %2)")
                                       .arg(figure, q(formatIsoDate(v->ts)))
                                 : figure;
        };
        const auto val = [](const LatestValue *v) {
            return v ? std::optional<double>(v->value) : std::nullopt;
        };
        QString ratio = QCoreApplication::translate("Report", "unknown");
        if (mc && fdv && mc->ts == fdv->ts && mc->provenance.source == fdv->provenance.source &&
            mc->value > 0)
            ratio = QStringLiteral("%1x").arg(fdv->value / mc->value, 0, 'f', 2);
        else if (mc && fdv) // never a ratio of two dates or two sources
            ratio = mc->ts != fdv->ts ? QCoreApplication::translate("Report", "unknown: dates differ")
                                      : QCoreApplication::translate("Report", "unknown: sources differ");
        // Every source of the row, and the span of its dates.
        QStringList sources;
        std::optional<UnixSeconds> first, last;
        for (const LatestValue *v : {price, mc, fdv, vol}) {
            if (!v)
                continue;
            if (!sources.contains(q(v->provenance.source)))
                sources << q(v->provenance.source);
            first = std::min(first.value_or(v->ts), v->ts);
            last = std::max(last.value_or(v->ts), v->ts);
        }
        QString provenance = QCoreApplication::translate("Report", "no data");
        if (last)
            provenance = sources.join(QStringLiteral(" + ")) + QStringLiteral(", ") +
                         (*first == *last || formatIsoDate(*first) == formatIsoDate(*last)
                              ? q(formatIsoDate(*last))
                              : q(formatIsoDate(*first)) + QStringLiteral(" to ") + q(formatIsoDate(*last)));
        const Category *c = taxonomy.category(e->categoryId);
        const Layer *l = c ? taxonomy.layer(c->layerId) : nullptr;
        protocols.rows.append({q(e->name), l ? q(l->name) : QString(),
                               price ? cell(price, formatUsdPrice(price->value))
                                     : QCoreApplication::translate("Report", "unknown"),
                               cell(mc, money(val(mc))), cell(fdv, money(val(fdv))), ratio,
                               cell(vol, money(val(vol))), provenance});
    }
    return protocols;
}

ReportTable indexTable(const std::vector<ChartData> &priceWar)
{
    ReportTable index{{QCoreApplication::translate("Report", "Day (UTC)"),
                       QCoreApplication::translate("Report", "Index"),
                       QCoreApplication::translate("Report", "Providers")},
                      {},
                      {1.2, 1, 3}};
    // Days under the minimum per side are listed too, marked, in day order with the others.
    std::vector<std::pair<const ChartPoint *, bool>> days; // point, under the minimum
    for (const ChartSeries &s : priceWar.at(1).series)
        for (const ChartPoint &p : s.points)
            days.emplace_back(&p, s.role == SeriesRole::Scatter);
    std::stable_sort(days.begin(), days.end(),
                     [](const auto &a, const auto &b) { return a.first->x < b.first->x; });
    for (const auto &[p, thin] : days)
        index.rows.append({q(formatIsoDate(UnixSeconds(p->x))), QString::number(p->y, 'f', 3),
                           q(p->label) + (thin ? QCoreApplication::translate("Report", " (too few providers: "
                                                                                       "not in the line)")
                                               : QString())});
    return index;
}

ReportTable sourcesTable(const std::vector<SourceStatus> &sources)
{
    ReportTable sourceTable{{QCoreApplication::translate("Report", "Source"),
                             QCoreApplication::translate("Report", "Endpoint or file"),
                             QCoreApplication::translate("Report", "Data as of"),
                             QCoreApplication::translate("Report", "Last run"),
                             QCoreApplication::translate("Report", "Points")},
                            {},
                            {1.4, 4, 1.4, 1.8, 0.8}};
    for (const SourceStatus &s : sources)
        sourceTable.rows.append({q(s.source), s.lastRun ? q(s.lastRun->endpoint) : QString(),
                                 s.asOf ? q(formatIsoUtc(*s.asOf)) : QStringLiteral("-"),
                                 s.lastRun ? q(s.lastRun->status + " " + formatIsoUtc(s.lastRun->endedAt))
                                           : QCoreApplication::translate("Report", "never"),
                                 QString::number(s.points)});
    return sourceTable;
}

ReportTable claimsTable(const Taxonomy &taxonomy)
{
    ReportTable claims{
        {QCoreApplication::translate("Report", "Claim"), QCoreApplication::translate("Report", "Value"),
         QCoreApplication::translate("Report", "Date"), QCoreApplication::translate("Report", "Citation")},
        {},
        {3.2, 0.9, 0.6, 3.4}};
    for (const Claim &c : taxonomy.claims)
        claims.rows.append(
            {q(c.statement),
             q(formatNumber(c.value)) +
                 (c.valueHigh ? QStringLiteral("–") + q(formatNumber(*c.valueHigh)) : QString()) +
                 QStringLiteral(" ") + q(c.unit),
             q(c.date), q(c.source)});

    return claims;
}

Result<std::vector<Finding>> gatherFindings(const Cache &cache, const Taxonomy &taxonomy,
                                            const std::string &gpu, const AsOf &asOf,
                                            const std::vector<LatestValue> &latest)
{
    std::vector<Finding> out;
    const auto at = cache.resolve(asOf);
    if (!at)
        return out;
    auto gpus = pricedGpus(cache);
    if (!gpus.isOk())
        return gpus.status();
    // The report's GPU first, then the most priced others: four in all.
    std::vector<std::string> chosen{gpu};
    for (const std::string &g : gpus.value())
        if (chosen.size() < 4 && g != gpu)
            chosen.push_back(g);
    for (const std::string &g : chosen) {
        SeriesQuery q{"", "gpu_hourly_usd", {{"gpu", g}}, std::nullopt, *at};
        q.withEndpoints = false;
        auto series = cache.query(q);
        if (!series.isOk())
            return series.status();
        for (Finding &f : indexFindings(taxonomy.gpuName(g), series.value(), taxonomy, *at))
            out.push_back(std::move(f));
        if (g == gpu)
            for (Finding &f : classFindings(taxonomy.gpuName(g), series.value(), taxonomy, *at))
                out.push_back(std::move(f));
    }
    // Stale figures only when asked for (AsOf::includeStale, --show-stale): the staleness rule.
    AsOf single = asOf;
    single.compareFrom.reset();
    const auto valuations = cache.latestValues({"market_cap_usd", "fdv_usd"}, single);
    if (!valuations.isOk())
        return valuations.status();
    for (Finding &f : overhangFindings(taxonomy, valuations.value(), *at))
        out.push_back(std::move(f));
    for (Finding &f : exposureFindings(taxonomy, latest))
        out.push_back(std::move(f));
    // Who has no market cap at the report's date, each with why: never an empty row left unsaid.
    std::vector<std::string> known;
    for (const LatestValue &v : latest)
        if (v.metric == "market_cap_usd" && !v.stale)
            known.push_back(v.entityId);
    auto loaded =
        loadMissingFigures(cache, taxonomy, "market_cap_usd", known, *at, asOf.windowFor("market_cap_usd"));
    if (!loaded.isOk())
        return loaded.status();
    const std::vector<MissingFigure> &missing = loaded.value();
    if (!missing.empty())
        out.push_back({"Protocols without a market cap at " + formatIsoDate(*at),
                       std::to_string(missing.size()) + " of " + std::to_string(taxonomy.protocols().size()) +
                           ": " + describeMissing(missing),
                       formatIsoDate(*at), "-"});
    if (asOf.compareFrom) {
        const auto a = cache.latestValueCandidates({"market_cap_usd"}, asOf.atCompareFrom());
        const auto b = cache.latestValueCandidates({"market_cap_usd"}, asOf);
        if (!a.isOk())
            return a.status();
        if (!b.isOk())
            return b.status();
        const auto layers =
            compareDates(taxonomy, a.value(), b.value(), "market_cap_usd", CompareLevel::Layer);
        const auto protocols =
            compareDates(taxonomy, a.value(), b.value(), "market_cap_usd", CompareLevel::Protocol);
        for (Finding &f : movementFindings(layers, protocols, *asOf.compareFrom, *at))
            out.push_back(std::move(f));
    }
    return out;
}

Result<ReportData> gatherReportData(const Cache &cache, const QString &gpu, const AsOf &asOf)
{
    ReportData data;
    data.gpu = gpu;
    auto layerMap = LayerMapModel::load(cache, asOf);
    if (!layerMap.isOk())
        return layerMap.status();
    data.layerMap = std::move(layerMap).value();
    for (auto [pane, charts, key] : {std::tuple{"price-war", &data.priceWar, gpu.toStdString()},
                                     std::tuple{"valuation", &data.valuation, std::string()},
                                     std::tuple{"usage", &data.usage, std::string()}}) {
        TimeRange range;
        range.asOf = asOf;
        range.to = asOf.at; // a report as of a date holds nothing after it
        auto loaded = loadPaneCharts(cache, pane, key, range);
        if (!loaded.isOk())
            return loaded.status();
        *charts = std::move(loaded).value();
    }
    const auto latest =
        cache.latestValues({"price_usd", "market_cap_usd", "fdv_usd", "volume_24h_usd"}, asOf);
    if (!latest.isOk())
        return latest.status();
    const auto sources = cache.sources();
    if (!sources.isOk())
        return sources.status();
    const Taxonomy &taxonomy = data.layerMap.taxonomy;
    data.protocols = protocolsTable(taxonomy, latest.value());
    data.index = indexTable(data.priceWar);
    data.sources = sourcesTable(sources.value());
    data.claims = claimsTable(taxonomy);
    data.asOf = cache.resolve(asOf);
    data.compareFrom = asOf.compareFrom;
    auto findings = gatherFindings(cache, taxonomy, gpu.toStdString(), asOf, latest.value());
    if (!findings.isOk())
        return findings.status();
    data.findings = std::move(findings).value();
    return data;
}

} // namespace stackatlas
