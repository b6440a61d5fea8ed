// SPDX-License-Identifier: GPL-3.0-or-later
#include "taxonomyloader.h"

#include "datasources/boundedread.h"
#include "models/domain/taxonomyparser.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>

namespace stackatlas {
namespace {
constexpr qint64 kMaxTaxonomyBytes = 4 << 20; // the real file is ~60 KB
}

QString embeddedTaxonomyPath()
{
    return QStringLiteral(":/stackatlas/taxonomy/taxonomy.json");
}

Result<Taxonomy> loadTaxonomyFile(const QString &path)
{
    QFile file(path);
    const std::string name =
        (path.startsWith(u':') ? path : QFileInfo(path).absoluteFilePath()).toStdString();
    if (!file.open(QIODevice::ReadOnly))
        return Status::error(StatusCode::IoError, name + ": " + file.errorString().toStdString());
    if (file.size() > kMaxTaxonomyBytes)
        return Status::error(StatusCode::InvalidInput, name + ": larger than 4 MiB, not a taxonomy file");
    auto read = readBounded(file, kMaxTaxonomyBytes);
    if (!read.isOk())
        return Status::error(read.status().code(), name + ": " + read.status().message());
    const QByteArray bytes = std::move(read).value();
    return parseTaxonomy(std::string_view(bytes.constData(), std::size_t(bytes.size())), name);
}

std::string embeddedTaxonomyHash()
{
    QFile f(embeddedTaxonomyPath());
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex().toStdString();
}

Result<Taxonomy> embeddedTaxonomy()
{
    return loadTaxonomyFile(embeddedTaxonomyPath());
}

} // namespace stackatlas
