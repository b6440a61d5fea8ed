// SPDX-License-Identifier: GPL-3.0-or-later
// Applying a CSV mapping to a CSV file: header resolution, row mapping and error collection.
#include "csvmapping.h"
#include "dimvalue.h"

#include "csvreader.h"
#include "gpualiases.h"
#include "metrics.h"
#include "taxonomy.h"

#include "textutil.h"
#include <cmath>
#include <limits>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>

namespace stackatlas {

namespace {

bool holds(const CsvMapping::Condition &c, const std::string &cell)
{
    using Op = CsvMapping::Condition::Op;
    switch (c.op) {
    case Op::Equals:
        return cell == c.values.front();
    case Op::In:
        return std::find(c.values.begin(), c.values.end(), cell) != c.values.end();
    case Op::NotIn:
        return std::find(c.values.begin(), c.values.end(), cell) == c.values.end();
    case Op::Contains:
        return cell.find(c.values.front()) != std::string::npos;
    case Op::Before:
        return cell < c.values.front();
    case Op::From:
        return cell >= c.values.front();
    case Op::NotEmpty:
        return !cell.empty();
    }
    return false;
}

std::optional<UnixSeconds> parseStamp(std::string text, const std::string &format)
{
    static const char *months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                   "jul", "aug", "sep", "oct", "nov", "dec"};
    auto ymd = [](int y, int m, int d) -> std::optional<UnixSeconds> {
        const std::chrono::year_month_day date{std::chrono::year(y), std::chrono::month(unsigned(m)),
                                               std::chrono::day(unsigned(d))};
        if (!date.ok() || y < 1970)
            return std::nullopt;
        return UnixSeconds(std::chrono::sys_days(date).time_since_epoch().count()) * 86400;
    };
    auto digits = [](const std::string &s) {
        return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
    };
    if (format == "iso") {
        if (text.size() > 4 && text.compare(text.size() - 4, 4, " UTC") == 0)
            text.resize(text.size() - 4); // CoinGecko's CSV export: "2020-10-15 00:00:00 UTC"
        return parseTimestamp(text).value;
    }
    if (format == "yyyymmdd" && text.size() == 8 && digits(text))
        return ymd(std::stoi(text.substr(0, 4)), std::stoi(text.substr(4, 2)), std::stoi(text.substr(6, 2)));
    // yyyy-mm, also with an unpadded month ("2024-2", as one 1kx file writes it)
    if (format == "yyyy-mm" && (text.size() == 7 || text.size() == 6) && text[4] == '-' &&
        digits(text.substr(0, 4)) && digits(text.substr(5)))
        return ymd(std::stoi(text.substr(0, 4)), std::stoi(text.substr(5)), 1);
    if (format == "mm/yyyy" && text.size() == 7 && text[2] == '/' && digits(text.substr(0, 2)) &&
        digits(text.substr(3)))
        return ymd(std::stoi(text.substr(3)), std::stoi(text.substr(0, 2)), 1);
    if (format == "mon yyyy" && text.size() == 8 && text[3] == ' ' && digits(text.substr(4))) {
        std::string mon = text.substr(0, 3);
        std::transform(mon.begin(), mon.end(), mon.begin(), [](unsigned char c) { return std::tolower(c); });
        for (int i = 0; i < 12; ++i) {
            if (mon == months[i])
                return ymd(std::stoi(text.substr(4)), i + 1, 1);
        }
    }
    return std::nullopt;
}

} // namespace

namespace {

// One application of a mapping to one CSV file, in three steps: resolve the header (every column
// the mapping names must be there), map each row to observations, and collect every rejected row
// with its line and reason.
class MappingRun
{
public:
    // checkRepeats: reject a row of a series and time mapped before (in memory, for a file read
    // whole); a caller that streams finds repeats itself.
    MappingRun(const CsvMapping &m, const std::string &csvName, const Taxonomy &taxonomy,
               const std::string &endpoint, UnixSeconds importedAt, const MappingOverrides &overrides,
               bool checkRepeats)
        : m(m), csvName(csvName), taxonomy(taxonomy), endpoint(endpoint), importedAt(importedAt),
          overrides(overrides), gpus(taxonomy), checkRepeats(checkRepeats)
    {}

    // One record in file order: records before header_line are not data, the one on it is the
    // header (a column the spec names but it lacks fails), the rest are rows.
    Status take(const CsvRecord &rec)
    {
        if (headerFields)
            mapRow(rec);
        else if (rec.line >= m.headerLine)
            return resolveHeader(rec);
        return Status::ok();
    }
    bool hasHeader() const { return headerFields > 0; }
    Status noHeader() const
    {
        return Status::error(StatusCode::InvalidInput,
                             csvName + ": no header on line " + std::to_string(m.headerLine));
    }
    MappedCsv out;

private:
    Status resolveHeader(const CsvRecord &header);
    void mapRow(const CsvRecord &rec);
    // What is known about the row being mapped.
    struct Row
    {
        const CsvRecord &rec;
        UnixSeconds ts = 0;
        std::optional<UnixSeconds> asOf;
        Dimensions dims;
    };

    std::string cell(const CsvRecord &rec, const std::string &name) const
    {
        return std::string(trimmed(rec.fields[col.at(name)]));
    }
    void reject(const CsvRecord &rec, const std::string &why)
    {
        out.rejected.push_back({rec.line, why + " (spec " + m.specPath + ")"});
    }
    std::optional<double> number(const std::string &cellText) const;
    const Entity *resolveEntity(const std::string &spelling) const;
    void skipOrReject(const CsvRecord &rec, const std::string &spelling);
    bool rowDimensions(Row &row);
    void mapValues(const Row &row, const Entity *entity, const std::string &entitySpelling);
    std::optional<double> valueOf(const Row &row, const CsvMapping::Value &v);
    void mapPairs(const Row &row);
    void emit(const Row &row, const std::string &entityId, const std::string &metric, const std::string &unit,
              const Dimensions &extra, double value);

    const CsvMapping &m;
    const std::string &csvName;
    const Taxonomy &taxonomy;
    const std::string &endpoint;
    UnixSeconds importedAt;
    const MappingOverrides &overrides;
    const GpuResolver gpus;
    std::size_t headerFields = 0;
    bool checkRepeats;
    std::map<std::string, std::size_t> col;
    std::map<std::pair<SeriesKey, UnixSeconds>, long> seen;
};

Status MappingRun::resolveHeader(const CsvRecord &header)
{
    headerFields = header.fields.size();
    for (std::size_t i = 0; i < header.fields.size(); ++i)
        col.emplace(std::string(trimmed(header.fields[i])), i);
    auto need = [&](const std::string &name, const std::string &role) -> Status {
        if (!name.empty() && !col.count(name))
            return Status::error(StatusCode::InvalidInput, m.specPath + ": column \"" + name + "\" (" + role +
                                                               ") is not in the header of " + csvName);
        return Status::ok();
    };
    std::vector<Status> checks{need(m.entity.column, "entity"), need(m.timestampColumn, "timestamp"),
                               need(m.asOfColumn, "as_of")};
    for (const auto &c : m.filters)
        checks.push_back(need(c.column, "filter"));
    for (const auto &[key, f] : m.dims)
        checks.push_back(need(f.column, "dimension " + key));
    for (const auto &v : m.values) {
        checks.push_back(need(v.column, "value " + v.metric));
        checks.push_back(need(v.divideByColumn, "divide_by_column"));
        for (const auto &g : v.divideWhen)
            for (const auto &c : g)
                checks.push_back(need(c.column, "divide_when"));
    }
    if (m.pairs)
        checks.push_back(need(m.pairs->column, "pairs"));
    for (const auto &s : checks)
        if (!s.isOk())
            return s;
    if (m.entityFromArgument && overrides.entity.empty())
        return Status::error(StatusCode::InvalidInput,
                             m.specPath + ": this mapping takes the entity from --entity");
    return Status::ok();
}

std::optional<double> MappingRun::number(const std::string &cellText) const
{
    std::string clean;
    for (const char c : cellText) {
        if (m.stripCharacters.find(c) != std::string::npos)
            continue;
        if (!m.thousandsSeparator.empty() && c == m.thousandsSeparator.front())
            continue;
        clean += c;
    }
    return parseFiniteDouble(clean);
}

const Entity *MappingRun::resolveEntity(const std::string &spelling) const
{
    if (const Entity *e = taxonomy.entityBySpelling(spelling))
        return e;
    if (m.entityByToken)
        for (const auto &e : taxonomy.entities)
            if (!e.tokenSymbol.empty() &&
                GpuResolver::normalize(e.tokenSymbol) == GpuResolver::normalize(spelling))
                return &e;
    return nullptr;
}

// A name the taxonomy does not know is skipped (counted under its spelling, so the summary can
// say what was lost) when the spec says so; an ambiguous one is always refused, with its candidates.
void MappingRun::skipOrReject(const CsvRecord &rec, const std::string &spelling)
{
    if (m.skipUnknownEntities && taxonomy.entitiesBySpelling(spelling).size() < 2) {
        ++out.otherEntities;
        ++out.skippedNames[spelling];
        return;
    }
    reject(rec, taxonomy.entitySpellingProblem(spelling));
}

void MappingRun::mapRow(const CsvRecord &rec)
{
    ++out.dataRows;
    if (rec.fields.size() != headerFields) {
        reject(rec, "expected " + std::to_string(headerFields) + " fields, found " +
                        std::to_string(rec.fields.size()));
        return;
    }
    if (!std::all_of(m.filters.begin(), m.filters.end(),
                     [&](const auto &c) { return holds(c, cell(rec, c.column)); })) {
        ++out.filtered;
        return;
    }
    const std::string entitySpelling =
        m.entityFromArgument ? overrides.entity
                             : (m.entity.column.empty() ? m.entity.value : cell(rec, m.entity.column));
    const Entity *entity = resolveEntity(entitySpelling);
    if (!entity && !m.pairs) {
        skipOrReject(rec, entitySpelling);
        return;
    }
    Row row{rec, 0, {}, {}};
    const auto ts =
        m.timestampValue ? m.timestampValue : parseStamp(cell(rec, m.timestampColumn), m.timestampFormat);
    if (!ts) {
        reject(rec,
               "timestamp " + quotedInput(cell(rec, m.timestampColumn)) + " is not " + m.timestampFormat);
        return;
    }
    row.ts = *ts;
    if (!m.asOfColumn.empty() && !cell(rec, m.asOfColumn).empty()) {
        row.asOf = parseTimestamp(cell(rec, m.asOfColumn)).value;
        if (!row.asOf) {
            reject(rec, "as_of " + quotedInput(cell(rec, m.asOfColumn)) + " is not a timestamp");
            return;
        }
    }
    if (!rowDimensions(row))
        return;
    mapValues(row, entity, entitySpelling);
    if (m.pairs)
        mapPairs(row);
}

bool MappingRun::rowDimensions(Row &row)
{
    // "gpu_memory_gb" (a column or a constant) is not a dimension: it picks the model of a GPU
    // spelled without its size ("A100" is 40 or 80 GB).
    std::optional<int> memoryGb;
    if (const auto mem = std::find_if(m.dims.begin(), m.dims.end(),
                                      [](const auto &d) { return d.first == "gpu_memory_gb"; });
        mem != m.dims.end()) {
        const std::string v =
            mem->second.column.empty() ? mem->second.value : cell(row.rec, mem->second.column);
        const auto gb = v.empty() ? std::nullopt : parseFiniteDouble(v);
        if (!v.empty() && (!gb || *gb <= 0 || *gb > 100000)) { // bounded before it becomes an int
            reject(row.rec, "gpu_memory_gb " + quotedInput(v) + " is not a size in GB");
            return false;
        }
        if (gb)
            memoryGb = int(std::lround(*gb));
    }
    for (const auto &[key, f] : m.dims) {
        const std::string v = f.column.empty() ? f.value : cell(row.rec, f.column);
        if (v.empty() || key == "gpu_memory_gb")
            continue;
        if (key != "gpu") {
            // "SXM5" and "sxm" are one form; "1.0" and "1" one count (dimvalue.h)
            row.dims[key] = key == "form" ? normalizeGpuForm(v) : normalizeDimValue(v);
            continue;
        }
        auto g = gpus.resolve(v, memoryGb);
        if (!g.isOk()) {
            reject(row.rec, g.status().message());
            return false;
        }
        row.dims["gpu"] = g.value().gpu;
        if (!g.value().form.empty())
            row.dims["form"] = g.value().form;
    }
    for (const auto &[k, v] : overrides.dims)
        row.dims[k] = normalizeDimValue(v);
    return true;
}

void MappingRun::mapValues(const Row &row, const Entity *entity, const std::string &entitySpelling)
{
    for (const auto &v : m.values) {
        if (!entity) {
            reject(row.rec, "unknown entity " + quotedInput(entitySpelling));
            return;
        }
        if (const auto x = valueOf(row, v))
            emit(row, entity->id, v.metric, v.unit, v.dims, *x);
    }
}

// The value of one mapped column, scaled as the mapping says; nullopt when empty (unknown stays
// unknown, counted) or rejected (said why).
std::optional<double> MappingRun::valueOf(const Row &row, const CsvMapping::Value &v)
{
    const std::string text = cell(row.rec, v.column);
    if (text.empty()) {
        ++out.emptyCells;
        return std::nullopt;
    }
    const auto value = number(text);
    if (!value) {
        reject(row.rec, "value " + quotedInput(text) + " in column \"" + v.column + "\" is not a number");
        return std::nullopt;
    }
    if (metricInfo(v.metric) && *value < 0) {
        reject(row.rec, "negative value " + text + " for " + v.metric);
        return std::nullopt;
    }
    double x = *value;
    if (v.divideBy)
        x /= *v.divideBy;
    if (v.multiplyBy)
        x *= *v.multiplyBy;
    if (v.divideByColumn.empty())
        return x;
    const bool applies =
        v.divideWhen.empty() || std::any_of(v.divideWhen.begin(), v.divideWhen.end(), [&](const auto &group) {
            return std::all_of(group.begin(), group.end(),
                               [&](const auto &c) { return holds(c, cell(row.rec, c.column)); });
        });
    if (!applies)
        return x;
    const auto divisor = number(cell(row.rec, v.divideByColumn));
    if (!divisor || *divisor <= 0) {
        reject(row.rec, "divide_by_column \"" + v.divideByColumn + "\" holds " +
                            quotedInput(cell(row.rec, v.divideByColumn)) + ", not a positive number");
        return std::nullopt;
    }
    return x / *divisor;
}

void MappingRun::mapPairs(const Row &row)
{
    const std::string text = cell(row.rec, m.pairs->column);
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(m.pairs->separator, start);
        if (end == std::string::npos)
            end = text.size();
        const std::string item(trimmed(std::string_view(text).substr(start, end - start)));
        start = end + m.pairs->separator.size();
        if (item.empty())
            continue;
        const std::size_t eq = item.find(m.pairs->assign);
        const Entity *e = eq == std::string::npos ? nullptr : resolveEntity(item.substr(0, eq));
        const auto v =
            eq == std::string::npos ? std::nullopt : number(item.substr(eq + m.pairs->assign.size()));
        if (!e) {
            skipOrReject(row.rec, eq == std::string::npos ? item : item.substr(0, eq));
            continue;
        }
        if (!v || *v < 0) {
            reject(row.rec, quotedInput(item) + " has no non-negative number");
            continue;
        }
        emit(row, e->id, m.pairs->metric, m.pairs->unit, m.pairs->dims, *v);
    }
}

void MappingRun::emit(const Row &row, const std::string &entityId, const std::string &metric,
                      const std::string &unit, const Dimensions &extra, double value)
{
    Observation o;
    o.key = {entityId, metric, m.source, row.dims};
    for (const auto &[k, v] : extra)
        o.key.dims[k] = v;
    o.unit = unit;
    o.ts = row.ts;
    o.value = value;
    o.provenance = {m.source, endpoint, importedAt, row.asOf.value_or(row.ts)};
    if (checkRepeats) {
        const auto [it, inserted] = seen.emplace(std::make_pair(o.key, o.ts), row.rec.line);
        if (!inserted) {
            reject(row.rec, "same series and time as line " + std::to_string(it->second));
            return;
        }
    }
    out.observations.push_back(std::move(o));
    out.observationLines.push_back(row.rec.line);
}

} // namespace

std::string describeSkippedNames(const std::map<std::string, long> &names, std::size_t limit)
{
    std::vector<std::pair<long, std::string>> byCount;
    for (const auto &[name, rows] : names)
        byCount.emplace_back(-rows, name);
    std::sort(byCount.begin(), byCount.end());
    std::string out;
    const std::size_t shown = limit ? std::min(limit, byCount.size()) : byCount.size();
    for (std::size_t i = 0; i < shown; ++i)
        out += (i ? ", " : "") + (byCount[i].second.empty() ? std::string("(empty)") : byCount[i].second) +
               " (" + std::to_string(-byCount[i].first) + (byCount[i].first == -1 ? " row)" : " rows)");
    if (shown < byCount.size())
        out += " and " + std::to_string(byCount.size() - shown) + " more names";
    return out;
}

Result<MappedCsv> applyCsvMapping(const CsvMapping &m, std::string_view csv, const std::string &csvName,
                                  const Taxonomy &taxonomy, const std::string &endpoint,
                                  UnixSeconds importedAt, const MappingOverrides &overrides)
{
    const CsvDocument doc = readCsv(csv);
    MappingRun run(m, csvName, taxonomy, endpoint, importedAt, overrides, true);
    run.out.rejected = doc.issues;
    for (const CsvRecord &rec : doc.records)
        if (Status s = run.take(rec); !s.isOk())
            return s;
    if (!run.hasHeader())
        return run.noHeader();
    std::sort(run.out.rejected.begin(), run.out.rejected.end(),
              [](const LineIssue &a, const LineIssue &b) { return a.line < b.line; });
    return std::move(run.out);
}

struct CsvMappingStream::Private
{
    MappingRun run;
    std::string csvName;
};

CsvMappingStream::CsvMappingStream(const CsvMapping &m, const std::string &csvName, const Taxonomy &taxonomy,
                                   const std::string &endpoint, UnixSeconds importedAt,
                                   const MappingOverrides &overrides)
    : d(std::make_unique<Private>(
          Private{MappingRun(m, csvName, taxonomy, endpoint, importedAt, overrides, false), csvName}))
{}
CsvMappingStream::~CsvMappingStream() = default;

Status CsvMappingStream::take(CsvDocument piece)
{
    MappingRun &run = d->run;
    // Records before the piece's first over-long line go first: the header may be among them.
    const long firstIssue =
        piece.issues.empty() ? std::numeric_limits<long>::max() : piece.issues.front().line;
    std::size_t next = 0;
    for (; next < piece.records.size() && piece.records[next].line < firstIssue; ++next)
        if (Status s = run.take(piece.records[next]); !s.isOk())
            return s;
    if (!piece.issues.empty() && !run.hasHeader())
        return Status::error(StatusCode::InvalidInput, d->csvName + ": " + overlongBeforeHeader(firstIssue));
    for (LineIssue &issue : piece.issues)
        run.out.rejected.push_back(std::move(issue));
    for (; next < piece.records.size(); ++next)
        if (Status s = run.take(piece.records[next]); !s.isOk())
            return s;
    return Status::ok();
}

Status CsvMappingStream::finish() const
{
    return d->run.hasHeader() ? Status::ok() : d->run.noHeader();
}

MappedCsv CsvMappingStream::takeMapped()
{
    MappedCsv taken = std::move(d->run.out);
    MappedCsv &fresh = d->run.out;
    fresh = MappedCsv();
    // The counts run on across pieces; observations, their lines and rejections are handed over.
    fresh.filtered = taken.filtered;
    fresh.emptyCells = taken.emptyCells;
    fresh.otherEntities = taken.otherEntities;
    fresh.skippedNames = taken.skippedNames;
    fresh.dataRows = taken.dataRows;
    return taken;
}

} // namespace stackatlas
