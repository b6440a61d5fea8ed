// SPDX-License-Identifier: GPL-3.0-or-later
// The snapshot judge (snapshot open, --snapshot): the input is a whole snapshot file. It is either
// refused or opened; an opened one is read through as the app would.
#include "fuzzsupport.h"

#include "datasources/cache/snapshot.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

using namespace stackatlas;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("input.stackatlas"));
    {
        QFile f(file);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            std::abort();
        f.write(reinterpret_cast<const char *>(data), qint64(size));
    }
    QTemporaryDir privateDir(dir.filePath(QStringLiteral("open-XXXXXX")));
    auto opened = openSnapshot(file.toStdString(), privateDir.path().toStdString());
    if (opened.isOk()) {
        auto taxonomy = opened.value().cache->taxonomy();
        (void)taxonomy;
        (void)snapshotMeta(*opened.value().cache);
    }
    return 0;
}
