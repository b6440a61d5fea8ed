// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshothash.h"

#include "sqlitehandle.h"

#include <QCryptographicHash>

#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace stackatlas::snapshothash {

using cache::Statement;

namespace {

// BLAKE2b because Qt's SHA-256 alone took 5.7x copying the file (510 ms for 100 MB here) and
// BLAKE2b 2.3x; as a tree (a hash of the 1 MiB leaves' hashes) so two cores share it: the save
// goal is 4x the copy.
constexpr QCryptographicHash::Algorithm kPagesAlgorithm = QCryptographicHash::Blake2b_256;
constexpr qint64 kLeafBytes = 1 << 20;
constexpr int kDigestBytes = 32;

// One 1 MiB leaf, read into `buffer` with the 63 bytes on either side, so a hash text that runs
// across the edge between two leaves is seen whole by both (each blanks its own part of it; the
// one it starts in counts it).
struct LeafReader
{
    LeafReader(int fd, qint64 size, std::string_view slotText) : fd(fd), size(size), slotText(slotText) {}

    int fd;
    qint64 size;
    std::string_view slotText;
    std::vector<char> buffer = std::vector<char>(std::size_t(kLeafBytes) + 2 * kHexLength);
    std::vector<qint64> starts; // where the text starts, in the leaves this reader owned
    bool failed = false;

    // Leaf i's digest into out, every occurrence of the text read as '0's.
    void hash(qint64 leaf, char *out)
    {
        const qint64 from = leaf * kLeafBytes;
        const qint64 to = std::min(size, from + kLeafBytes);
        const qint64 windowFrom = std::max<qint64>(0, from - qint64(kHexLength - 1));
        const qint64 length = std::min(size, to + qint64(kHexLength - 1)) - windowFrom;
        for (qint64 got = 0; got < length;) {
            const ssize_t n =
                ::pread(fd, buffer.data() + got, std::size_t(length - got), off_t(windowFrom + got));
            if (n <= 0) {
                failed = true;
                return;
            }
            got += n;
        }
        char *window = buffer.data();
        for (char *at = window; (at = static_cast<char *>(memmem(at, std::size_t(window + length - at),
                                                                 slotText.data(), slotText.size())));
             ++at) {
            const qint64 start = windowFrom + (at - window);
            if (start >= from)
                starts.push_back(start);
            // blanked where it lies in this leaf (never the bytes before the leaf: not hashed here)
            const qint64 blankFrom = std::max(start, from),
                         blankTo = std::min(start + qint64(kHexLength), to);
            if (blankTo > blankFrom)
                std::memset(window + (blankFrom - windowFrom), '0', std::size_t(blankTo - blankFrom));
        }
        QCryptographicHash h(kPagesAlgorithm);
        h.addData(QByteArrayView(window + (from - windowFrom), to - from));
        const QByteArray digest = h.result();
        std::memcpy(out, digest.constData(), kDigestBytes);
    }
};

} // namespace

Result<PageHash> hashPages(const std::string &path, std::string_view slotText)
{
    if (slotText.size() != kHexLength)
        return Status::error(StatusCode::InvalidInput, "a hash text of the wrong length");
    // Read, not mapped: mapping cost a page fault per 64 KiB on one thread before the hash began.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return Status::error(StatusCode::IoError, "cannot read " + path + ": " + std::strerror(errno));
    struct stat st;
    const qint64 size = ::fstat(fd, &st) == 0 ? qint64(st.st_size) : -1;
    const qint64 leaves = size > 0 ? (size + kLeafBytes - 1) / kLeafBytes : 0;
    std::vector<char> digests(std::size_t(leaves * kDigestBytes));
    LeafReader first{fd, size, slotText}, second{fd, size, slotText};
    {
        // The second half on a second thread: leaves are independent. Each finds the hash text
        // in the bytes it reads, so the search costs no pass of its own.
        std::jthread other([&] {
            for (qint64 leaf = leaves / 2; leaf < leaves && !second.failed; ++leaf)
                second.hash(leaf, digests.data() + leaf * kDigestBytes);
        });
        for (qint64 leaf = 0; leaf < leaves / 2 && !first.failed; ++leaf)
            first.hash(leaf, digests.data() + leaf * kDigestBytes);
    }
    ::close(fd);
    if (size <= 0 || first.failed || second.failed)
        return Status::error(StatusCode::IoError, "cannot read " + path);
    const std::size_t found = first.starts.size() + second.starts.size();
    if (found == 0)
        return Status::error(StatusCode::InvalidInput, "its hash is not in its bytes");
    if (found > 1)
        return Status::error(StatusCode::InvalidInput, "its hash text is in its bytes more than once");
    const qint64 slot = first.starts.empty() ? second.starts.front() : first.starts.front();
    QCryptographicHash root(kPagesAlgorithm);
    root.addData(QByteArrayView(digests.data(), qsizetype(digests.size())));
    return PageHash{root.result().toHex().toStdString(), std::uint64_t(slot)};
}

Status writeSlot(const std::string &path, std::uint64_t offset, std::string_view hex)
{
    if (hex.size() != kHexLength)
        return Status::error(StatusCode::InvalidInput, "a hash of the wrong length");
    const int fd = ::open(path.c_str(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return Status::error(StatusCode::IoError, "cannot write " + path + ": " + std::strerror(errno));
    const bool written = ::pwrite(fd, hex.data(), hex.size(), off_t(offset)) == ssize_t(hex.size());
    const int writeError = errno;
    const bool synced = written && ::fsync(fd) == 0;
    ::close(fd);
    if (!written || !synced)
        return Status::error(StatusCode::IoError,
                             "cannot write " + path + ": " + std::strerror(written ? errno : writeError));
    return Status::ok();
}

Result<std::string> hashRows(sqlite3 *db, const std::string &skipKey)
{
    // The bytes gathered and hashed 64 KiB at a time: one addData a value cost more than SHA-256.
    struct BufferedHash
    {
        QCryptographicHash hash{QCryptographicHash::Sha256};
        std::string buffer;
        void addData(QByteArrayView bytes)
        {
            buffer.append(bytes.data(), std::size_t(bytes.size()));
            if (buffer.size() >= (1 << 16))
                flush();
        }
        void flush()
        {
            hash.addData(QByteArrayView(buffer.data(), qsizetype(buffer.size())));
            buffer.clear();
        }
        QByteArray result()
        {
            flush();
            return hash.result();
        }
    } hash;
    std::vector<std::string> tables;
    {
        Statement q(
            db,
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
        while (q.step())
            tables.push_back(q.text(0));
        if (q.failed())
            return Status::error(StatusCode::IoError, q.error());
    }
    for (const std::string &table : tables) {
        int columns = 0;
        {
            Statement info(db, "SELECT count(*) FROM pragma_table_info(?)");
            info.bind(1, table);
            if (info.step())
                columns = int(info.int64(0));
        }
        std::string order;
        for (int c = 1; c <= columns; ++c)
            order += (c > 1 ? "," : "") + std::to_string(c);
        std::string sql = "SELECT * FROM \"" + table + "\"";
        if (table == "metadata")
            sql += " WHERE key <> '" + skipKey + "'";
        if (!order.empty())
            sql += " ORDER BY " + order;
        sqlite3_stmt *raw = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK)
            return Status::error(StatusCode::IoError, table + ": " + sqlite3_errmsg(db));
        hash.addData(QByteArrayView(table.data(), qsizetype(table.size() + 1)));
        int rc;
        while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
            for (int c = 0; c < columns; ++c) {
                const int type = sqlite3_column_type(raw, c);
                const char tag = char('0' + type);
                hash.addData(QByteArrayView(&tag, 1));
                if (type == SQLITE_INTEGER) {
                    const sqlite3_int64 v = sqlite3_column_int64(raw, c);
                    hash.addData(QByteArrayView(reinterpret_cast<const char *>(&v), sizeof v));
                } else if (type == SQLITE_FLOAT) {
                    const double v = sqlite3_column_double(raw, c);
                    hash.addData(QByteArrayView(reinterpret_cast<const char *>(&v), sizeof v));
                } else if (type != SQLITE_NULL) {
                    const int n = sqlite3_column_bytes(raw, c);
                    const auto *bytes = static_cast<const char *>(sqlite3_column_blob(raw, c));
                    const std::int64_t len = n;
                    hash.addData(QByteArrayView(reinterpret_cast<const char *>(&len), sizeof len));
                    if (n > 0)
                        hash.addData(QByteArrayView(bytes, n));
                }
            }
        }
        sqlite3_finalize(raw);
        if (rc != SQLITE_DONE)
            return Status::error(StatusCode::IoError, table + ": " + sqlite3_errmsg(db));
    }
    return hash.result().toHex().toStdString();
}

} // namespace stackatlas::snapshothash
