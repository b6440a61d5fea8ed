// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/status.h"

#include <cstdint>
#include <string>
#include <vector>

struct sqlite3;

namespace stackatlas::cache {

// "SAtl" in the file header: tells a StackAtlas file from any other SQLite database.
constexpr std::int32_t kApplicationId = 0x5341746c;

// Migration i takes user_version i to i + 1. Append only: a released migration never changes.
struct Migration
{
    std::string description;
    std::string sql;
};

const std::vector<Migration> &migrations();
int currentSchemaVersion();

// Applies the migrations after `from`, each in its own transaction with its user_version bump, so
// a failing one leaves the file at the last good version. Takes the list so tests can exercise
// the mechanism with migrations of their own.
Status applyMigrations(sqlite3 *db, int from, const std::vector<Migration> &list);

} // namespace stackatlas::cache
