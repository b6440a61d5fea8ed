// SPDX-License-Identifier: GPL-3.0-or-later
// An LD_PRELOAD shim that plays a full disk for one folder: every write(2), pwrite(2) and writev(2)
// to a file whose path starts with $STACKATLAS_ENOSPC_PREFIX fails with ENOSPC once
// $STACKATLAS_ENOSPC_AFTER bytes (default 0) have gone to such files. For tst_diskfull where a
// small file system cannot be mounted (not root). Files elsewhere are untouched.
#include <dlfcn.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/uio.h>

namespace {

std::atomic<long long> g_written{0};

bool underPrefix(int fd)
{
    const char *prefix = std::getenv("STACKATLAS_ENOSPC_PREFIX");
    if (!prefix || !*prefix)
        return false;
    char link[64], path[4096];
    std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    const ssize_t n = readlink(link, path, sizeof path - 1);
    if (n <= 0)
        return false;
    path[n] = '\0';
    return std::strncmp(path, prefix, std::strlen(prefix)) == 0;
}

// How many of `count` bytes may still go to the full folder; -1 with errno set when none.
ssize_t allowance(int fd, size_t count)
{
    if (!underPrefix(fd))
        return ssize_t(count);
    const char *after = std::getenv("STACKATLAS_ENOSPC_AFTER");
    const long long budget = after ? std::atoll(after) : 0;
    const long long left = budget - g_written.load();
    if (left <= 0) {
        errno = ENOSPC;
        return -1;
    }
    const ssize_t allowed = ssize_t(std::min<long long>(left, (long long)count));
    g_written += allowed;
    return allowed;
}

template <typename F> F real(const char *name)
{
    return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

} // namespace

extern "C" {

ssize_t write(int fd, const void *buf, size_t count)
{
    static auto next = real<ssize_t (*)(int, const void *, size_t)>("write");
    const ssize_t allowed = allowance(fd, count);
    return allowed < 0 ? -1 : next(fd, buf, size_t(allowed));
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset)
{
    static auto next = real<ssize_t (*)(int, const void *, size_t, off_t)>("pwrite");
    const ssize_t allowed = allowance(fd, count);
    return allowed < 0 ? -1 : next(fd, buf, size_t(allowed), offset);
}

ssize_t pwrite64(int fd, const void *buf, size_t count, off_t offset)
{
    static auto next = real<ssize_t (*)(int, const void *, size_t, off_t)>("pwrite64");
    const ssize_t allowed = allowance(fd, count);
    return allowed < 0 ? -1 : next(fd, buf, size_t(allowed), offset);
}

ssize_t writev(int fd, const struct iovec *iov, int iovcnt)
{
    static auto next = real<ssize_t (*)(int, const struct iovec *, int)>("writev");
    size_t total = 0;
    for (int i = 0; i < iovcnt; ++i)
        total += iov[i].iov_len;
    if (underPrefix(fd) && allowance(fd, total) != ssize_t(total)) {
        errno = ENOSPC; // all or nothing for a vector: simpler, and still a full disk
        return -1;
    }
    return next(fd, iov, iovcnt);
}
}
