// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqlthreadguard.h"

#include "datasources/logging.h"

#include <atomic>

namespace stackatlas::cache {

namespace {
std::atomic<std::thread::id> g_forbidden{};
thread_local int t_allowed = 0;
} // namespace

void forbidSqlOnThread(std::thread::id thread)
{
    g_forbidden.store(thread);
}

AllowSqlOnThisThread::AllowSqlOnThisThread()
{
    ++t_allowed;
}

AllowSqlOnThisThread::~AllowSqlOnThisThread()
{
    --t_allowed;
}

void checkSqlThread(const char *sql)
{
    if (t_allowed == 0 && std::this_thread::get_id() == g_forbidden.load())
        qCWarning(lcCache, "SQL on the GUI thread, which must go through the data store: %.80s", sql);
}

} // namespace stackatlas::cache
