// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/status.h"

#include <QString>

#include <functional>
#include <map>

#include <string>
#include <vector>

namespace stackatlas {

class Cache;
class CancelToken;

struct CsvImportReport
{
    long long dataRows = 0;
    long long written = 0;           // new values, or values that differ from the stored ones
    long long replaced = 0;          // of `written`, those that replaced a stored value (kept as revisions)
    long long unchanged = 0;         // already stored as they are: nothing changed
    std::vector<LineIssue> rejected; // by line
    long long rejectedNotListed = 0; // rejected rows past the first kListedRejections
    std::vector<std::string> heldSuspects;     // outliers held back (suspects.h), described
    std::vector<std::string> acceptedSuspects; // outliers stored on request, marked
};

// Told as an import reads: the bytes read so far, the input's size (-1 for a pipe or a device) and
// the data rows read.
using ImportProgress = std::function<void(qint64 bytes, qint64 total, long long rows)>;

// Imports a long-format CSV file (see parseLongCsv) into the cache: the good rows in one
// transaction, the bad ones reported by line (the first kListedRejections of them; the rest
// counted). Records one import run per source named in the file. A failed write leaves the cache
// as it was. The file is read and written in pieces (longcsvimporter.cpp), so memory does not grow
// with it and any size the disk holds can be imported; a pipe works as well as a file. A cancel
// (checked between batches) rolls the whole import back and returns StatusCode::Cancelled.
constexpr std::size_t kListedRejections = 10000;
Result<CsvImportReport> importCsvFile(Cache &cache, const QString &path, bool acceptSuspect = false,
                                      const ImportProgress &progress = {},
                                      const CancelToken *cancel = nullptr);

struct MappingOverrides;

// The same for a CSV of any layout, described by a mapping spec (see resources/defaultdata/README.md).
// Rows a spec filters out, empty cells and entities outside the taxonomy the spec skips are
// counted, not rejected.
struct MappedImportReport : CsvImportReport
{
    long long filtered = 0;
    long long emptyCells = 0;
    long long otherEntities = 0;
    std::map<std::string, long> skippedNames; // names outside the taxonomy, with their row counts
    std::string dataset;
};
// displayName replaces the absolute file path in the provenance (shipped data must not carry the
// build machine's paths).
Result<MappedImportReport> importMappedCsvFile(Cache &cache, const QString &specPath, const QString &csvPath,
                                               const MappingOverrides &overrides,
                                               const std::string &displayName = {},
                                               bool acceptSuspect = false);

} // namespace stackatlas
