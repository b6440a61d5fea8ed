// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshotdiff.h"

#include "models/domain/chartdata.h"
#include "models/domain/serialize.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <limits>
#include <map>
#include <set>

namespace stackatlas {

namespace {

std::string seriesName(const SeriesKey &k)
{
    std::string out = k.entityId + " " + k.metric + " (" + k.source;
    if (!k.dims.empty())
        out += "; " + formatDimensions(k.dims);
    return out + ")";
}

std::string edgeName(const Dependency &d)
{
    return d.fromId + " -> " + d.toId + " (" + d.kind + ")";
}

std::string eventName(const Event &e)
{
    return e.start + (e.end.empty() ? "" : ".." + e.end) + ": " + e.title + (e.userDefined ? " [yours]" : "");
}

template <typename T>
void setDiff(const std::set<T> &a, const std::set<T> &b, std::vector<T> &added, std::vector<T> &removed)
{
    for (const T &x : b)
        if (!a.count(x))
            added.push_back(x);
    for (const T &x : a)
        if (!b.count(x))
            removed.push_back(x);
}

std::string percentText(double p)
{
    if (!std::isfinite(p))
        return "new (was 0)";
    return (p >= 0 ? "+" : "") + formatFixed(p, 1) + " %";
}

} // namespace

bool SnapshotDiff::isEmpty() const
{
    return entitiesAdded.empty() && entitiesRemoved.empty() && seriesAdded.empty() && seriesRemoved.empty() &&
           changes.empty() && sources.empty() && dependenciesAdded.empty() && dependenciesRemoved.empty() &&
           eventsAdded.empty() && eventsRemoved.empty() && claimsChanged.empty();
}

Result<SnapshotDiff> diffCaches(const Cache &before, const Cache &after, double thresholdPercent)
{
    SnapshotDiff out;
    out.thresholdPercent = thresholdPercent;
    const auto ta = before.taxonomy(), tb = after.taxonomy();
    if (!ta.isOk())
        return ta.status();
    if (!tb.isOk())
        return tb.status();
    std::set<std::string> ea, eb;
    for (const Entity &e : ta.value().entities)
        ea.insert(e.id);
    for (const Entity &e : tb.value().entities)
        eb.insert(e.id);
    setDiff(ea, eb, out.entitiesAdded, out.entitiesRemoved);

    std::set<std::string> da, db;
    for (const Dependency &d : ta.value().dependencies)
        da.insert(edgeName(d));
    for (const Dependency &d : tb.value().dependencies)
        db.insert(edgeName(d));
    setDiff(da, db, out.dependenciesAdded, out.dependenciesRemoved);

    std::map<std::string, std::string> ca, cb;
    for (const Claim &c : ta.value().claims)
        ca[c.id] = c.statement + " = " + formatNumber(c.value) + " " + c.unit;
    for (const Claim &c : tb.value().claims)
        cb[c.id] = c.statement + " = " + formatNumber(c.value) + " " + c.unit;
    for (const auto &[id, text] : cb)
        if (!ca.count(id))
            out.claimsChanged.push_back("added " + id + ": " + text);
        else if (ca[id] != text)
            out.claimsChanged.push_back("changed " + id + ": " + ca[id] + " -> " + text);
    for (const auto &[id, text] : ca)
        if (!cb.count(id))
            out.claimsChanged.push_back("removed " + id + ": " + text);

    const auto eva = before.events(), evb = after.events();
    if (!eva.isOk())
        return eva.status();
    if (!evb.isOk())
        return evb.status();
    std::set<std::string> xa, xb;
    for (const Event &e : eva.value())
        xa.insert(eventName(e));
    for (const Event &e : evb.value())
        xb.insert(eventName(e));
    setDiff(xa, xb, out.eventsAdded, out.eventsRemoved);

    const auto la = before.latestPerSeries(), lb = after.latestPerSeries();
    if (!la.isOk())
        return la.status();
    if (!lb.isOk())
        return lb.status();
    std::map<SeriesKey, const Cache::SeriesLatest *> ma;
    for (const auto &s : la.value())
        ma[s.key] = &s;
    std::set<SeriesKey> seen;
    for (const auto &s : lb.value()) {
        seen.insert(s.key);
        const auto it = ma.find(s.key);
        if (it == ma.end()) {
            out.seriesAdded.push_back(s.key);
            continue;
        }
        const auto &old = *it->second;
        if (old.value == s.value)
            continue;
        const double pct = old.value == 0 ? std::numeric_limits<double>::infinity()
                                          : (s.value - old.value) / std::fabs(old.value) * 100.0;
        if (std::fabs(pct) >= thresholdPercent)
            out.changes.push_back({s.key, s.unit, old.value, s.value, old.ts, s.ts, pct});
    }
    for (const auto &s : la.value())
        if (!seen.count(s.key))
            out.seriesRemoved.push_back(s.key);

    const auto sa = before.sources(), sb = after.sources();
    if (!sa.isOk())
        return sa.status();
    if (!sb.isOk())
        return sb.status();
    std::map<std::string, std::string> asOfA;
    for (const SourceStatus &s : sa.value())
        asOfA[s.source] = s.asOf ? formatIsoUtc(*s.asOf) : "";
    std::set<std::string> sourcesB;
    for (const SourceStatus &s : sb.value()) {
        sourcesB.insert(s.source);
        const std::string now = s.asOf ? formatIsoUtc(*s.asOf) : "";
        const auto it = asOfA.find(s.source);
        const std::string was = it == asOfA.end() ? "" : it->second;
        if (it == asOfA.end() || was != now)
            out.sources.push_back({s.source, was, now});
    }
    for (const auto &[source, was] : asOfA)
        if (!sourcesB.count(source))
            out.sources.push_back({source, was, ""});
    return out;
}

std::string diffToText(const SnapshotDiff &d)
{
    std::string out;
    const auto list = [&](const char *title, const std::vector<std::string> &items) {
        if (items.empty())
            return;
        out += std::string(title) + " (" + std::to_string(items.size()) + "):\n";
        for (const std::string &i : items)
            out += "  " + i + "\n";
    };
    list("Entities added", d.entitiesAdded);
    list("Entities removed", d.entitiesRemoved);
    std::vector<std::string> changes;
    for (const auto &c : d.changes)
        changes.push_back(seriesName(c.key) + ": " + formatNumber(c.before) + " -> " + formatNumber(c.after) +
                          " " + c.unit + " (" + (c.after - c.before >= 0 ? "+" : "") +
                          formatNumber(c.after - c.before) + ", " + percentText(c.percent) + "; " +
                          formatIsoUtc(c.beforeTs) + " -> " + formatIsoUtc(c.afterTs) + ")");
    list(("Changes of at least " + formatNumber(d.thresholdPercent) + " %").c_str(), changes);
    std::vector<std::string> sa, sr;
    for (const auto &k : d.seriesAdded)
        sa.push_back(seriesName(k));
    for (const auto &k : d.seriesRemoved)
        sr.push_back(seriesName(k));
    list("Series added", sa);
    list("Series removed", sr);
    std::vector<std::string> sources;
    for (const auto &s : d.sources)
        sources.push_back(s.source + ": as of " + (s.before.empty() ? "(none)" : s.before) + " -> " +
                          (s.after.empty() ? "(none)" : s.after));
    list("Sources whose as-of moved", sources);
    list("Dependencies added", d.dependenciesAdded);
    list("Dependencies removed", d.dependenciesRemoved);
    list("Claims", d.claimsChanged);
    list("Events added", d.eventsAdded);
    list("Events removed", d.eventsRemoved);
    return out.empty() ? "No differences.\n" : out;
}

std::string diffToCsv(const SnapshotDiff &d)
{
    std::string out = "kind,subject,before,after,change,percent,unit\n";
    const auto row = [&](const std::string &kind, const std::string &subject, const std::string &before,
                         const std::string &after, const std::string &change, const std::string &pct,
                         const std::string &unit) {
        out += kind + ',' + csvField(subject) + ',' + csvField(before) + ',' + csvField(after) + ',' +
               change + ',' + pct + ',' + csvField(unit) + '\n';
    };
    for (const auto &e : d.entitiesAdded)
        row("entity_added", e, "", "", "", "", "");
    for (const auto &e : d.entitiesRemoved)
        row("entity_removed", e, "", "", "", "", "");
    for (const auto &c : d.changes)
        row("value_changed", seriesName(c.key), formatNumber(c.before), formatNumber(c.after),
            formatNumber(c.after - c.before), std::isfinite(c.percent) ? formatNumber(c.percent) : "",
            c.unit);
    for (const auto &k : d.seriesAdded)
        row("series_added", seriesName(k), "", "", "", "", "");
    for (const auto &k : d.seriesRemoved)
        row("series_removed", seriesName(k), "", "", "", "", "");
    for (const auto &s : d.sources)
        row("source_as_of", s.source, s.before, s.after, "", "", "");
    for (const auto &x : d.dependenciesAdded)
        row("dependency_added", x, "", "", "", "", "");
    for (const auto &x : d.dependenciesRemoved)
        row("dependency_removed", x, "", "", "", "", "");
    for (const auto &x : d.claimsChanged)
        row("claim", x, "", "", "", "", "");
    for (const auto &x : d.eventsAdded)
        row("event_added", x, "", "", "", "", "");
    for (const auto &x : d.eventsRemoved)
        row("event_removed", x, "", "", "", "", "");
    return out;
}

std::string diffToJson(const SnapshotDiff &d)
{
    const auto strings = [](const std::vector<std::string> &v) {
        QJsonArray a;
        for (const auto &s : v)
            a.append(QString::fromStdString(s));
        return a;
    };
    const auto key = [](const SeriesKey &k) {
        QJsonObject dims;
        for (const auto &[n, v] : k.dims)
            dims[QString::fromStdString(n)] = QString::fromStdString(v);
        return QJsonObject{{QStringLiteral("entity"), QString::fromStdString(k.entityId)},
                           {QStringLiteral("metric"), QString::fromStdString(k.metric)},
                           {QStringLiteral("source"), QString::fromStdString(k.source)},
                           {QStringLiteral("dims"), dims}};
    };
    QJsonArray changes, added, removed, sources;
    for (const auto &c : d.changes) {
        QJsonObject o = key(c.key);
        o[QStringLiteral("unit")] = QString::fromStdString(c.unit);
        o[QStringLiteral("before")] = c.before;
        o[QStringLiteral("after")] = c.after;
        o[QStringLiteral("before_ts")] = QString::fromStdString(formatIsoUtc(c.beforeTs));
        o[QStringLiteral("after_ts")] = QString::fromStdString(formatIsoUtc(c.afterTs));
        o[QStringLiteral("change")] = c.after - c.before;
        o[QStringLiteral("percent")] = std::isfinite(c.percent) ? QJsonValue(c.percent) : QJsonValue();
        changes.append(o);
    }
    for (const auto &k : d.seriesAdded)
        added.append(key(k));
    for (const auto &k : d.seriesRemoved)
        removed.append(key(k));
    for (const auto &s : d.sources)
        sources.append(QJsonObject{
            {QStringLiteral("source"), QString::fromStdString(s.source)},
            {QStringLiteral("before"), s.before.empty() ? QJsonValue() : QString::fromStdString(s.before)},
            {QStringLiteral("after"), s.after.empty() ? QJsonValue() : QString::fromStdString(s.after)}});
    const QJsonObject root{{QStringLiteral("threshold_percent"), d.thresholdPercent},
                           {QStringLiteral("entities_added"), strings(d.entitiesAdded)},
                           {QStringLiteral("entities_removed"), strings(d.entitiesRemoved)},
                           {QStringLiteral("changes"), changes},
                           {QStringLiteral("series_added"), added},
                           {QStringLiteral("series_removed"), removed},
                           {QStringLiteral("sources"), sources},
                           {QStringLiteral("dependencies_added"), strings(d.dependenciesAdded)},
                           {QStringLiteral("dependencies_removed"), strings(d.dependenciesRemoved)},
                           {QStringLiteral("claims"), strings(d.claimsChanged)},
                           {QStringLiteral("events_added"), strings(d.eventsAdded)},
                           {QStringLiteral("events_removed"), strings(d.eventsRemoved)}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented).toStdString();
}

} // namespace stackatlas
