// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/status.h"

#include <cstdint>
#include <string>
#include <string_view>

struct sqlite3;

namespace stackatlas::snapshothash {

// What `snapshot.hash_kind` says of a snapshot's content hash. A snapshot without that key was
// saved before it existed and carries a row hash (hashRows).
inline constexpr std::string_view kPagesKind = "pages-blake2b-256-tree-1m";
inline constexpr std::string_view kPagesLabel = "BLAKE2b-256 of the file's 1 MiB pieces";
inline constexpr std::string_view kRowsLabel = "SHA-256 of the rows";

// Hex digits of a page hash, and so the length of the text a snapshot stores in its hash row.
inline constexpr std::size_t kHexLength = 64;

// The file's bytes hashed in one pass (BLAKE2b-256 of the BLAKE2b-256 of each 1 MiB piece, so
// pieces are hashed on two threads), with the one place that holds `slotText` (the text of the
// snapshot's hash row, as SQLite stored it in its page) read as kHexLength '0's. So the hash can
// live in the file it covers: saving writes a random text there, hashes, then overwrites the text
// with the hash; judging finds the stored hash in the bytes and hashes the same way. Refused when
// the text is not in the file exactly once.
struct PageHash
{
    std::string hex;
    std::uint64_t slotOffset = 0;
};
Result<PageHash> hashPages(const std::string &path, std::string_view slotText);

// Overwrites the slot hashPages found with `hex` (same length) and syncs the file.
Status writeSlot(const std::string &path, std::uint64_t offset, std::string_view hex);

// The hash of snapshots saved before page hashes: SHA-256 over every row of every table, in a
// fixed order and with each value's type, the metadata row `skipKey` aside. Called only on a
// schema already checked to be ours.
Result<std::string> hashRows(sqlite3 *db, const std::string &skipKey);

} // namespace stackatlas::snapshothash
