// SPDX-License-Identifier: GPL-3.0-or-later
#include "collectorlock.h"

#include <QString>

namespace stackatlas {

CollectorLock::CollectorLock(const std::string &cachePath)
    : m_lock(std::make_unique<QLockFile>(QString::fromStdString(cachePath + ".collect.lock")))
{
    // A fetch may take minutes: only a holder whose process is gone makes the lock stale.
    m_lock->setStaleLockTime(0);
}

CollectorLock::~CollectorLock() = default;

bool CollectorLock::tryAcquire()
{
    if (m_lock->tryLock(0))
        return true;
    if (m_lock->error() == QLockFile::LockFailedError) {
        qint64 pid = 0;
        QString host, app;
        m_holder = m_lock->getLockInfo(&pid, &host, &app)
                       ? "another collector is fetching into this cache (" + app.toStdString() +
                             ", process " + std::to_string(pid) + " on " + host.toStdString() + ")"
                       : "another collector is fetching into this cache";
    } else {
        m_holder = "the collector lock " + m_lock->fileName().toStdString() + " cannot be made (" +
                   (m_lock->error() == QLockFile::PermissionError ? "permission denied" : "unknown error") +
                   ")";
    }
    return false;
}

} // namespace stackatlas
