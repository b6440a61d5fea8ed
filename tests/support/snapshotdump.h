// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

#include <sqlite3.h>

#include <string>
#include <vector>

namespace stackatlas::test {

// Every row of every table of a SQLite file, as text, in a fixed order; metadata's snapshot.* keys
// (title, note, hash) aside unless asked for. Read as immutable: the file is never changed.
inline QStringList dump(const QString &path, bool withSnapshotKeys = false)
{
    QStringList out;
    sqlite3 *db = nullptr;
    sqlite3_open_v2(("file:" + path.toStdString() + "?immutable=1").c_str(), &db,
                    SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
    std::vector<std::string> tables;
    sqlite3_stmt *st = nullptr;
    sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type='table' ORDER BY name", -1, &st,
                       nullptr);
    while (sqlite3_step(st) == SQLITE_ROW)
        tables.emplace_back(reinterpret_cast<const char *>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
    for (const std::string &t : tables) {
        const std::string sql = t == "metadata" && !withSnapshotKeys
                                    ? "SELECT * FROM metadata WHERE key NOT LIKE 'snapshot.%' ORDER BY 1"
                                    : "SELECT * FROM \"" + t + "\" ORDER BY 1, 2";
        sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
        while (sqlite3_step(st) == SQLITE_ROW) {
            QString row = QString::fromStdString(t);
            for (int c = 0; c < sqlite3_column_count(st); ++c)
                row += QLatin1Char('|') +
                       QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(st, c)));
            out << row;
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return out;
}

} // namespace stackatlas::test
