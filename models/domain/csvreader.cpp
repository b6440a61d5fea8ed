// SPDX-License-Identifier: GPL-3.0-or-later
#include "csvreader.h"
#include "textutil.h"

namespace stackatlas {

CsvDocument readCsv(std::string_view text)
{
    CsvDocument doc;
    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3);

    std::size_t i = 0;
    long line = 1;
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
    return doc;
}

} // namespace stackatlas
