// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "series.h"
#include "status.h"

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace stackatlas {

struct Taxonomy;
struct CsvRecord;
class GpuResolver;

struct LongCsvResult
{
    std::vector<Observation> observations; // the good rows
    std::vector<LineIssue> rejected;       // one per bad row: line and reason
    long dataRows = 0;
};

// Reads the long format "entity,metric,unit,timestamp,value,source" plus optional "dim.KEY" and
// "as_of" columns (any order, header required). Each row is checked on its own: a known entity
// (id or alias), a valid metric and the metric's unit, a timestamp, a finite value, a source, and
// GPU dimensions resolved to canonical keys. Bad rows are rejected with their line, the rest kept.
// A missing required column fails the whole file. `endpoint` names the file in the provenance.
Result<LongCsvResult> parseLongCsv(std::string_view text, const Taxonomy &taxonomy,
                                   const std::string &endpoint, UnixSeconds importedAt);

// The same rules row by row, for a file read in pieces (importCsvFile): the header first, then
// each record as it arrives. The rows of a series are told apart by the text of their identity
// cells (entity, metric, unit, source, dimensions), checked once when a series first appears, so a
// million rows of a few hundred series cost a hash lookup each, not a taxonomy walk.
class LongCsvRows
{
public:
    static Result<LongCsvRows> fromHeader(const CsvRecord &header, const Taxonomy &taxonomy);
    LongCsvRows(LongCsvRows &&) noexcept;
    ~LongCsvRows();

    struct Row
    {
        std::size_t series = 0; // index into series()
        UnixSeconds ts = 0;
        double value = 0;
        std::optional<UnixSeconds> asOf; // from an as_of cell
    };
    struct Series
    {
        SeriesKey key;
        std::string unit;
    };
    // The row, or an empty optional with `why` set.
    std::optional<Row> read(const CsvRecord &record, std::string &why);
    const std::vector<Series> &series() const { return m_series; }

private:
    struct Header;
    LongCsvRows(std::unique_ptr<Header> header, const Taxonomy &taxonomy);

    std::unique_ptr<Header> m_header;
    const Taxonomy *m_taxonomy;
    std::unique_ptr<GpuResolver> m_gpus;
    std::vector<Series> m_series;
    std::unordered_map<std::string, std::size_t> m_seriesByCells;
    std::map<std::pair<SeriesKey, std::string>, std::size_t> m_seriesByKey;
    std::string m_cellsKey; // reused between rows
};

} // namespace stackatlas
