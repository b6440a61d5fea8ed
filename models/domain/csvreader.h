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

// The same reading for input that arrives in pieces (a file read in chunks, a pipe), with memory
// bounded by the longest record rather than the input: records are returned as soon as the line
// end after them has arrived. Records, lines and issues are those readCsv gives for the whole
// text, except that a record longer than maxRecordBytes (an unterminated quote, a file without line
// ends) is reported and reading resumes at the line after its first, instead of holding the rest.
// What an importer says of a line past the reader's limit that comes before any header (a device
// such as /dev/zero, a binary file): it stops there, instead of skipping line after line of an
// input that may never end. Importers compare the issue's line with their header's.
std::string overlongBeforeHeader(long line);

class CsvStreamReader
{
public:
    static constexpr std::size_t kDefaultMaxRecordBytes = std::size_t(1) << 20;
    explicit CsvStreamReader(std::size_t maxRecordBytes = kDefaultMaxRecordBytes);
    CsvDocument feed(std::string_view bytes);
    CsvDocument finish(); // the end of the input
    unsigned long long bytesSeen() const { return m_bytesSeen; }

private:
    bool skipRestOfLine();
    std::size_t completeRecordsEnd();
    bool delimits(char c, std::size_t &end);

    std::size_t m_maxRecordBytes;
    std::string m_pending;
    std::size_t m_scanned = 0; // bytes of m_pending already scanned for quotes and line ends
    enum class Scan
    {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted, // a quote inside a quoted field: its end, or the first of ""
        AfterCr,
        BrokenLine, // text after a closing quote: the line is dropped
    };
    Scan m_state = Scan::FieldStart;
    bool m_atStart = true;
    bool m_skippingLine = false;
    long m_line = 1;
    unsigned long long m_bytesSeen = 0;
};

} // namespace stackatlas
