// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLockFile>

#include <memory>
#include <string>

namespace stackatlas {

// One collector at a time per cache file: the systemd timer's `stackatlas fetch` and the open
// app's refresh (or two of either) would otherwise fetch the same sources at once and each record
// a run of the same data. SQLite alone keeps the file whole; this keeps the runs single. The lock
// is `<cache>.collect.lock` beside the cache; a holder that died is detected by its process id.
class CollectorLock
{
public:
    explicit CollectorLock(const std::string &cachePath);
    ~CollectorLock();
    CollectorLock(const CollectorLock &) = delete;
    CollectorLock &operator=(const CollectorLock &) = delete;

    // False when another collector holds it (holder() says which) or the lock file cannot be
    // made (holder() says why).
    bool tryAcquire();
    std::string holder() const { return m_holder; }

private:
    std::unique_ptr<QLockFile> m_lock;
    std::string m_holder;
};

} // namespace stackatlas
