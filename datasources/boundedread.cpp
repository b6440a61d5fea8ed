// SPDX-License-Identifier: GPL-3.0-or-later
#include "boundedread.h"

#include <algorithm>

namespace stackatlas {

std::string describeLimit(qint64 bytes)
{
    return bytes >= (qint64(1) << 20) ? std::to_string(bytes >> 20) + " MiB"
                                      : std::to_string(bytes >> 10) + " KiB";
}

Result<QByteArray> readBounded(QFile &file, qint64 limit)
{
    QByteArray bytes;
    QByteArray piece(std::min(limit + 1, qint64(1) << 20), Qt::Uninitialized);
    while (true) {
        const qint64 n = file.read(piece.data(), piece.size());
        if (n < 0)
            return Status::error(StatusCode::IoError, file.errorString().toStdString());
        if (n == 0)
            return bytes;
        if (bytes.size() + n > limit)
            return Status::error(StatusCode::InvalidInput,
                                 "more than " + describeLimit(limit) + " arrived: refused");
        bytes.append(piece.constData(), n);
    }
}

} // namespace stackatlas
