// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/status.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace stackatlas::cache {

// Thin RAII over the SQLite C API, private to datasources/cache/. Not thread-safe: one connection
// belongs to one thread at a time.
struct SqliteCloser
{
    void operator()(sqlite3 *db) const;
};
using SqliteDb = std::unique_ptr<sqlite3, SqliteCloser>;

class Statement
{
public:
    Statement(sqlite3 *db, std::string_view sql);
    ~Statement();
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    bool isValid() const { return m_stmt != nullptr; }
    const std::string &prepareError() const { return m_error; }

    Statement &bind(int index, std::int64_t value);
    Statement &bind(int index, double value); // the caller guarantees a finite value
    Statement &bind(int index, std::string_view text);
    Statement &bindNull(int index);
    Statement &bind(int index, const std::optional<std::int64_t> &value);

    // SQLITE_ROW -> true, SQLITE_DONE -> false; errors are kept in error().
    bool step();
    void reset();
    bool failed() const { return !m_error.empty(); }
    const std::string &error() const { return m_error; }

    std::int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    bool isNull(int column) const;

private:
    sqlite3 *m_db;
    sqlite3_stmt *m_stmt = nullptr;
    std::string m_error;
};

// Runs one or more statements that return no rows.
Status exec(sqlite3 *db, std::string_view sql);
std::string lastError(sqlite3 *db);

// BEGIN IMMEDIATE ... COMMIT, rolled back by the destructor unless committed: a failing batch
// leaves nothing behind. Inside a transaction already open (Cache::WriteScope) it is a savepoint
// instead: its commit releases the savepoint, its failure rolls back to it, and only the outer
// transaction's commit makes anything durable.
class Transaction
{
public:
    explicit Transaction(sqlite3 *db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    const Status &beginStatus() const { return m_begin; }
    Status commit();

private:
    sqlite3 *m_db;
    Status m_begin;
    bool m_open = false;
    bool m_nested = false;
};

} // namespace stackatlas::cache
