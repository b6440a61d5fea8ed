// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <thread>

namespace stackatlas::cache {

// The desktop reads and writes the cache on the data store's thread only. Once the store names the
// GUI thread here, every SQL statement prepared on it is reported as a warning on stackatlas.cache
// (tests fail on warnings), so a pane that slips back to reading the cache itself is caught.
void forbidSqlOnThread(std::thread::id thread);

// A test's own set-up on the GUI thread (writing fixture points before announcing them) is allowed
// for the scope of one of these.
class AllowSqlOnThisThread
{
public:
    AllowSqlOnThisThread();
    ~AllowSqlOnThisThread();
    AllowSqlOnThisThread(const AllowSqlOnThisThread &) = delete;
    AllowSqlOnThisThread &operator=(const AllowSqlOnThisThread &) = delete;
};

// Called where a statement is prepared.
void checkSqlThread(const char *sql);

} // namespace stackatlas::cache
