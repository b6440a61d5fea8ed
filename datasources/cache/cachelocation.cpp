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

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <unistd.h>

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

// Copies the default data to `path` through a private temporary file (owner-only from its first
// byte), synced before the rename: the cache appears whole or not at all.
Status seedFrom(const QString &defaults, const QString &path)
{
    const auto failed = [&](const QString &why) {
        return Status::error(StatusCode::IoError, "cannot create the cache " + path.toStdString() +
                                                      " from the default data: " + why.toStdString());
    };
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile source(defaults);
    if (!source.open(QIODevice::ReadOnly))
        return failed(defaults + QStringLiteral(": ") + source.errorString());
    const QString partial = path + QStringLiteral(".seeding");
    QFile::remove(partial);
    QFile target(partial);
    if (!target.open(QIODevice::WriteOnly | QIODevice::NewOnly,
                     QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return failed(target.errorString());
    errno = 0;
    bool ok = true;
    while (ok && !source.atEnd()) {
        const QByteArray piece = source.read(qint64(1) << 20);
        ok = !piece.isEmpty() && target.write(piece) == piece.size();
    }
    ok = ok && target.flush() && ::fsync(target.handle()) == 0;
    const QString why = errno ? QString::fromLocal8Bit(std::strerror(errno)) : target.errorString();
    target.close();
    // rename(2), not QFile::rename: it replaces a never-seeded file in one step.
    if (!ok ||
        std::rename(QFile::encodeName(partial).constData(), QFile::encodeName(path).constData()) != 0) {
        const QString reason = ok ? QString::fromLocal8Bit(std::strerror(errno)) : why;
        QFile::remove(partial);
        return failed(reason);
    }
    return Status::ok();
}

// A cache file that holds nothing of anyone's: no series, no run, no event, no seeding record (a
// 0-byte file, or an empty cache an older version created when seeding failed). It can take the
// default data without losing anything.
bool neverSeeded(const QString &path)
{
    if (QFileInfo(path).size() == 0)
        return true;
    auto cache = Cache::open(path.toStdString(), Cache::Mode::ReadOnly);
    if (!cache.isOk())
        return false; // not ours to replace: opening it later says why
    const Cache &c = *cache.value();
    const auto sources = c.sources();
    const auto runs = c.runs(1);
    const auto events = c.events();
    return !c.metadata("seeded_from") && sources.isOk() && sources.value().empty() && runs.isOk() &&
           runs.value().empty() && events.isOk() && events.value().empty();
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
    const bool haveDefaults = !defaults.isEmpty() && QFileInfo::exists(defaults);
    bool seeded = false;
    if (mode == Cache::Mode::ReadWrite && haveDefaults && (!QFileInfo::exists(path) || neverSeeded(path))) {
        // Seeded whole or not created at all: a failed copy (a full disk) must not leave an empty
        // cache that later starts would take for a real one.
        if (Status s = seedFrom(defaults, path); !s.isOk())
            return s;
        seeded = true;
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
