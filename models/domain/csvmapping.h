// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "csvreader.h"
#include "longcsv.h"
#include "series.h"
#include "status.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stackatlas {

struct Taxonomy;

// A declarative description of how a researcher's CSV becomes series, so any wide or odd CSV can
// be imported without code (format: resources/defaultdata/README.md). One spec per dataset layout.
struct CsvMapping
{
    struct Condition
    {
        std::string column;
        enum class Op
        {
            Equals,
            In,
            NotIn,
            Contains,
            Before,
            From,
            NotEmpty
        } op = Op::Equals;
        std::vector<std::string> values; // Before/From compare text, so ISO dates order correctly
    };
    struct Field // a column, or a fixed value
    {
        std::string column;
        std::string value;
    };
    struct Value
    {
        std::string column;
        std::string metric;
        std::string unit;
        Dimensions dims;
        std::optional<double> divideBy;
        std::optional<double> multiplyBy;
        std::string divideByColumn;
        // divideByColumn applies only when one of these groups holds (all conditions of a group);
        // empty: always.
        std::vector<std::vector<Condition>> divideWhen;
    };
    struct Pairs // "lambda=3.028;runpod=2.867": one value per entity named in the cell
    {
        std::string column;
        std::string separator = ";";
        std::string assign = "=";
        std::string metric;
        std::string unit;
        Dimensions dims;
    };

    std::string specPath;
    std::string dataset;
    // Appended to every point's provenance endpoint: what a reader must know of the figures
    // ("quoted in USDT, taken at 1:1 as USD; candle open time").
    std::string provenanceNote;
    std::string source; // the series' source id
    int headerLine = 1;
    std::vector<Condition> filters;
    Field entity;
    bool entityFromArgument = false;
    bool entityByToken = false; // match the entity column against token symbols too
    bool skipUnknownEntities = false;
    std::string timestampColumn;
    std::optional<UnixSeconds> timestampValue; // a fixed time for every row, instead of a column
    std::string timestampFormat = "iso";       // iso | yyyymmdd | yyyy-mm | mm/yyyy | mon yyyy
    std::string asOfColumn;
    std::vector<std::pair<std::string, Field>> dims;
    std::vector<Value> values;
    std::optional<Pairs> pairs;
    std::string stripCharacters; // removed from numbers before parsing ("$%")
    std::string thousandsSeparator;
};

Result<CsvMapping> parseCsvMapping(std::string_view json, const std::string &specPath);

// Values that apply to every row: --entity and --dim given with the import.
struct MappingOverrides
{
    std::string entity;
    Dimensions dims;
};

struct MappedCsv : LongCsvResult
{
    std::vector<long> observationLines; // the line each observation came from
    long filtered = 0;                  // rows the spec's filters leave out
    long emptyCells = 0;                // value cells left empty: unknown, not stored
    long otherEntities = 0;             // rows for entities outside the taxonomy, skipped as the spec asks
    std::map<std::string, long> skippedNames; // each name skipped so, with its row count
};

// "io (12 rows), crusoecloud (5 rows)", the most frequent first; past `limit` names, "and N more
// names". limit 0: every name.
std::string describeSkippedNames(const std::map<std::string, long> &names, std::size_t limit = 10);

// Applies a spec to a CSV file. A column the spec names but the file lacks refuses the file;
// a bad cell rejects its row with "FILE:LINE" and the reason, naming the spec.
Result<MappedCsv> applyCsvMapping(const CsvMapping &mapping, std::string_view csv, const std::string &csvName,
                                  const Taxonomy &taxonomy, const std::string &endpoint,
                                  UnixSeconds importedAt, const MappingOverrides &overrides = {});

// The same mapping for a file read in pieces (importMappedCsvFile): each piece's records mapped as
// they come. Repeated rows are not looked for here (that would keep every row's key): the caller
// finds them as it writes. The counts run on; takeMapped() hands over the observations, with their
// lines, and the rejections so far.
class CsvMappingStream
{
public:
    CsvMappingStream(const CsvMapping &mapping, const std::string &csvName, const Taxonomy &taxonomy,
                     const std::string &endpoint, UnixSeconds importedAt, const MappingOverrides &overrides);
    ~CsvMappingStream();
    Status take(CsvDocument piece); // fails on a header that lacks a column the spec names
    Status finish() const;          // fails when the file had no header line
    MappedCsv takeMapped();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace stackatlas
