// SPDX-License-Identifier: GPL-3.0-or-later
#include "csvreader.h"
#include "textutil.h"

namespace stackatlas {

namespace {

// Appends the records of `text` (whose first byte is at `line`) to doc; returns the line after it.
long readCsvInto(std::string_view text, long line, CsvDocument &doc)
{
    std::size_t i = 0;
    while (i < text.size()) {
        CsvRecord record;
        record.line = line;
        std::string field;
        bool ok = true;
        std::string error;
        bool endOfRecord = false;
        bool fieldStarted = false;
        while (!endOfRecord) {
            if (i >= text.size()) {
                endOfRecord = true;
                break;
            }
            const char c = text[i];
            if (c == '"' && !fieldStarted) {
                // quoted field
                ++i;
                bool closed = false;
                while (i < text.size()) {
                    if (text[i] == '"') {
                        if (i + 1 < text.size() && text[i + 1] == '"') {
                            field += '"';
                            i += 2;
                            continue;
                        }
                        ++i;
                        closed = true;
                        break;
                    }
                    if (text[i] == '\n')
                        ++line;
                    field += text[i++];
                }
                if (!closed) {
                    ok = false;
                    error = "unterminated quoted field";
                    break;
                }
                fieldStarted = true;
                if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
                    ok = false;
                    error = "text after a closing quote";
                    break;
                }
                continue;
            }
            if (c == ',') {
                record.fields.push_back(std::move(field));
                field.clear();
                fieldStarted = false;
                ++i;
                continue;
            }
            if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
                    ++i;
                ++i;
                ++line;
                endOfRecord = true;
                break;
            }
            field += c;
            fieldStarted = true;
            ++i;
        }
        if (!ok) {
            doc.issues.push_back({record.line, error});
            // resume after the line on which the problem was found
            while (i < text.size() && text[i] != '\n')
                ++i;
            if (i < text.size()) {
                ++i;
                ++line;
            }
            continue;
        }
        record.fields.push_back(std::move(field));
        const bool blank = record.fields.size() == 1 && record.fields[0].empty();
        if (blank)
            continue;
        bool utf8 = true;
        for (const auto &f : record.fields)
            utf8 = utf8 && isValidUtf8(f);
        if (!utf8) {
            doc.issues.push_back({record.line, "invalid UTF-8"});
            continue;
        }
        doc.records.push_back(std::move(record));
    }
    return line;
}

bool startsWithBom(std::string_view text)
{
    return text.substr(0, 3) == "\xEF\xBB\xBF";
}

} // namespace

CsvDocument readCsv(std::string_view text)
{
    CsvDocument doc;
    if (startsWithBom(text))
        text.remove_prefix(3);
    readCsvInto(text, 1, doc);
    return doc;
}

std::string overlongBeforeHeader(long line)
{
    return "line " + std::to_string(line) + " runs past " +
           std::to_string(CsvStreamReader::kDefaultMaxRecordBytes >> 10) +
           " KiB without a line end, before any header: is this a CSV file?";
}

CsvStreamReader::CsvStreamReader(std::size_t maxRecordBytes) : m_maxRecordBytes(maxRecordBytes) {}

CsvDocument CsvStreamReader::feed(std::string_view bytes)
{
    CsvDocument doc;
    m_bytesSeen += bytes.size();
    if (m_atStart) {
        // The BOM may arrive split across pieces: wait for three bytes before deciding.
        m_pending.append(bytes);
        if (m_pending.size() < 3)
            return doc;
        if (startsWithBom(m_pending))
            m_pending.erase(0, 3);
        m_atStart = false;
        bytes = {};
        m_scanned = 0;
    }
    m_pending.append(bytes);
    while (true) {
        if (m_skippingLine && !skipRestOfLine())
            return doc;
        const std::size_t end = completeRecordsEnd();
        if (end > 0) {
            m_line = readCsvInto(std::string_view(m_pending).substr(0, end), m_line, doc);
            m_pending.erase(0, end);
            m_scanned -= end;
        }
        if (m_pending.size() <= m_maxRecordBytes)
            return doc;
        // One record longer than the limit (an unterminated quote, or no line ends): report it,
        // drop its first line and read on from the next, as readCsv does after a broken record.
        doc.issues.push_back({m_line, "a record longer than " + std::to_string(m_maxRecordBytes >> 10) +
                                          " KiB (an unterminated quote?): skipped to the next line"});
        m_skippingLine = true;
    }
}

CsvDocument CsvStreamReader::finish()
{
    CsvDocument doc;
    if (m_atStart && startsWithBom(m_pending))
        m_pending.erase(0, 3);
    m_atStart = false;
    if (!m_skippingLine)
        m_line = readCsvInto(m_pending, m_line, doc);
    m_pending.clear();
    m_scanned = 0;
    return doc;
}

// Drops pending bytes up to the next line end; false while none has arrived.
bool CsvStreamReader::skipRestOfLine()
{
    const std::size_t nl = m_pending.find('\n');
    if (nl == std::string::npos) {
        m_pending.clear();
        m_scanned = 0;
        return false;
    }
    m_pending.erase(0, nl + 1);
    ++m_line;
    m_skippingLine = false;
    m_state = Scan::FieldStart;
    m_scanned = 0;
    return true;
}

// A comma or a line end after a field: the state it leads to, and where a record ends; false for
// any other byte.
bool CsvStreamReader::delimits(char c, std::size_t &end)
{
    if (c == ',')
        m_state = Scan::FieldStart;
    else if (c == '\n')
        end = m_scanned + 1, m_state = Scan::FieldStart;
    else if (c == '\r')
        m_state = Scan::AfterCr;
    else
        return false;
    return true;
}

// The length of the pending prefix that holds only whole records: up to the last record end, found
// by the same rules readCsv reads by (a quote opens a field only at its start, "" inside quotes is
// a quote, a line ends at LF, CRLF or a lone CR). The state is kept across calls, so each byte is
// scanned once.
std::size_t CsvStreamReader::completeRecordsEnd()
{
    std::size_t end = 0;
    for (; m_scanned < m_pending.size(); ++m_scanned) {
        const char c = m_pending[m_scanned];
        if (m_state == Scan::AfterCr) {
            // A lone CR ended the record before this byte; CRLF ends it after the LF.
            m_state = Scan::FieldStart;
            if (c == '\n') {
                end = m_scanned + 1;
                continue;
            }
            end = m_scanned;
        }
        switch (m_state) {
        case Scan::FieldStart:
        case Scan::Unquoted:
            if (c == '"' && m_state == Scan::FieldStart)
                m_state = Scan::Quoted;
            else if (!delimits(c, end))
                m_state = Scan::Unquoted;
            break;
        case Scan::Quoted:
            if (c == '"')
                m_state = Scan::QuoteInQuoted;
            break;
        case Scan::QuoteInQuoted:
            if (c == '"')
                m_state = Scan::Quoted;
            else if (!delimits(c, end))
                m_state = Scan::BrokenLine; // readCsv drops the rest of this line
            break;
        case Scan::BrokenLine:
            if (c == '\n')
                end = m_scanned + 1, m_state = Scan::FieldStart;
            break;
        case Scan::AfterCr:
            break;
        }
    }
    return end;
}

} // namespace stackatlas
