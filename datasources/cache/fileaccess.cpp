// SPDX-License-Identifier: GPL-3.0-or-later
#include "fileaccess.h"

#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace stackatlas::cache {

std::string whyNotWritable(const std::filesystem::path &file, unsigned long long minFreeBytes)
{
    const std::filesystem::path folder = file.has_parent_path() ? file.parent_path() : ".";
    struct statvfs fs = {};
    if (::statvfs(folder.c_str(), &fs) == 0) {
        if (fs.f_flag & ST_RDONLY)
            return "it is on a read-only file system";
        const unsigned long long free = static_cast<unsigned long long>(fs.f_bavail) * fs.f_frsize;
        if (free < minFreeBytes)
            return "the disk is full (" + std::to_string(free / 1024) + " KiB free)";
    }
    if (::access(file.c_str(), F_OK) == 0 && ::access(file.c_str(), W_OK) != 0)
        return "the file is read-only (" + std::string(std::strerror(errno)) + ")";
    // WAL keeps two files beside the cache: the folder must take them.
    if (::access(folder.c_str(), W_OK) != 0)
        return "its folder " + folder.string() + " is read-only (" + std::string(std::strerror(errno)) + ")";
    return {};
}

std::string whyNotReadable(const std::filesystem::path &file)
{
    if (::access(file.c_str(), R_OK) != 0)
        return std::strerror(errno);
    return {};
}

std::string immutableUri(const std::string &absolutePath)
{
    std::string uri = "file:";
    for (const char c : absolutePath) {
        if (c == '%' || c == '?' || c == '#') {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", static_cast<unsigned char>(c));
            uri += hex;
        } else {
            uri += c;
        }
    }
    return uri + "?immutable=1";
}

} // namespace stackatlas::cache
