// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqlitehandle.h"
#include "sqlthreadguard.h"

#include <sqlite3.h>

namespace stackatlas::cache {

void SqliteCloser::operator()(sqlite3 *db) const
{
    sqlite3_close_v2(db);
}

std::string lastError(sqlite3 *db)
{
    return db ? sqlite3_errmsg(db) : "no database";
}

Statement::Statement(sqlite3 *db, std::string_view sql) : m_db(db)
{
    checkSqlThread(std::string(sql.substr(0, 80)).c_str());
    if (sqlite3_prepare_v3(db, sql.data(), int(sql.size()), 0, &m_stmt, nullptr) != SQLITE_OK) {
        m_error = lastError(db);
        m_stmt = nullptr;
    }
}

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

Statement &Statement::bind(int index, std::int64_t value)
{
    if (m_stmt)
        sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}

Statement &Statement::bind(int index, double value)
{
    if (m_stmt)
        sqlite3_bind_double(m_stmt, index, value);
    return *this;
}

Statement &Statement::bind(int index, std::string_view text)
{
    if (m_stmt)
        sqlite3_bind_text(m_stmt, index, text.data(), int(text.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement &Statement::bindNull(int index)
{
    if (m_stmt)
        sqlite3_bind_null(m_stmt, index);
    return *this;
}

Statement &Statement::bind(int index, const std::optional<std::int64_t> &value)
{
    return value ? bind(index, *value) : bindNull(index);
}

bool Statement::step()
{
    if (!m_stmt)
        return false;
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE)
        m_error = lastError(m_db);
    return false;
}

void Statement::reset()
{
    if (!m_stmt)
        return;
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

std::int64_t Statement::int64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

double Statement::real(int column) const
{
    return sqlite3_column_double(m_stmt, column);
}

std::string Statement::text(int column) const
{
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    return p ? std::string(p, std::size_t(sqlite3_column_bytes(m_stmt, column))) : std::string();
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

Status exec(sqlite3 *db, std::string_view sql)
{
    char *error = nullptr;
    const std::string text(sql);
    checkSqlThread(text.c_str());
    if (sqlite3_exec(db, text.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        std::string message = error ? error : lastError(db);
        sqlite3_free(error);
        return Status::error(StatusCode::IoError, message);
    }
    return Status::ok();
}

Transaction::Transaction(sqlite3 *db) : m_db(db), m_nested(sqlite3_get_autocommit(db) == 0)
{
    m_begin = exec(db, m_nested ? "SAVEPOINT nested" : "BEGIN IMMEDIATE");
    m_open = m_begin.isOk();
}

Transaction::~Transaction()
{
    // A failed ROLLBACK leaves nothing to do here: SQLite rolls an open transaction back itself
    // when the connection closes, and a destructor has no one to tell.
    if (m_open)
        (void)exec(m_db, m_nested ? "ROLLBACK TO nested; RELEASE nested" : "ROLLBACK");
}

Status Transaction::commit()
{
    if (!m_open)
        return Status::error(StatusCode::Internal, "no open transaction");
    Status s = exec(m_db, m_nested ? "RELEASE nested" : "COMMIT");
    if (s.isOk())
        m_open = false;
    return s;
}

} // namespace stackatlas::cache
