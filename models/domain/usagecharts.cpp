// SPDX-License-Identifier: GPL-3.0-or-later
#include "usagecharts.h"

#include "asof.h"

#include "chainlink.h"
#include "moneyformat.h"

#include "translate.h"

#include "pricewarcharts.h"
#include "serialize.h"
#include "valuationcharts.h"

#include <cmath>
#include <ctime>
#include <map>
#include <sstream>

namespace stackatlas {

namespace {

const Claim *findClaim(const Taxonomy &taxonomy, const std::string &id)
{
    for (const Claim &c : taxonomy.claims)
        if (c.id == id)
            return &c;
    return nullptr;
}

UnixSeconds monthStart(UnixSeconds t)
{
    const std::string d = formatIsoDate(t); // YYYY-MM-DD
    return parseTimestamp(d.substr(0, 8) + "01").value.value_or(t);
}

} // namespace

Result<UsageClaim> researchUsageClaim(const Taxonomy &taxonomy)
{
    const Claim *c = findClaim(taxonomy, "usage-centralized");
    const Claim *d = findClaim(taxonomy, "usage-decentralized");
    const Claim *h = findClaim(taxonomy, "usage-hybrid");
    if (!c || !d || !h)
        return Status::error(StatusCode::NotFound,
                             "the taxonomy has no usage-centralized/-decentralized/-hybrid claims");
    return UsageClaim{c->value, d->value, h->value, c->source, c->date, false};
}

Status validateUsageClaim(const UsageClaim &u)
{
    for (double v : {u.centralized, u.decentralized, u.hybrid})
        if (!std::isfinite(v) || v < 0 || v > 100)
            return Status::error(StatusCode::InvalidInput, "each share must be between 0 and 100 percent");
    const double sum = u.centralized + u.decentralized + u.hybrid;
    if (std::fabs(sum - 100.0) > 0.5)
        return Status::error(StatusCode::InvalidInput,
                             "the shares add up to " + formatFixed(sum, 1) + " %, not 100 %");
    return Status::ok();
}

std::string encodeUsageClaim(const UsageClaim &u)
{
    std::string note = u.source;
    for (char &ch : note)
        if (ch == ';' || ch == '\n' || ch == '\r')
            ch = ' ';
    return formatNumber(u.centralized) + ";" + formatNumber(u.decentralized) + ";" + formatNumber(u.hybrid) +
           ";" + note;
}

Result<UsageClaim> decodeUsageClaim(const std::string &text)
{
    std::vector<std::string> parts;
    std::stringstream in(text);
    std::string part;
    while (parts.size() < 3 && std::getline(in, part, ';'))
        parts.push_back(part);
    std::string rest;
    std::getline(in, rest);
    if (parts.size() != 3)
        return Status::error(StatusCode::InvalidInput, "a usage claim needs three shares");
    UsageClaim u;
    double *fields[] = {&u.centralized, &u.decentralized, &u.hybrid};
    for (int i = 0; i < 3; ++i) {
        char *end = nullptr;
        *fields[i] = std::strtod(parts[std::size_t(i)].c_str(), &end);
        if (parts[std::size_t(i)].empty() || *end)
            return Status::error(StatusCode::InvalidInput, "not a number: " + parts[std::size_t(i)]);
    }
    u.source = rest.empty() ? "the user's own estimate" : rest;
    u.userDefined = true;
    if (Status s = validateUsageClaim(u); !s.isOk())
        return s;
    return u;
}

ChartData buildUsageDonut(const UsageClaim &u)
{
    ChartData c;
    c.id = "usage.claimed-split";
    c.title = u.userDefined ? translate("ChartText", "Where Web3 AI projects run: your estimate")
                            : translate("ChartText", "Where Web3 AI projects run: the research's survey");
    c.xKind = AxisKind::None;
    c.yTitle = translate("ChartText", "Share of projects (%)");
    c.unit = "percent";
    ChartSeries s{translate("ChartText", "Compute used"), "usage", SeriesRole::Slice, {}};
    const std::string source = u.userDefined ? "user" : u.source;
    s.points = {{0, u.centralized, 0, translate("ChartText", "Centralized"), source, 0},
                {1, u.decentralized, 0, translate("ChartText", "Decentralized"), source, 0},
                {2, u.hybrid, 0, translate("ChartText", "Hybrid"), source, 0}};
    c.series.push_back(std::move(s));
    c.caption =
        u.userDefined
            ? fillArgs(translate("ChartText",
                                 "Your own estimate (%1), kept in this cache; the research said otherwise."),
                       {u.source})
            : fillArgs(translate("ChartText", "Source: %1 (%2). A survey claim, not a measurement."),
                       {u.source, u.date});
    return c;
}

namespace {

// Each layer's protocols' values per month (the newest point in the month, any source), over the
// months in which at least `minProtocols` protocols report, with the sources behind each month.
struct LayerMonths
{
    std::map<std::string, std::map<UnixSeconds, std::map<std::string, double>>>
        values; // layer, month, protocol
    std::map<std::string, std::map<UnixSeconds, std::pair<std::string, UnixSeconds>>> sources;
};

LayerMonths monthlyLayerValues(const std::vector<SeriesData> &series, const Taxonomy &taxonomy,
                               const std::string &metric, int minProtocols)
{
    // protocol -> month -> newest point in that month (any source)
    struct Newest
    {
        const StoredPoint *point = nullptr;
        const Provenance *provenance = nullptr;
    };
    std::map<std::string, std::map<UnixSeconds, Newest>> newest;
    for (const SeriesData &s : series) {
        if (s.key.metric != metric || !isTokenTotalSeries(s.key))
            continue;
        if (layerOfProtocol(taxonomy, s.key.entityId).empty())
            continue;
        for (const StoredPoint &p : s.points) {
            Newest &slot = newest[s.key.entityId][monthStart(p.ts)];
            if (!slot.point || p.ts > slot.point->ts)
                slot = {&p, &s.provenanceOf(p)};
        }
    }
    std::map<UnixSeconds, int> protocolsInMonth;
    for (const auto &[entity, byMonth] : newest)
        for (const auto &[month, p] : byMonth)
            ++protocolsInMonth[month];
    // layer -> month -> protocol -> value, over the months enough protocols report
    LayerMonths out;
    auto &layerMonths = out.values;
    auto &layerSources = out.sources;
    for (const auto &[entity, byMonth] : newest) {
        const std::string layer = layerOfProtocol(taxonomy, entity);
        for (const auto &[month, p] : byMonth) {
            if (protocolsInMonth[month] < minProtocols)
                continue;
            layerMonths[layer][month][entity] = p.point->value;
            auto &src = layerSources[layer][month];
            addSource(src.first, p.provenance->source);
            src.second = std::max(src.second, p.provenance->asOf);
        }
    }
    return out;
}

} // namespace

ChartData buildLayerStack(const std::vector<SeriesData> &series, const Taxonomy &taxonomy,
                          const std::string &metric)
{
    ChartData c;
    const bool fees = metric == "fees_usd";
    c.id = fees ? "usage.fees-by-layer" : "usage.market-cap-by-layer";
    c.title = fees ? translate("ChartText", "Fees by layer, per month")
                   : translate("ChartText", "Market cap by layer, per month");
    c.xTitle = translate("ChartText", "Month (UTC)");
    c.unit = "USD";
    // A month counts when at least this many protocols have a value in it: one token alone (the
    // 2020-2023 Filecoin history) says nothing about layers.
    constexpr int minProtocols = 3;
    auto [layerMonths, layerSources] = monthlyLayerValues(series, taxonomy, metric, minProtocols);
    // Sources start and stop, so the protocols with a value change from month to month; a plain
    // sum would rise and fall with them. Each layer is chained instead: its change from one month
    // to the next is that of the protocols reported in both (chainlink.h), and only months that
    // follow one another are linked: a month with none in common, or a missing month, starts a new
    // line, named, never joined to the old one. A chained level is not a sum of USD (a protocol that
    // left still weighs in it), so the line is an index, 100 at each line's first month; the USD
    // sums of the protocols known that month are in the hover and the CSV.
    const std::string label =
        translate("ChartText", "%1 of %2 protocols also in the month before; sum of the "
                               "%2 known that month: %3");
    const std::string startLabel =
        translate("ChartText", "start of the line (= 100): sum of the %1 protocols known that month: %2");
    const Follows nextMonth = [](UnixSeconds previous, UnixSeconds t) {
        return monthStart(previous + 32 * 86400) == t;
    };
    std::vector<std::string> breaks;
    for (const Layer &l : taxonomy.layers) {
        const auto it = layerMonths.find(l.id);
        if (it == layerMonths.end())
            continue;
        ChartSeries *line = nullptr;
        double base = 1;
        for (const ChainedPoint &p : chainLink(it->second, ChainBase::Sum, nextMonth)) {
            if (!line || p.startsSegment) {
                const bool later = line != nullptr;
                c.series.push_back({later ? fillArgs(translate("ChartText", "%1 (from %2)"),
                                                     {l.name, formatIsoDate(p.t).substr(0, 7)})
                                          : l.name,
                                    l.id,
                                    SeriesRole::Line,
                                    {}});
                line = &c.series.back();
                base = p.level;
                if (later)
                    breaks.push_back(l.name + " " + formatIsoDate(p.t).substr(0, 7));
            }
            const auto &src = layerSources[l.id][p.t];
            const std::string sum = formatUsdShort(p.rawValue);
            line->points.push_back({double(p.t), 100.0 * p.level / base, 0,
                                    p.startsSegment ? fillArgs(startLabel, {std::to_string(p.rawCount), sum})
                                                    : fillArgs(label, {std::to_string(p.matched),
                                                                       std::to_string(p.rawCount), sum}),
                                    src.first, src.second, p.matched});
        }
    }
    c.unit = "index";
    c.countTitle = translate("ChartText", "protocols compared with the month before");
    c.preferLogY = true;
    // Short: the title and axis must not be cut in a third of the pane; the caption says the rest.
    c.title = fees ? translate("ChartText", "Fees by layer (index)")
                   : translate("ChartText", "Market cap by layer (index)");
    c.yTitle = translate("ChartText", "Index, first month = 100");
    c.caption = fillArgs(
        translate(
            "ChartText",
            "An index, not USD: each month moves by the change of the protocols reported in both it and "
            "the month before, so protocols entering or leaving the data (sources start and stop) move no "
            "line; each line is 100 at its first month. Only consecutive months are linked: a missing "
            "month ends a line. Hover and the CSV give the protocols compared and the USD sum of those "
            "known each month; months with fewer than %1 protocols in all are left out. Sources: %2."),
        {std::to_string(minProtocols), sourcesLine(c.series)});
    if (!breaks.empty()) {
        std::string names;
        for (std::size_t i = 0; i < breaks.size(); ++i)
            names += (i ? ", " : "") + breaks[i];
        c.caption += fillArgs(translate("ChartText", " New line (a new base) where a month is missing or no "
                                                     "protocol was in common with the month before: %1."),
                              {names});
    }
    if (c.series.empty())
        c.emptyReason = fees ? translate("ChartText",
                                         "No fee data in this cache: refresh (F5) to fetch DefiLlama's fees.")
                             : translate("ChartText", "No market cap history in this cache.");
    return c;
}

ChartData buildSectorTotals(const std::vector<LatestValue> &latest, const Taxonomy &taxonomy)
{
    ChartData c;
    c.id = "usage.sector-totals";
    c.title = translate("ChartText", "AI sectors (CoinGecko)");
    c.xKind = AxisKind::Category;
    c.xTitle = translate("ChartText", "Sector");
    c.yTitle = translate("ChartText", "USD");
    c.unit = "USD";
    c.preferLogY = true;
    ChartSeries mc{translate("ChartText", "Market cap"), "category_market_cap_usd", SeriesRole::Bar, {}};
    ChartSeries vol{translate("ChartText", "24h volume"), "category_volume_usd", SeriesRole::Bar, {}};
    for (const Sector &sector : taxonomy.sectors) {
        const LatestValue *m = nullptr, *v = nullptr;
        for (const LatestValue &lv : latest) {
            if (lv.entityId != sector.id)
                continue;
            if (lv.metric == "category_market_cap_usd")
                m = &lv;
            else if (lv.metric == "category_volume_usd")
                v = &lv;
        }
        if (!m && !v)
            continue;
        const double x = double(c.categories.size());
        c.categories.push_back(sector.name);
        if (m)
            mc.points.push_back({x, m->value, 0, sector.id, m->provenance.source, m->ts});
        if (v)
            vol.points.push_back({x, v->value, 0, sector.id, v->provenance.source, v->ts});
    }
    c.series = {mc, vol};
    c.caption = fillArgs(translate("ChartText", "Sectors overlap (a token can sit in several). Source: %1."),
                         {sourcesLine(c.series)});
    if (c.categories.empty())
        c.emptyReason = translate("ChartText", "No sector totals in this cache.");
    return c;
}

ChartData buildOfferSupplyShare(const std::vector<SeriesData> &gpuCounts, const Taxonomy &taxonomy,
                                std::optional<UnixSeconds> at, UnixSeconds window)
{
    ChartData c;
    c.id = "usage.gpu-offer-share";
    c.xKind = AxisKind::None;
    c.yTitle = translate("ChartText", "GPUs on offer");
    c.unit = "GPUs";
    // The newest day across the data, then each series' value that day.
    // Each series' newest point at or before `at`.
    const auto lastPoint = [at](const SeriesData &s) -> const StoredPoint * {
        for (auto it = s.points.rbegin(); it != s.points.rend(); ++it)
            if (!at || it->ts <= *at)
                return &*it;
        return nullptr;
    };
    UnixSeconds newestDay = 0;
    for (const SeriesData &s : gpuCounts)
        if (const StoredPoint *p = lastPoint(s))
            newestDay = std::max(newestDay, utcDay(p->ts));
    if (at && newestDay && *at - newestDay > window + 86400) {
        c.title = translate("ChartText", "GPUs on offer by provider class");
        c.emptyReason = fillArgs(translate("ChartText", "No GPU offer counts within %1 before %2: the newest "
                                                        "before it are of %3."),
                                 {windowText(window), formatIsoDate(*at), formatIsoDate(newestDay)});
        return c;
    }
    std::map<std::string, double> byClass;
    std::map<std::string, std::pair<std::string, UnixSeconds>> sources;
    for (const SeriesData &s : gpuCounts) {
        const auto state = s.key.dims.find("state");
        const auto rental = s.key.dims.find("rental");
        if (state == s.key.dims.end() || state->second != "offers")
            continue;
        if (rental != s.key.dims.end() && rental->second != "on_demand")
            continue; // the same GPUs are often listed for spot too
        const Entity *e = taxonomy.entity(s.key.entityId);
        const StoredPoint *p = lastPoint(s);
        if (!e || e->providerClass.empty() || !p || utcDay(p->ts) != newestDay)
            continue;
        byClass[e->providerClass] += p->value;
        auto &src = sources[e->providerClass];
        addSource(src.first, s.key.source);
        src.second = std::max(src.second, s.provenanceOf(*p).asOf);
    }
    c.title = newestDay ? fillArgs(translate("ChartText", "GPUs on offer by provider class, %1"),
                                   {formatIsoDate(newestDay)})
                        : translate("ChartText", "GPUs on offer by provider class");
    ChartSeries s{translate("ChartText", "GPUs on offer"), "supply", SeriesRole::Slice, {}};
    double x = 0;
    for (const std::string &cls : providerClassOrder()) {
        const auto it = byClass.find(cls);
        if (it == byClass.end())
            continue;
        const ProviderClass *pc = taxonomy.providerClass(cls);
        s.points.push_back(
            {x++, it->second, 0, pc ? pc->name : cls, sources[cls].first, sources[cls].second});
    }
    if (!s.points.empty())
        c.series.push_back(std::move(s));
    c.caption =
        fillArgs(translate("ChartText", "On-demand offers the trackers listed on the newest day (all GPU "
                                        "models): what was on offer, not installed capacity. Sources: %1."),
                 {sourcesLine(c.series)});
    if (c.series.empty())
        c.emptyReason = translate("ChartText", "No GPU offer counts in this cache.");
    return c;
}

ChartData buildComputeShareClaims(const Taxonomy &taxonomy)
{
    ChartData c;
    c.id = "usage.compute-share-claims";
    c.title = translate("ChartText", "Claimed compute shares");
    c.xKind = AxisKind::Category;
    c.xTitle = translate("ChartText", "Claim");
    c.yTitle = translate("ChartText", "Percent");
    c.unit = "percent";
    ChartSeries s{translate("ChartText", "Claimed share"), "claims", SeriesRole::Bar, {}};
    std::string source;
    for (const char *id : {"hyperscaler-share", "akash-vs-aws"}) {
        const Claim *claim = findClaim(taxonomy, id);
        if (!claim)
            continue;
        const double x = double(c.categories.size());
        c.categories.push_back(std::string(id) == "hyperscaler-share"
                                   ? translate("ChartText", "AWS + GCP, share of AI compute")
                                   : translate("ChartText", "Akash, as a share of AWS"));
        s.points.push_back({x, claim->value, 0, claim->id, claim->source, 0});
        source = claim->source + " (" + claim->date + ")";
    }
    if (!s.points.empty())
        c.series.push_back(std::move(s));
    std::string claims;
    for (const char *id : {"hyperscaler-share", "akash-vs-aws"})
        if (const Claim *claim = findClaim(taxonomy, id))
            claims += "\"" + claim->statement + "\" " + formatNumber(claim->value) + " %; ";
    c.caption = fillArgs(
        translate("ChartText",
                  "Two claims with different denominators, as the research states them: %1source: %2."),
        {claims, source});
    if (c.series.empty())
        c.emptyReason = translate("ChartText", "The taxonomy has no compute share claims.");
    return c;
}

} // namespace stackatlas
