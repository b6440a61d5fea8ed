// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "status.h"

#include <string>
#include <string_view>
#include <vector>

namespace stackatlas {

// One CSV record and the 1-based line it starts on (quoted fields may span lines).
struct CsvRecord
{
    long line = 0;
    std::vector<std::string> fields;
};

struct CsvDocument
{
    std::vector<CsvRecord> records; // the header is records[0]
    std::vector<LineIssue> issues;  // records that could not be read (dropped)
};

// RFC 4180: comma separated, '"' quoting with "" escapes, LF or CRLF line ends, an optional UTF-8
// BOM, blank lines skipped. A record with an unterminated quote or text after a closing quote is
// reported in issues by line and dropped; reading resumes at the next line. Invalid UTF-8 is
// reported, never passed on.
CsvDocument readCsv(std::string_view text);

} // namespace stackatlas
