// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace stackatlas {

// Shared between the thread that asks for a stop (the GUI, a signal handler) and the workers that
// honour it. Waits end early when cancel() is called. Thread-safe.
class CancelToken
{
public:
    void cancel()
    {
        {
            std::lock_guard lock(m_mutex);
            m_cancelled = true;
        }
        m_cv.notify_all();
    }
    bool isCancelled() const { return m_cancelled.load(); }
    // Sleeps for up to duration; returns false if cancelled first.
    bool sleepFor(std::chrono::milliseconds duration) const
    {
        std::unique_lock lock(m_mutex);
        return !m_cv.wait_for(lock, duration, [this] { return m_cancelled.load(); });
    }

private:
    mutable std::mutex m_mutex;
    mutable std::condition_variable m_cv;
    std::atomic<bool> m_cancelled{false};
};

} // namespace stackatlas
