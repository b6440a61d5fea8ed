// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Reading a cache file from a test the way an outsider would: SQLite directly, not the app's code.

#include <QString>

#include <sqlite3.h>

namespace stackatlas::test {

// One text (or number as text) from a SQL query on a SQLite file; empty when it cannot be read.
inline QString sqlScalar(const QString &file, const char *sql)
{
    sqlite3 *db = nullptr;
    QString text;
    if (sqlite3_open_v2(file.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt *q = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &q, nullptr) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
            text = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(q, 0)));
        sqlite3_finalize(q);
    }
    sqlite3_close(db);
    return text;
}

struct CacheState
{
    QString integrity;
    long long points = -1;
    long long provisional = -1; // provenance rows an import left unsettled
};

// Opened read-write, as the next start of the app would (a hot -wal file is replayed first).
inline CacheState inspectCache(const QString &path)
{
    CacheState state;
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return state;
    }
    auto scalar = [db](const char *sql) {
        sqlite3_stmt *q = nullptr;
        QString text;
        if (sqlite3_prepare_v2(db, sql, -1, &q, nullptr) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
            text = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(q, 0)));
        sqlite3_finalize(q);
        return text;
    };
    state.integrity = scalar("PRAGMA integrity_check");
    state.points = scalar("SELECT count(*) FROM points").toLongLong();
    state.provisional =
        scalar("SELECT count(*) FROM provenance WHERE as_of < -4000000000000000000").toLongLong();
    sqlite3_close(db);
    return state;
}

} // namespace stackatlas::test
