// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/status.h"

#include <QString>

#include <vector>

namespace stackatlas {

class Cache;

struct CsvImportReport
{
    long long dataRows = 0;
    long long written = 0;
    std::vector<LineIssue> rejected; // by line
};

// Imports a long-format CSV file (see parseLongCsv) into the cache: the good rows in one
// transaction, the bad ones reported by line. Records one import run per source named in the
// file. A failed write leaves the cache as it was.
Result<CsvImportReport> importCsvFile(Cache &cache, const QString &path);

} // namespace stackatlas
