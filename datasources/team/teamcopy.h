// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pgconnection.h"

#include <charconv>
#include <string>
#include <string_view>
#include <vector>

namespace stackatlas::team {

// Building COPY text rows: fields joined by tabs, texts escaped, numbers as the shortest text that
// reads back to the same double (std::to_chars), so a value crosses the wire unchanged.
class CopyRow
{
public:
    explicit CopyRow(std::string &out) : m_out(out) {}
    ~CopyRow() { m_out += '\n'; }
    CopyRow &text(std::string_view value)
    {
        separate();
        PgConnection::appendCopyText(m_out, value);
        return *this;
    }
    CopyRow &number(long long value)
    {
        separate();
        char buf[24];
        m_out.append(buf, std::size_t(std::to_chars(buf, buf + sizeof buf, value).ptr - buf));
        return *this;
    }
    CopyRow &real(double value)
    {
        separate();
        char buf[32];
        m_out.append(buf, std::size_t(std::to_chars(buf, buf + sizeof buf, value).ptr - buf));
        return *this;
    }
    CopyRow &null()
    {
        separate();
        m_out += "\\N";
        return *this;
    }

private:
    void separate()
    {
        if (m_any)
            m_out += '\t';
        m_any = true;
    }
    std::string &m_out;
    bool m_any = false;
};

// Copies a whole vector in one COPY (the small tables: series, provenance, runs, edits).
template <typename T, typename Write>
Result<long long> copyAll(PgConnection &db, const std::string &copySql, const std::vector<T> &rows,
                          Write write)
{
    std::size_t next = 0;
    return db.copyIn(copySql, [&](std::string &buffer) {
        for (; next < rows.size() && buffer.size() < (1u << 20); ++next) {
            CopyRow row(buffer);
            write(row, rows[next]);
        }
        return next < rows.size();
    });
}

} // namespace stackatlas::team
