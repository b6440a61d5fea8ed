// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace stackatlas::bench {

struct Run
{
    double ms = 0;
    double maxRssMiB = 0;
    bool ok = false; // exited with 0
    int exitCode = -1;
};

// fork, exec, wait4: the child's own wall time and peak resident memory.
inline Run runChild(const std::vector<std::string> &argv, const std::vector<std::string> &env)
{
    std::vector<char *> args, envp;
    for (const auto &a : argv)
        args.push_back(const_cast<char *>(a.c_str()));
    args.push_back(nullptr);
    for (const auto &e : env)
        envp.push_back(const_cast<char *>(e.c_str()));
    envp.push_back(nullptr);
    const auto t0 = std::chrono::steady_clock::now();
    const pid_t pid = fork();
    if (pid == 0) {
        // The children's own output (and the platform plugin's notes) would drown the figures.
        if (FILE *null = std::fopen("/dev/null", "w"))
            dup2(fileno(null), STDERR_FILENO), dup2(fileno(null), STDOUT_FILENO);
        execve(args[0], args.data(), envp.data());
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    Run r;
    r.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    r.maxRssMiB = double(usage.ru_maxrss) / 1024.0;
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.ok = r.exitCode == 0;
    return r;
}

} // namespace stackatlas::bench
