// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/status.h"

#include <string>

namespace stackatlas {

class PgConnection;

// The team store's tables live in a PostgreSQL schema of their own, `stackatlas`, in whatever
// database the team names, so they can share a server (and a database) with other tools. Its
// version is kept in stackatlas.meta like the SQLite cache's user_version: append-only
// migrations, a newer or foreign `stackatlas` schema refused and never touched.
namespace teamschema {

int currentVersion();

struct StoreInfo
{
    std::string storeId; // a UUID made at init: what a cache remembers its pushes and pulls by
    int version = 0;
};

// Creates the schema or migrates it to the current version, in one transaction. Refuses a newer
// version or a `stackatlas` schema this app did not make.
Result<StoreInfo> initialise(PgConnection &db);
// Inside the caller's transaction: the store's id, refused unless it is at the current version
// (an older one is told to run `team init`).
Result<StoreInfo> check(PgConnection &db);

} // namespace teamschema
} // namespace stackatlas
