// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <filesystem>
#include <string>

namespace stackatlas::cache {

// Why a cache file cannot be written here, in the user's words, or "" when it can: a read-only
// file system, a read-only file, a folder where SQLite cannot create the -wal and -shm files
// beside it, or a disk with less than `minFreeBytes` free. SQLite itself only says "unable to
// open database file" or "disk I/O error" for all of these.
std::string whyNotWritable(const std::filesystem::path &file, unsigned long long minFreeBytes = 64 * 1024);

// Why the file cannot be read ("permission denied"), or "".
std::string whyNotReadable(const std::filesystem::path &file);

// "file:/path?immutable=1" with the path's URI-special characters escaped, for sqlite3_open_v2
// with SQLITE_OPEN_URI: a file SQLite reads without a lock or a -shm file.
std::string immutableUri(const std::string &absolutePath);

} // namespace stackatlas::cache
