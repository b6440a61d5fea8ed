// SPDX-License-Identifier: GPL-3.0-or-later
#include "serialize.h"

#include "taxonomy.h"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <charconv>
#include <set>

namespace stackatlas {
namespace {

using Writer = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

void writeString(Writer &w, const char *key, const std::string &value)
{
    w.Key(key);
    w.String(value.c_str(), rapidjson::SizeType(value.size()));
}

// Unknown stays unknown: an empty string is written as null, never as "".
void writeOptional(Writer &w, const char *key, const std::string &value)
{
    w.Key(key);
    if (value.empty())
        w.Null();
    else
        w.String(value.c_str(), rapidjson::SizeType(value.size()));
}

void writeNumber(Writer &w, double value)
{
    const std::string text = formatNumber(value);
    w.RawValue(text.c_str(), text.size(), rapidjson::kNumberType);
}

void writeProvenance(Writer &w, const Provenance &p)
{
    w.StartObject();
    writeString(w, "source", p.source);
    writeString(w, "endpoint", p.endpoint);
    writeString(w, "fetched_at", formatIsoUtc(p.fetchedAt));
    writeString(w, "as_of", formatIsoUtc(p.asOf));
    w.EndObject();
}

} // namespace

std::string formatNumber(double value)
{
    char buf[64];
    const auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, value);
    return ec == std::errc() ? std::string(buf, ptr) : std::string("null");
}

std::string csvField(std::string_view text)
{
    std::string cell(text);
    // A cell starting with = + - @ (or a tab/CR) runs as a formula in spreadsheets: prefix a quote.
    // Numbers are written by formatNumber and never pass through here.
    if (!cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos)
        cell.insert(cell.begin(), '\'');
    if (cell.find_first_of(",\"\r\n") == std::string::npos)
        return cell;
    std::string quoted = "\"";
    for (const char c : cell) {
        if (c == '"')
            quoted += '"';
        quoted += c;
    }
    return quoted + '"';
}

namespace {

// Writes exactly the file format taxonomyparser reads (resources/taxonomy/taxonomy.json), so
// `taxonomy --format json` output can be edited and loaded back.
void writeLayers(Writer &w, const Taxonomy &t)
{
    w.Key("layers");
    w.StartArray();
    for (const auto &layer : t.layers) {
        w.StartObject();
        writeString(w, "id", layer.id);
        writeString(w, "name", layer.name);
        writeOptional(w, "description", layer.description);
        w.EndObject();
    }
    w.EndArray();
    w.Key("categories");
    w.StartArray();
    for (const auto &c : t.categories) {
        w.StartObject();
        writeString(w, "id", c.id);
        writeString(w, "layer", c.layerId);
        writeString(w, "name", c.name);
        writeOptional(w, "description", c.description);
        w.EndObject();
    }
    w.EndArray();
}

void writeStrings(Writer &w, const char *key, const std::vector<std::string> &values)
{
    w.Key(key);
    w.StartArray();
    for (const auto &v : values)
        w.String(v.c_str(), rapidjson::SizeType(v.size()));
    w.EndArray();
}

void writeProviderClasses(Writer &w, const Taxonomy &t)
{
    w.Key("provider_classes");
    w.StartArray();
    for (const auto &pc : t.providerClasses) {
        w.StartObject();
        writeString(w, "id", pc.id);
        writeString(w, "name", pc.name);
        w.Key("centralized");
        w.Bool(pc.centralized);
        writeOptional(w, "description", pc.description);
        w.EndObject();
    }
    w.EndArray();
    w.Key("sectors");
    w.StartArray();
    for (const auto &sec : t.sectors) {
        w.StartObject();
        writeString(w, "id", sec.id);
        writeString(w, "name", sec.name);
        writeString(w, "coingecko_category", sec.coingeckoCategory);
        writeOptional(w, "category", sec.categoryId);
        w.EndObject();
    }
    w.EndArray();
}

void writeEntities(Writer &w, const Taxonomy &t)
{
    w.Key("entities");
    w.StartArray();
    for (const auto &e : t.entities) {
        w.StartObject();
        writeString(w, "id", e.id);
        writeString(w, "kind", std::string(toString(e.kind)));
        writeString(w, "name", e.name);
        writeOptional(w, "category", e.categoryId);
        writeOptional(w, "provider_class", e.providerClass);
        writeOptional(w, "token", e.tokenSymbol);
        writeOptional(w, "coingecko_id", e.coingeckoId);
        writeOptional(w, "defillama_slug", e.defillamaSlug);
        writeOptional(w, "id_note", e.idNote);
        writeOptional(w, "website", e.website);
        writeStrings(w, "aliases", e.aliases);
        w.EndObject();
    }
    w.EndArray();
}

// The taxonomy's own edges only: a user's edits stay in the cache as theirs, and loading the
// file back must not turn them into the research's.
void writeDependenciesAndClaims(Writer &w, const Taxonomy &t)
{
    w.Key("dependencies");
    w.StartArray();
    for (const auto &d : t.dependencies) {
        if (d.origin != DependencyOrigin::Taxonomy)
            continue;
        w.StartObject();
        writeString(w, "from", d.fromId);
        writeString(w, "to", d.toId);
        writeString(w, "kind", d.kind);
        writeString(w, "evidence", d.evidence);
        w.EndObject();
    }
    w.EndArray();
    w.Key("claims");
    w.StartArray();
    for (const auto &c : t.claims) {
        w.StartObject();
        writeString(w, "id", c.id);
        writeString(w, "statement", c.statement);
        w.Key("value");
        writeNumber(w, c.value);
        w.Key("value_high");
        if (c.valueHigh)
            writeNumber(w, *c.valueHigh);
        else
            w.Null();
        writeString(w, "unit", c.unit);
        writeString(w, "scope", c.scope);
        writeString(w, "date", c.date);
        writeString(w, "source", c.source);
        writeStrings(w, "subjects", c.subjects);
        w.EndObject();
    }
    w.EndArray();
}

void writeGpuModels(Writer &w, const Taxonomy &t)
{
    w.Key("gpu_models");
    w.StartArray();
    for (const auto &g : t.gpuModels) {
        w.StartObject();
        writeString(w, "key", g.key);
        writeString(w, "name", g.name);
        w.Key("memory_gb");
        if (g.memoryGb)
            w.Int(*g.memoryGb);
        else
            w.Null();
        writeOptional(w, "family", g.family);
        w.EndObject();
    }
    w.EndArray();
    w.Key("gpu_aliases");
    w.StartArray();
    for (const auto &a : t.gpuAliases) {
        w.StartObject();
        writeString(w, "spelling", a.spelling);
        writeOptional(w, "gpu", a.gpu);
        writeOptional(w, "family", a.family);
        writeOptional(w, "form", a.form);
        w.EndObject();
    }
    w.EndArray();
    w.Key("instance_types");
    w.StartArray();
    for (const auto &it : t.instanceTypes) {
        w.StartObject();
        writeString(w, "id", it.id);
        writeString(w, "provider", it.providerId);
        writeString(w, "gpu", it.gpu);
        writeOptional(w, "form", it.form);
        w.Key("gpu_count");
        w.Int(it.gpuCount);
        w.EndObject();
    }
    w.EndArray();
}

} // namespace

std::string taxonomyToJson(const Taxonomy &t)
{
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.SetIndent(' ', 2);
    w.StartObject();
    writeString(w, "format", "stackatlas-taxonomy");
    w.Key("version");
    w.Int(1);
    writeLayers(w, t);
    writeProviderClasses(w, t);
    writeEntities(w, t);
    writeDependenciesAndClaims(w, t);
    writeGpuModels(w, t);
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

std::string taxonomyToText(const Taxonomy &t)
{
    std::string out;
    for (auto layer = t.layers.rbegin(); layer != t.layers.rend(); ++layer) {
        out += layer->name + " layer\n";
        for (const auto &c : t.categories) {
            if (c.layerId != layer->id)
                continue;
            out += "  " + c.name + " [" + c.id + "]\n";
            for (const auto &e : t.entities) {
                if (e.kind != EntityKind::Protocol || e.categoryId != c.id)
                    continue;
                out += "    " + e.name + " [" + e.id + "]";
                if (!e.tokenSymbol.empty())
                    out += "  token " + e.tokenSymbol;
                out += "  coingecko " + (e.coingeckoId.empty() ? std::string("unconfirmed") : e.coingeckoId);
                out += "\n";
            }
        }
    }
    out += "Compute providers outside the stack\n";
    for (const auto &pc : t.providerClasses) {
        std::string names;
        for (const auto &e : t.entities) {
            if (e.providerClass == pc.id)
                names += (names.empty() ? "" : ", ") + e.name;
        }
        out += "  " + pc.name + (pc.centralized ? " (centralized)" : "") + ": " +
               (names.empty() ? "-" : names) + "\n";
    }
    std::string benchmarks;
    for (const auto &e : t.entities)
        if (e.kind == EntityKind::Benchmark)
            benchmarks += (benchmarks.empty() ? "" : ", ") + e.name;
    if (!benchmarks.empty())
        out += "Benchmarks outside the stack (never in a layer or total): " + benchmarks + "\n";
    out += "Dependencies (from -> to: kind)\n";
    for (const auto &d : t.dependencies)
        out += "  " + d.fromId + " -> " + d.toId + ": " + d.kind +
               (d.origin == DependencyOrigin::User ? " (user)" : "") + "\n";
    return out;
}

std::string seriesToCsv(const std::vector<SeriesData> &series)
{
    std::set<std::string> dimKeys;
    for (const auto &s : series) {
        for (const auto &[key, value] : s.key.dims)
            dimKeys.insert(key);
    }
    std::string out = "entity,metric,unit,timestamp,value,source";
    for (const auto &key : dimKeys)
        out += ",dim." + key;
    out += ",endpoint,fetched_at,as_of\n";
    for (const auto &s : series) {
        for (const auto &p : s.points) {
            out += csvField(s.key.entityId) + ',' + csvField(s.key.metric) + ',' + csvField(s.unit) + ',' +
                   formatIsoUtc(p.ts) + ',' + formatNumber(p.value) + ',' + csvField(s.key.source);
            for (const auto &key : dimKeys) {
                const auto it = s.key.dims.find(key);
                out += ',' + (it == s.key.dims.end() ? std::string() : csvField(it->second));
            }
            const Provenance &pv = s.provenanceOf(p);
            out += ',' + csvField(pv.endpoint) + ',' + formatIsoUtc(pv.fetchedAt) + ',' +
                   formatIsoUtc(pv.asOf) + '\n';
        }
    }
    return out;
}

std::string seriesToJson(const std::vector<SeriesData> &series)
{
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.SetIndent(' ', 2);
    w.StartObject();
    w.Key("series");
    w.StartArray();
    for (const auto &s : series) {
        w.StartObject();
        writeString(w, "entity", s.key.entityId);
        writeString(w, "metric", s.key.metric);
        writeString(w, "unit", s.unit);
        writeString(w, "source", s.key.source);
        w.Key("dims");
        w.StartObject();
        for (const auto &[key, value] : s.key.dims)
            writeString(w, key.c_str(), value);
        w.EndObject();
        w.Key("points");
        w.StartArray();
        for (const auto &p : s.points) {
            w.StartObject();
            writeString(w, "timestamp", formatIsoUtc(p.ts));
            w.Key("value");
            writeNumber(w, p.value);
            w.Key("provenance");
            writeProvenance(w, s.provenanceOf(p));
            w.EndObject();
        }
        w.EndArray();
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

} // namespace stackatlas
