// SPDX-License-Identifier: GPL-3.0-or-later
#include "comparison.h"
#include "derivedcaps.h"

#include "chartdata.h"
#include "serialize.h"
#include "textutil.h"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace stackatlas {
namespace {

// Per entity, the value at A and at B: from one source that has both when there is one (the
// newest at B among them), so a change is never a change of source; else each end's newest.
struct Pair
{
    const LatestValue *a = nullptr;
    const LatestValue *b = nullptr;
};

std::map<std::string, Pair> pairUp(const std::vector<LatestValue> &atA, const std::vector<LatestValue> &atB,
                                   const std::string &metric)
{
    auto newer = [](const LatestValue *slot, const LatestValue &v) {
        return !slot || v.ts > slot->ts ||
               (v.ts == slot->ts && v.provenance.source < slot->provenance.source);
    };
    std::map<std::string, std::map<std::string, Pair>> bySource; // entity -> source -> pair
    std::map<std::string, Pair> newest;                          // entity -> each end's newest
    for (const LatestValue &v : atA)
        if (v.metric == metric && !v.stale) {
            bySource[v.entityId][v.provenance.source].a = &v;
            if (newer(newest[v.entityId].a, v))
                newest[v.entityId].a = &v;
        }
    for (const LatestValue &v : atB)
        if (v.metric == metric && !v.stale) {
            bySource[v.entityId][v.provenance.source].b = &v;
            if (newer(newest[v.entityId].b, v))
                newest[v.entityId].b = &v;
        }
    std::map<std::string, Pair> out;
    for (auto &[entity, pair] : newest) {
        Pair chosen = pair;
        const LatestValue *bestB = nullptr;
        for (const auto &[source, p] : bySource[entity])
            if (p.a && p.b && newer(bestB, *p.b)) {
                bestB = p.b;
                chosen = p;
            }
        out[entity] = chosen;
    }
    return out;
}

std::string joined(const std::set<std::string> &items)
{
    return joinStrings(items, "+");
}

// Sums the protocols of one total; those without a value at both dates are left out, by name.
struct Accumulator
{
    Accumulator(std::string id, std::string name, std::string layerId)
    {
        figure.id = std::move(id);
        figure.name = std::move(name);
        figure.layerId = std::move(layerId);
    }
    ComparedFigure figure;
    std::set<std::string> sourcesA, sourcesB;
    void add(const Entity &e, const LatestValue *a, const LatestValue *b)
    {
        if (!a || !b) {
            figure.leftOut.push_back(e.name);
            return;
        }
        figure.a = figure.a.value_or(0) + a->value;
        figure.b = figure.b.value_or(0) + b->value;
        sourcesA.insert(a->provenance.source);
        sourcesB.insert(b->provenance.source);
        figure.fromA = figure.members ? std::min(figure.fromA, a->ts) : a->ts;
        figure.toA = std::max(figure.toA, a->ts);
        figure.fromB = figure.members ? std::min(figure.fromB, b->ts) : b->ts;
        figure.toB = std::max(figure.toB, b->ts);
        ++figure.members;
    }
    ComparedFigure done()
    {
        figure.sourcesA = joined(sourcesA);
        figure.sourcesB = joined(sourcesB);
        return std::move(figure);
    }
};

std::string dateSpan(UnixSeconds from, UnixSeconds to)
{
    if (!from && !to)
        return {};
    const std::string a = formatIsoDate(from), b = formatIsoDate(to);
    return a == b ? a : a + " to " + b;
}

// "$3.69B" for the text table (the CSV and JSON keep every digit).
std::string compact(double v, bool usd)
{
    const double a = std::abs(v);
    const char *suffix = a >= 1e12 ? "T" : a >= 1e9 ? "B" : a >= 1e6 ? "M" : a >= 1e3 ? "K" : "";
    const double scale = a >= 1e12 ? 1e12 : a >= 1e9 ? 1e9 : a >= 1e6 ? 1e6 : a >= 1e3 ? 1e3 : 1;
    return std::string(usd ? "$" : "") + formatFixed(v / scale, 2) + suffix;
}

std::string optionalNumber(const std::optional<double> &v)
{
    return v ? formatNumber(*v) : std::string();
}

} // namespace

std::optional<double> ComparedFigure::change() const
{
    if (!a || !b || *a <= 0)
        return std::nullopt;
    return (*b / *a - 1.0) * 100.0;
}

std::optional<CompareLevel> compareLevelFromName(std::string_view name)
{
    if (name == "protocol")
        return CompareLevel::Protocol;
    if (name == "category")
        return CompareLevel::Category;
    if (name == "layer")
        return CompareLevel::Layer;
    return std::nullopt;
}

std::vector<ComparedFigure> compareDates(const Taxonomy &taxonomy, const std::vector<LatestValue> &latestA,
                                         const std::vector<LatestValue> &latestB, const std::string &metric,
                                         CompareLevel level)
{
    const std::map<std::string, Pair> pairs = pairUp(latestA, latestB, metric);
    auto find = [&](bool atA, const std::string &id) -> const LatestValue * {
        const auto it = pairs.find(id);
        return it == pairs.end() ? nullptr : atA ? it->second.a : it->second.b;
    };
    std::vector<ComparedFigure> out;
    if (level == CompareLevel::Protocol) {
        for (const Entity *e : taxonomy.protocols()) {
            ComparedFigure f;
            f.metric = metric;
            f.id = e->id;
            f.name = e->name;
            const Layer *layer = taxonomy.layerOf(*e);
            f.layerId = layer ? layer->id : std::string();
            if (const LatestValue *a = find(true, e->id)) {
                f.a = a->value;
                f.sourcesA = a->provenance.source;
                f.fromA = f.toA = a->ts;
            }
            if (const LatestValue *b = find(false, e->id)) {
                f.b = b->value;
                f.sourcesB = b->provenance.source;
                f.fromB = f.toB = b->ts;
            }
            f.members = f.a && f.b ? 1 : 0;
            out.push_back(std::move(f));
        }
        return out;
    }
    const bool byLayer = level == CompareLevel::Layer;
    for (const Layer &l : taxonomy.layers) {
        std::vector<const Category *> cats;
        for (const Category &c : taxonomy.categories)
            if (c.layerId == l.id)
                cats.push_back(&c);
        if (byLayer) {
            Accumulator acc(l.id, l.name, l.id);
            for (const Entity *e : taxonomy.protocols())
                if (const Layer *el = taxonomy.layerOf(*e); el && el->id == l.id)
                    acc.add(*e, find(true, e->id), find(false, e->id));
            out.push_back(acc.done());
            out.back().metric = metric;
            continue;
        }
        for (const Category *c : cats) {
            Accumulator acc(c->id, c->name, l.id);
            for (const Entity *e : taxonomy.protocols())
                if (e->categoryId == c->id)
                    acc.add(*e, find(true, e->id), find(false, e->id));
            out.push_back(acc.done());
            out.back().metric = metric;
        }
    }
    return out;
}

namespace {

// The sources of a figure ("coinmetrics+derived") include a derived market cap.
bool hasDerived(const std::string &sources)
{
    std::size_t start = 0;
    while (start <= sources.size()) {
        std::size_t end = sources.find('+', start);
        if (end == std::string::npos)
            end = sources.size();
        if (sources.compare(start, end - start, kDerivedSource) == 0)
            return true;
        start = end + 1;
    }
    return false;
}

} // namespace

std::string comparisonToCsv(const std::vector<ComparedFigure> &rows)
{
    // derived_a/b: the figure at that end is, or a total includes, a market cap derived as price x
    // a dated supply (models/domain/derivedcaps.h), not an observed one.
    std::string out = "id,name,layer,value_a,value_b,change_pct,sources_a,as_of_a,sources_b,as_of_b,members,"
                      "left_out,derived_a,derived_b\n";
    for (const ComparedFigure &r : rows) {
        const std::string left = joinStrings(r.leftOut, "; ");
        const auto change = r.change();
        out += csvField(r.id) + "," + csvField(r.name) + "," + csvField(r.layerId) + "," +
               optionalNumber(r.a) + "," + optionalNumber(r.b) + "," +
               (change ? formatFixed(*change, 2) : std::string()) + "," + csvField(r.sourcesA) + "," +
               dateSpan(r.fromA, r.toA) + "," + csvField(r.sourcesB) + "," + dateSpan(r.fromB, r.toB) + "," +
               std::to_string(r.members) + "," + csvField(left) + "," +
               (hasDerived(r.sourcesA) ? "yes" : "no") + "," + (hasDerived(r.sourcesB) ? "yes" : "no") + "\n";
    }
    return out;
}

std::string comparisonToJson(const std::vector<ComparedFigure> &rows, const std::string &metric,
                             UnixSeconds a, UnixSeconds b, const MissingAtBoth &missing)
{
    rapidjson::StringBuffer buffer;
    rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
    w.SetIndent(' ', 2);
    auto str = [&](const char *key, const std::string &value) {
        w.Key(key);
        w.String(value.c_str(), rapidjson::SizeType(value.size()));
    };
    auto num = [&](const char *key, const std::optional<double> &value) {
        w.Key(key);
        if (value)
            w.Double(*value);
        else
            w.Null(); // unknown, never 0
    };
    w.StartObject();
    str("metric", metric);
    str("a", formatIsoUtc(a));
    str("b", formatIsoUtc(b));
    w.Key("rows");
    w.StartArray();
    for (const ComparedFigure &r : rows) {
        w.StartObject();
        str("id", r.id);
        str("name", r.name);
        str("layer", r.layerId);
        num("value_a", r.a);
        num("value_b", r.b);
        num("change_pct", r.change());
        str("sources_a", r.sourcesA);
        str("as_of_a", dateSpan(r.fromA, r.toA));
        str("sources_b", r.sourcesB);
        str("as_of_b", dateSpan(r.fromB, r.toB));
        w.Key("derived_a");
        w.Bool(hasDerived(r.sourcesA));
        w.Key("derived_b");
        w.Bool(hasDerived(r.sourcesB));
        w.Key("members");
        w.Int(r.members);
        w.Key("left_out");
        w.StartArray();
        for (const auto &n : r.leftOut)
            w.String(n.c_str(), rapidjson::SizeType(n.size()));
        w.EndArray();
        w.EndObject();
    }
    w.EndArray();
    for (const auto &[key, list] : {std::pair{"missing_a", &missing.a}, std::pair{"missing_b", &missing.b}}) {
        w.Key(key);
        w.StartArray();
        for (const MissingFigure &m : *list) {
            w.StartObject();
            str("id", m.entityId);
            str("name", m.name);
            str("reason", m.reason);
            w.EndObject();
        }
        w.EndArray();
    }
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

std::string comparisonToText(const std::vector<ComparedFigure> &rows, const std::string &metric,
                             UnixSeconds a, UnixSeconds b, const MissingAtBoth &missing)
{
    std::string out = metric + " from " + formatIsoDate(a) + " (A) to " + formatIsoDate(b) +
                      " (B); each value the newest at or before its date within its staleness window\n";
    const bool usd = metric.size() > 4 && metric.compare(metric.size() - 4, 4, "_usd") == 0;
    std::size_t width = 4;
    for (const auto &r : rows)
        width = std::max(width, r.name.size());
    auto pad = [](std::string s, std::size_t n) {
        if (s.size() < n)
            s += std::string(n - s.size(), ' ');
        return s;
    };
    auto rpad = [](std::string s, std::size_t n) {
        return s.size() < n ? std::string(n - s.size(), ' ') + s : s;
    };
    out += pad("name", width) + "  " + rpad("A", 14) + "  " + rpad("B", 14) + "  " + rpad("change", 9) +
           "  sources and dates\n";
    for (const ComparedFigure &r : rows) {
        const auto change = r.change();
        std::string line = pad(r.name, width) + "  " + rpad(r.a ? compact(*r.a, usd) : "unknown", 14) + "  " +
                           rpad(r.b ? compact(*r.b, usd) : "unknown", 14) + "  " +
                           rpad(change ? (*change > 0 ? "+" : "") + formatFixed(*change, 1) + "%" : "-", 9) +
                           "  ";
        if (r.a)
            line += "A: " + r.sourcesA + " " + dateSpan(r.fromA, r.toA);
        if (r.b)
            line += std::string(r.a ? "; " : "") + "B: " + r.sourcesB + " " + dateSpan(r.fromB, r.toB);
        if (!r.leftOut.empty())
            line += " (" + std::to_string(r.members) + (r.members == 1 ? " protocol" : " protocols") +
                    " known at both dates; " + std::to_string(r.leftOut.size()) + " left out)";
        out += line + "\n";
    }
    if (!missing.a.empty())
        out += "No figure at A (" + formatIsoDate(a) + "): " + describeMissing(missing.a) + "\n";
    if (!missing.b.empty())
        out += "No figure at B (" + formatIsoDate(b) + "): " + describeMissing(missing.b) + "\n";
    return out;
}

} // namespace stackatlas
