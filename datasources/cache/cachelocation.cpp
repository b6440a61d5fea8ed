// SPDX-License-Identifier: GPL-3.0-or-later
#include "cachelocation.h"

#include "datasources/taxonomy/taxonomyloader.h"
#include "datasources/taxonomy/taxonomyoverlayfile.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

namespace stackatlas {

namespace {

// A new cache gets the shipped taxonomy; a cache whose taxonomy came from an older shipped one
// gets this binary's (new GPUs, aliases, providers), keeping the user's own dependency edits. A
// taxonomy the user loaded is never replaced. The user's overlay goes on top in either case.
Status keepEmbeddedTaxonomyCurrent(Cache &cache)
{
    const bool fresh = !cache.hasTaxonomy();
    const std::string hash = embeddedTaxonomyHash();
    if (!fresh) {
        const auto origin = cache.metadata("taxonomy_origin");
        if (!origin || origin->rfind("embedded", 0) != 0 ||
            cache.metadata("taxonomy_embedded_sha256") == hash)
            return syncTaxonomyOverlay(cache).status();
    }
    auto taxonomy = embeddedTaxonomy();
    if (!taxonomy.isOk())
        return taxonomy.status();
    if (auto synced = syncTaxonomyOverlay(cache, &taxonomy.value()); !synced.isOk())
        return synced.status();
    const std::string now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    std::vector<std::pair<std::string, std::string>> stamps{
        {"taxonomy_origin", "embedded " + embeddedTaxonomyPath().toStdString()},
        {"taxonomy_embedded_sha256", hash},
        {"taxonomy_loaded_at", now}};
    if (fresh && !cache.metadata("created_at"))
        stamps.emplace_back("created_at", now);
    for (const auto &[key, value] : stamps)
        if (Status stamped = cache.setMetadata(key, value); !stamped.isOk())
            return stamped;
    return Status::ok();
}

} // namespace

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

QString defaultDataPath()
{
    if (qEnvironmentVariableIsSet("STACKATLAS_DEFAULT_DATA"))
        return qEnvironmentVariable("STACKATLAS_DEFAULT_DATA");
    const QDir appDir(QCoreApplication::applicationDirPath());
    for (const QString &candidate :
         {appDir.filePath(QStringLiteral("default-data.sqlite")),
          appDir.filePath(QStringLiteral("../share/stackatlas/default-data.sqlite"))}) {
        if (QFileInfo::exists(candidate))
            return QFileInfo(candidate).absoluteFilePath();
    }
    return {};
}

Result<std::unique_ptr<Cache>> openUserCache(const QString &path, Cache::Mode mode)
{
    // First use: start from the default data, so a researcher offline sees real history at once.
    const QString defaults = defaultDataPath();
    bool seeded = false;
    if (mode == Cache::Mode::ReadWrite && !QFileInfo::exists(path) && !defaults.isEmpty() &&
        QFileInfo::exists(defaults)) {
        QDir().mkpath(QFileInfo(path).absolutePath());
        const QString partial = path + QStringLiteral(".seeding");
        QFile::remove(partial);
        if (QFile::copy(defaults, partial) && QFile::rename(partial, path)) {
            QFile(path).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
            seeded = true;
        } else {
            QFile::remove(partial);
        }
    }
    auto opened = Cache::open(path.toStdString(), mode);
    if (seeded && opened.isOk()) {
        for (const auto &[key, value] :
             {std::pair<std::string, std::string>{"seeded_from", "default data " + defaults.toStdString()},
              {"seeded_at", QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString()}})
            if (Status s = opened.value()->setMetadata(key, value); !s.isOk())
                return s;
    }
    if (!opened.isOk() || mode == Cache::Mode::ReadOnly)
        return opened;
    std::unique_ptr<Cache> cache = std::move(opened).value();
    if (Status s = keepEmbeddedTaxonomyCurrent(*cache); !s.isOk())
        return s;
    return cache;
}

} // namespace stackatlas
