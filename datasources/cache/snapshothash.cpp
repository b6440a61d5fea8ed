// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshothash.h"

#include "sqlitehandle.h"

#include <QCryptographicHash>
#include <QFile>

#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <fcntl.h>
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

const char *findText(const char *from, const char *end, std::string_view text)
{
    if (from >= end)
        return nullptr;
    return static_cast<const char *>(memmem(from, std::size_t(end - from), text.data(), text.size()));
}

// Leaf i's digest into out, the slot's bytes read as '0's wherever they fall in it.
void hashLeaf(const char *begin, qint64 size, qint64 slot, qint64 leaf, char *out)
{
    const qint64 from = leaf * kLeafBytes;
    const qint64 to = std::min(size, from + kLeafBytes);
    QCryptographicHash hash(kPagesAlgorithm);
    const qint64 blankFrom = std::clamp(slot, from, to);
    const qint64 blankTo = std::clamp(slot + qint64(kHexLength), from, to);
    hash.addData(QByteArrayView(begin + from, blankFrom - from));
    const std::string blank(std::size_t(blankTo - blankFrom), '0');
    hash.addData(QByteArrayView(blank.data(), qsizetype(blank.size())));
    hash.addData(QByteArrayView(begin + blankTo, to - blankTo));
    const QByteArray digest = hash.result();
    std::memcpy(out, digest.constData(), kDigestBytes);
}

} // namespace

Result<PageHash> hashPages(const std::string &path, std::string_view slotText)
{
    if (slotText.size() != kHexLength)
        return Status::error(StatusCode::InvalidInput, "a hash text of the wrong length");
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly))
        return Status::error(StatusCode::IoError,
                             "cannot read " + path + ": " + file.errorString().toStdString());
    const qint64 size = file.size();
    const uchar *mapped = size > 0 ? file.map(0, size) : nullptr;
    if (!mapped)
        return Status::error(StatusCode::IoError,
                             "cannot map " + path + ": " + file.errorString().toStdString());
    const char *begin = reinterpret_cast<const char *>(mapped);
    const char *end = begin + size;
    const char *slot = findText(begin, end, slotText);
    if (!slot)
        return Status::error(StatusCode::InvalidInput, "its hash is not in its bytes");
    if (findText(slot + 1, end, slotText))
        return Status::error(StatusCode::InvalidInput, "its hash text is in its bytes more than once");
    const qint64 leaves = (size + kLeafBytes - 1) / kLeafBytes;
    std::vector<char> digests(std::size_t(leaves * kDigestBytes));
    const auto hashRange = [&](qint64 first, qint64 last) {
        for (qint64 leaf = first; leaf < last; ++leaf)
            hashLeaf(begin, size, slot - begin, leaf, digests.data() + leaf * kDigestBytes);
    };
    {
        // The second half on a second thread: the two halves' leaves are independent.
        std::jthread second(hashRange, leaves / 2, leaves);
        hashRange(0, leaves / 2);
    }
    QCryptographicHash root(kPagesAlgorithm);
    root.addData(QByteArrayView(digests.data(), qsizetype(digests.size())));
    return PageHash{root.result().toHex().toStdString(), std::uint64_t(slot - begin)};
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
