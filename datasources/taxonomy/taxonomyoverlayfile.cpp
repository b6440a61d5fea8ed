// SPDX-License-Identifier: GPL-3.0-or-later
#include "taxonomyoverlayfile.h"

#include "datasources/boundedread.h"
#include "datasources/cache/cache.h"
#include "models/domain/serialize.h"
#include "models/domain/taxonomyoverlay.h"
#include "models/domain/taxonomyparser.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

namespace stackatlas {
namespace {

constexpr qint64 kMaxOverlayBytes = 1 << 20;

// Metadata keys: the applied overlay's hash, its text and path, and the taxonomy it was added to.
constexpr const char *kHash = "taxonomy_overlay_sha256";
constexpr const char *kText = "taxonomy_overlay";
constexpr const char *kPath = "taxonomy_overlay_path";
constexpr const char *kBase = "taxonomy_overlay_base";

std::string stored(const Cache &cache, const char *key)
{
    return cache.metadata(key).value_or(std::string());
}

Status stamp(Cache &cache, const std::string &hash, const std::string &text, const std::string &path,
             const std::string &base)
{
    for (const auto &[key, value] : {std::pair<const char *, const std::string &>{kHash, hash},
                                     {kText, text},
                                     {kPath, path},
                                     {kBase, base}})
        if (Status s = cache.setMetadata(key, value); !s.isOk())
            return s;
    return Status::ok();
}

} // namespace

QString taxonomyOverlayPath()
{
    if (qEnvironmentVariableIsSet("STACKATLAS_TAXONOMY_OVERLAY"))
        return qEnvironmentVariable("STACKATLAS_TAXONOMY_OVERLAY");
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation))
        .filePath(QStringLiteral("taxonomy-overlay.json"));
}

Result<std::string> syncTaxonomyOverlay(Cache &cache, const Taxonomy *newBase)
{
    const QString path = taxonomyOverlayPath();
    const std::string name =
        path.isEmpty() ? std::string() : QFileInfo(path).absoluteFilePath().toStdString();
    QByteArray text;
    if (!path.isEmpty() && QFileInfo::exists(path)) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return Status::error(StatusCode::IoError,
                                 "taxonomy overlay " + name + ": " + file.errorString().toStdString());
        if (file.size() > kMaxOverlayBytes)
            return Status::error(StatusCode::InvalidInput,
                                 "taxonomy overlay " + name + ": larger than 1 MiB, not an overlay");
        auto read = readBounded(file, kMaxOverlayBytes);
        if (!read.isOk())
            return Status::error(read.status().code(),
                                 "taxonomy overlay " + name + ": " + read.status().message());
        text = std::move(read).value();
    }
    const std::string hash =
        text.isEmpty() ? std::string()
                       : QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex().toStdString();
    const std::string applied = stored(cache, kHash);
    if (!newBase && applied == hash)
        return std::string();

    // The taxonomy the overlay goes on: the new one, else the cache's without its current overlay.
    Taxonomy base;
    if (newBase) {
        base = *newBase;
    } else {
        auto kept = taxonomyWithoutOverlay(cache);
        if (!kept.isOk())
            return kept.status();
        base = std::move(kept).value();
    }
    if (hash.empty()) {
        const std::string gone = stored(cache, kPath);
        if (Status s = cache.replaceTaxonomy(base); !s.isOk())
            return s;
        if (applied.empty())
            return std::string();
        if (Status s = stamp(cache, {}, {}, {}, {}); !s.isOk())
            return s;
        return "taxonomy overlay taken off (" + gone + " is gone or empty)";
    }
    auto merged =
        applyTaxonomyOverlay(base, std::string_view(text.constData(), std::size_t(text.size())), name);
    if (!merged.isOk())
        return Status::error(merged.status().code(),
                             "taxonomy overlay not applied: " + merged.status().message());
    if (Status s = cache.replaceTaxonomy(merged.value().taxonomy); !s.isOk())
        return s;
    if (Status s = stamp(cache, hash, text.toStdString(), name, taxonomyToJson(base)); !s.isOk())
        return s;
    return "taxonomy overlay " + name + " applied: " + merged.value().summary;
}

Status amendTaxonomy(Cache &cache, const std::function<void(Taxonomy &)> &edit)
{
    auto current = cache.taxonomy();
    if (!current.isOk())
        return current.status();
    edit(current.value());
    if (stored(cache, kHash).empty())
        return cache.replaceTaxonomy(current.value());
    auto base = taxonomyWithoutOverlay(cache);
    if (!base.isOk())
        return base.status();
    edit(base.value());
    if (Status s = cache.replaceTaxonomy(current.value()); !s.isOk())
        return s;
    return cache.setMetadata(kBase, taxonomyToJson(base.value()));
}

Result<Taxonomy> taxonomyWithoutOverlay(const Cache &cache)
{
    if (stored(cache, kHash).empty())
        return cache.taxonomy();
    return parseTaxonomy(stored(cache, kBase), "the cache's taxonomy before the overlay");
}

} // namespace stackatlas
