// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// kill -9 at a random moment of a process's run, for the crash-consistency tests.

#include <QProcess>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QThread>

#include <algorithm>

namespace stackatlas::test {

// How many kills each crash test makes: STACKATLAS_KILL_RUNS, else `fallback` (the CI count).
// tests/stress/kill-9.sh sets it to 200.
inline int killRuns(int fallback)
{
    const int n = qEnvironmentVariableIntValue("STACKATLAS_KILL_RUNS");
    return n > 0 ? n : fallback;
}

// Starts the program and sends it SIGKILL after a random delay between 0 and 1.1 times
// `wholeRunMs` (how long one whole run took), so kills spread over all of a run and a few land
// after it. True when it was still running at the kill. A run that ended before the kill shows
// that runs are quicker than measured (the measuring run may have shared the machine with other
// tests): `wholeRunMs` shrinks to that delay, so later kills land inside the run again.
inline bool runAndKill(const QString &program, const QStringList &args, const QProcessEnvironment &env,
                       qint64 &wholeRunMs, QRandomGenerator &rng)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForStarted())
        return false;
    const int delay = rng.bounded(int(wholeRunMs * 11 / 10) + 1);
    QThread::msleep(delay);
    const bool running = p.state() == QProcess::Running;
    p.kill(); // SIGKILL
    p.waitForFinished();
    if (!running)
        wholeRunMs = std::max<qint64>(1, std::min<qint64>(wholeRunMs, delay));
    return running;
}

} // namespace stackatlas::test
