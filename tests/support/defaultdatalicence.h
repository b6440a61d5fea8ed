// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "datasources/defaultdata/defaultdatabuilder.h"

#include <QFile>
#include <QString>
#include <QTest>

#include <sqlite3.h>

#include <string>

namespace stackatlas::test {

// Whether a default data file holds the datasets whose licence forbids commercial use (Coin
// Metrics). A build with STACKATLAS_NONCOMMERCIAL_DATA=OFF leaves them out and says so in the
// file's metadata (kNonCommercialKey); tests that pin those figures skip
// there, with a message naming the option. Read with SQLite alone, for tests that only run the CLI.
inline bool hasNonCommercialData(const QString &defaultData)
{
    sqlite3 *db = nullptr;
    std::string value;
    if (sqlite3_open_v2(QFile::encodeName(defaultData).constData(), &db, SQLITE_OPEN_READONLY, nullptr) ==
        SQLITE_OK) {
        sqlite3_stmt *q = nullptr;
        if (sqlite3_prepare_v2(db, "SELECT value FROM metadata WHERE key = ?", -1, &q, nullptr) ==
                SQLITE_OK &&
            sqlite3_bind_text(q, 1, kNonCommercialKey, -1, SQLITE_STATIC) == SQLITE_OK &&
            sqlite3_step(q) == SQLITE_ROW)
            value = reinterpret_cast<const char *>(sqlite3_column_text(q, 0));
        sqlite3_finalize(q);
    }
    sqlite3_close(db);
    return value == "included";
}

} // namespace stackatlas::test

// For a test function whose figures come from the non-commercial datasets.
#define STACKATLAS_SKIP_WITHOUT_NONCOMMERCIAL_DATA(file)                                                     \
    do {                                                                                                     \
        if (!stackatlas::test::hasNonCommercialData(file))                                                   \
            QSKIP("this build leaves out the non-commercial datasets (STACKATLAS_NONCOMMERCIAL_DATA=OFF): "  \
                  "the "                                                                                     \
                  "Coin Metrics figures this test pins are not shipped");                                    \
    } while (false)
