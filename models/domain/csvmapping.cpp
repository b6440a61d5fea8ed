// SPDX-License-Identifier: GPL-3.0-or-later
// Reading a CSV mapping spec (JSON) into a CsvMapping; applying it is csvmappingapply.cpp.
#include "csvmapping.h"

#include "jsonobject.h"
#include "metrics.h"
#include "taxonomy.h"
#include "textutil.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace stackatlas {

using json::FieldError;
using json::ObjectReader;

namespace {

CsvMapping::Condition readCondition(const JsonValue &v)
{
    ObjectReader r(v, "a condition");
    CsvMapping::Condition c;
    c.column = r.string("column");
    int ops = 0;
    auto take = [&](const char *key, CsvMapping::Condition::Op op, bool list) {
        const JsonValue *x = r.get(key);
        if (!x)
            return;
        ++ops;
        c.op = op;
        if (list) {
            c.values = r.stringList(key);
        } else if (x->isString()) {
            c.values = {x->text};
        } else if (x->type == JsonValue::Type::Bool && op == CsvMapping::Condition::Op::NotEmpty) {
            c.values = {};
        } else {
            throw FieldError(x->offset, std::string("\"") + key + "\" must be a string");
        }
    };
    take("equals", CsvMapping::Condition::Op::Equals, false);
    take("in", CsvMapping::Condition::Op::In, true);
    take("not_in", CsvMapping::Condition::Op::NotIn, true);
    take("contains", CsvMapping::Condition::Op::Contains, false);
    take("before", CsvMapping::Condition::Op::Before, false);
    take("from", CsvMapping::Condition::Op::From, false);
    take("not_empty", CsvMapping::Condition::Op::NotEmpty, false);
    if (ops != 1)
        throw FieldError(
            v.offset,
            "a condition needs exactly one of equals, in, not_in, contains, before, from, not_empty");
    r.finish();
    return c;
}

Dimensions readDims(const JsonValue *v)
{
    Dimensions d;
    if (!v)
        return d;
    if (!v->isObject())
        throw FieldError(v->offset, "\"dims\" must be an object of strings");
    for (std::size_t i = 0; i < v->keys.size(); ++i) {
        if (!v->items[i].isString() || !isValidDimensionKey(v->keys[i]))
            throw FieldError(v->items[i].offset,
                             "dimension \"" + v->keys[i] + "\" must be a string with a valid key");
        d[v->keys[i]] = v->items[i].text;
    }
    return d;
}

void checkMetric(ObjectReader &r, const JsonValue &where, const std::string &metric, const std::string &unit)
{
    (void)r;
    if (!isValidMetricName(metric))
        throw FieldError(where.offset, "bad metric name \"" + metric + "\"");
    const MetricInfo *info = metricInfo(metric);
    if (info && info->unit != unit)
        throw FieldError(where.offset,
                         "unit \"" + unit + "\" does not match " + metric + " (" + info->unit + ")");
    if (!info && !isKnownUnit(unit))
        throw FieldError(where.offset, "unknown unit \"" + unit + "\"");
}

} // namespace

namespace {

void readEntity(CsvMapping &m, const JsonValue *e, std::size_t rootOffset)
{
    if (!e)
        throw FieldError(rootOffset, "the mapping lacks \"entity\"");
    ObjectReader r(*e, "\"entity\"");
    m.entity.column = r.optionalString("column");
    m.entity.value = r.optionalString("value");
    m.entityFromArgument = r.boolean("from_argument", false);
    const std::string match = r.optionalString("match");
    if (!match.empty() && match != "id" && match != "token")
        throw FieldError(r.get("match")->offset, "\"match\" must be \"id\" or \"token\"");
    m.entityByToken = match == "token";
    const std::string unknown = r.optionalString("unknown");
    if (!unknown.empty() && unknown != "skip" && unknown != "reject")
        throw FieldError(r.get("unknown")->offset, "\"unknown\" must be \"skip\" or \"reject\"");
    m.skipUnknownEntities = unknown == "skip";
    if (int(!m.entity.column.empty()) + int(!m.entity.value.empty()) + int(m.entityFromArgument) != 1)
        throw FieldError(e->offset, "\"entity\" needs exactly one of column, value, from_argument");
    r.finish();
}

void readTimestamp(CsvMapping &m, const JsonValue *t, std::size_t rootOffset)
{
    if (!t)
        throw FieldError(rootOffset, "the mapping lacks \"timestamp\"");
    ObjectReader r(*t, "\"timestamp\"");
    // A catalogue captured on one day has no date column: {"value": "2025-11-01"} dates every row.
    m.timestampColumn = r.optionalString("column");
    if (const std::string fixed = r.optionalString("value"); !fixed.empty()) {
        const TimeParse parsed = parseTimestamp(fixed);
        if (!parsed.value)
            throw FieldError(t->offset, "\"timestamp\" value \"" + fixed + "\": " + parsed.error);
        m.timestampValue = parsed.value;
    }
    if (m.timestampColumn.empty() == !m.timestampValue)
        throw FieldError(t->offset, "\"timestamp\" needs exactly one of column, value");
    if (const std::string f = r.optionalString("format"); !f.empty())
        m.timestampFormat = f;
    static const std::set<std::string> formats{"iso", "yyyymmdd", "yyyy-mm", "mm/yyyy", "mon yyyy"};
    if (!formats.count(m.timestampFormat))
        throw FieldError(t->offset, "unknown timestamp format \"" + m.timestampFormat +
                                        "\" (iso, yyyymmdd, yyyy-mm, mm/yyyy, mon yyyy)");
    r.finish();
}

void readDimensions(CsvMapping &m, const JsonValue &d)
{
    if (!d.isObject())
        throw FieldError(d.offset, "\"dims\" must be an object");
    for (std::size_t i = 0; i < d.keys.size(); ++i) {
        if (!isValidDimensionKey(d.keys[i]))
            throw FieldError(d.items[i].offset, "bad dimension key \"" + d.keys[i] + "\"");
        ObjectReader r(d.items[i], "dimension \"" + d.keys[i] + "\"");
        CsvMapping::Field f{r.optionalString("column"), r.optionalString("value")};
        if (f.column.empty() == f.value.empty())
            throw FieldError(d.items[i].offset, "dimension \"" + d.keys[i] + "\" needs one of column, value");
        r.finish();
        m.dims.emplace_back(d.keys[i], f);
    }
}

CsvMapping::Value readValue(const JsonValue &v)
{
    ObjectReader r(v, "a value");
    CsvMapping::Value val;
    val.column = r.string("column");
    val.metric = r.string("metric");
    val.unit = r.string("unit");
    checkMetric(r, v, val.metric, val.unit);
    val.dims = readDims(r.get("dims"));
    val.divideBy = r.optionalNumber("divide_by");
    val.multiplyBy = r.optionalNumber("multiply_by");
    if ((val.divideBy && *val.divideBy == 0) || (val.multiplyBy && *val.multiplyBy == 0))
        throw FieldError(v.offset, "a transform by zero is not a transform");
    val.divideByColumn = r.optionalString("divide_by_column");
    if (const JsonValue *w = r.get("divide_when")) {
        if (!w->isArray() || val.divideByColumn.empty())
            throw FieldError(w->offset,
                             "\"divide_when\" is an array of condition groups and needs divide_by_column");
        for (const auto &group : w->items) {
            if (!group.isArray())
                throw FieldError(group.offset, "each divide_when group is an array of conditions");
            std::vector<CsvMapping::Condition> conds;
            for (const auto &c : group.items)
                conds.push_back(readCondition(c));
            val.divideWhen.push_back(std::move(conds));
        }
    }
    r.finish();
    return val;
}

CsvMapping::Pairs readPairs(const JsonValue &p)
{
    ObjectReader r(p, "\"pairs\"");
    CsvMapping::Pairs pairs;
    pairs.column = r.string("column");
    if (const std::string s = r.optionalString("separator"); !s.empty())
        pairs.separator = s;
    if (const std::string s = r.optionalString("assign"); !s.empty())
        pairs.assign = s;
    pairs.metric = r.string("metric");
    pairs.unit = r.string("unit");
    checkMetric(r, p, pairs.metric, pairs.unit);
    pairs.dims = readDims(r.get("dims"));
    r.finish();
    return pairs;
}

// The whole mapping; every problem is a FieldError at its place in the file.
void readMapping(CsvMapping &m, const JsonValue &json)
{
    ObjectReader root(json, "the mapping");
    if (root.string("format") != "stackatlas-csv-mapping")
        throw FieldError(root.get("format")->offset, "\"format\" must be \"stackatlas-csv-mapping\"");
    if (root.number("version") != 1)
        throw FieldError(root.get("version")->offset, "only version 1 mappings are read");
    m.dataset = root.string("dataset");
    m.source = root.string("source");
    root.optionalString("description");
    m.provenanceNote = root.optionalString("provenance_note");
    if (const auto h = root.optionalNumber("header_line")) {
        if (*h < 1 || *h > 100 || *h != double(int(*h)))
            throw FieldError(root.get("header_line")->offset,
                             "\"header_line\" must be a whole number from 1 to 100");
        m.headerLine = int(*h);
    }
    if (const JsonValue *f = root.get("filters")) {
        if (!f->isArray())
            throw FieldError(f->offset, "\"filters\" must be an array");
        for (const auto &c : f->items)
            m.filters.push_back(readCondition(c));
    }
    readEntity(m, root.get("entity"), json.offset);
    readTimestamp(m, root.get("timestamp"), json.offset);
    if (const JsonValue *a = root.get("as_of")) {
        ObjectReader r(*a, "\"as_of\"");
        m.asOfColumn = r.string("column");
        r.finish();
    }
    if (const JsonValue *d = root.get("dims"))
        readDimensions(m, *d);
    if (const JsonValue *vs = root.get("values")) {
        if (!vs->isArray())
            throw FieldError(vs->offset, "\"values\" must be an array");
        for (const auto &v : vs->items)
            m.values.push_back(readValue(v));
    }
    if (const JsonValue *p = root.get("pairs"))
        m.pairs = readPairs(*p);
    if (m.values.empty() && !m.pairs)
        throw FieldError(json.offset, "the mapping needs \"values\" or \"pairs\"");
    if (const JsonValue *n = root.get("number")) {
        ObjectReader r(*n, "\"number\"");
        m.stripCharacters = r.optionalString("strip");
        m.thousandsSeparator = r.optionalString("thousands");
        r.finish();
    }
    root.finish();
}

} // namespace

Result<CsvMapping> parseCsvMapping(std::string_view text, const std::string &specPath)
{
    JsonError syntax;
    auto parsed = parseJson(text, {}, &syntax);
    if (!parsed.isOk()) {
        const TextPosition pos = positionAt(text, syntax.offset);
        return Status::error(StatusCode::InvalidInput, specPath + ":" + std::to_string(pos.line) + ":" +
                                                           std::to_string(pos.column) + ": " + syntax.reason);
    }
    CsvMapping m;
    m.specPath = specPath;
    try {
        readMapping(m, parsed.value());
    } catch (const FieldError &e) {
        return Status::error(StatusCode::InvalidInput, specPath + ":" +
                                                           std::to_string(positionAt(text, e.offset).line) +
                                                           ": " + e.what());
    }
    return m;
}

} // namespace stackatlas
