// SPDX-License-Identifier: GPL-3.0-or-later
#include "cachelocation.h"

#include "datasources/taxonomy/taxonomyloader.h"

#include <QDateTime>
#include <QDir>
#include <QStandardPaths>

namespace stackatlas {

QString resolveCachePath(const QString &explicitPath)
{
    if (!explicitPath.isEmpty())
        return explicitPath;
    const QString fromEnv = qEnvironmentVariable("STACKATLAS_CACHE");
    if (!fromEnv.isEmpty())
        return fromEnv;
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("cache.sqlite"));
}

Result<std::unique_ptr<Cache>> openUserCache(const QString &path, Cache::Mode mode)
{
    auto opened = Cache::open(path.toStdString(), mode);
    if (!opened.isOk() || mode == Cache::Mode::ReadOnly)
        return opened;
    std::unique_ptr<Cache> cache = std::move(opened).value();
    if (!cache->hasTaxonomy()) {
        auto taxonomy = embeddedTaxonomy();
        if (!taxonomy.isOk())
            return taxonomy.status();
        Status s = cache->replaceTaxonomy(taxonomy.value());
        if (!s.isOk())
            return s;
        const std::string now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
        cache->setMetadata("taxonomy_origin", "embedded " + embeddedTaxonomyPath().toStdString());
        cache->setMetadata("taxonomy_loaded_at", now);
        if (!cache->metadata("created_at"))
            cache->setMetadata("created_at", now);
    }
    return cache;
}

} // namespace stackatlas
