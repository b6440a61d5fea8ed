// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/status.h"

#include <QByteArray>
#include <QFile>

namespace stackatlas {

// The one way a whole input file is read into memory: at most `limit` bytes, counted as they
// actually arrive. A pipe, a device or /proc says nothing of its size up front (QFile::size() is
// 0 for /dev/zero), so a size check alone let `fetch --pricesheet /dev/zero` grow until the
// allocator gave up. Past the limit the input is refused, with the limit in the message.
Result<QByteArray> readBounded(QFile &file, qint64 limit);

// "16 MiB", "512 KiB": a limit as messages say it.
std::string describeLimit(qint64 bytes);

} // namespace stackatlas
