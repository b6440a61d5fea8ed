// SPDX-License-Identifier: GPL-3.0-or-later
#include "defaultdatabuilder.h"

#include "datasources/cache/cache.h"
#include "datasources/defaultdata/derivedcapsstep.h"
#include "datasources/importers/csvimporter.h"
#include "datasources/importers/payloadimporter.h"
#include "datasources/sourceadapter.h"
#include "datasources/taxonomy/taxonomyloader.h"
#include "models/domain/csvmapping.h"
#include "models/domain/event.h"
#include "models/domain/jsonreader.h"
#include "models/domain/timeutil.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace stackatlas {

namespace {

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

QString text(const JsonValue &o, const char *k)
{
    const JsonValue *v = o.find(k);
    return v && v->isString() ? q(v->text) : QString();
}

Result<JsonValue> readManifest(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Status::error(StatusCode::IoError,
                             path.toStdString() + ": " + file.errorString().toStdString());
    const QByteArray bytes = file.readAll();
    auto manifest = parseJson(std::string_view(bytes.constData(), std::size_t(bytes.size())));
    if (!manifest.isOk())
        return Status::error(StatusCode::InvalidInput,
                             path.toStdString() + ": " + manifest.status().message());
    const JsonValue *steps = manifest.value().isObject() ? manifest.value().find("steps") : nullptr;
    if (!steps || !steps->isArray())
        return Status::error(StatusCode::InvalidInput, path.toStdString() + ": no steps array");
    return std::move(manifest).value();
}

// One CSV step (a mapping over a dataset's file); false when it failed or rejected rows.
bool importCsvStep(Cache &cache, const QDir &base, const JsonValue &step, const DefaultDataBuild &build,
                   long long &total)
{
    const QString csv = text(step, "csv");
    MappingOverrides overrides;
    overrides.entity = text(step, "entity").toStdString();
    if (const JsonValue *dims = step.find("dims"); dims && dims->isObject())
        for (std::size_t i = 0; i < dims->keys.size(); ++i)
            overrides.dims[dims->keys[i]] = dims->items[i].text;
    auto report = importMappedCsvFile(cache, base.filePath(text(step, "mapping")), base.filePath(csv),
                                      overrides, "StackAtlas default data: " + csv.toStdString());
    if (!report.isOk()) {
        build.problem(q(report.status().message()));
        return false;
    }
    for (const auto &issue : report.value().rejected)
        build.problem(QStringLiteral("%1:%2: %3").arg(csv).arg(issue.line).arg(q(issue.message)));
    total += report.value().written;
    build.progress(
        QStringLiteral("%1: %2 values (%3 rows filtered, %4 empty cells, %5 rows outside the taxonomy)")
            .arg(csv)
            .arg(report.value().written)
            .arg(report.value().filtered)
            .arg(report.value().emptyCells)
            .arg(report.value().otherEntities));
    return report.value().rejected.empty();
}

// One recorded API response, through its source's own parser.
bool importPayloadStep(Cache &cache, const QDir &base, const JsonValue &step, const AdapterRegistry &registry,
                       const DefaultDataBuild &build, long long &total)
{
    const QString payload = text(step, "payload");
    PayloadImport what;
    what.adapter = registry.find(text(step, "source").toStdString());
    what.kind = text(step, "kind").toStdString();
    what.path = base.filePath(payload);
    what.entity = text(step, "entity").toStdString();
    what.displayName = "StackAtlas default data: " + payload.toStdString();
    if (!text(step, "as_of").isEmpty())
        what.asOf = parseTimestamp(text(step, "as_of").toStdString()).value;
    auto report = importPayloadFile(cache, what);
    if (!report.isOk()) {
        build.problem(q(report.status().message()));
        return false;
    }
    total += report.value().written;
    build.progress(QStringLiteral("%1: %2 values (%3 notes, e.g. records outside the taxonomy)")
                       .arg(payload)
                       .arg(report.value().written)
                       .arg(report.value().warnings.size()));
    return true;
}

// The dated, cited events the charts are annotated with.
bool importEvents(Cache &cache, const QString &path, const QString &name, const DefaultDataBuild &build)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        build.problem(file.fileName() + QStringLiteral(": ") + file.errorString());
        return false;
    }
    const QByteArray bytes = file.readAll();
    auto parsed = parseEventsCsv(std::string_view(bytes.constData(), std::size_t(bytes.size())));
    if (!parsed.isOk()) {
        build.problem(name + QStringLiteral(": ") + q(parsed.status().message()));
        return false;
    }
    if (!parsed.value().rejected.empty()) {
        build.problem(QStringLiteral("%1: line %2: %3")
                          .arg(name)
                          .arg(parsed.value().rejected.front().line)
                          .arg(q(parsed.value().rejected.front().message)));
        return false;
    }
    if (Status st = cache.replaceDatasetEvents(parsed.value().events); !st.isOk()) {
        build.problem(q(st.message()));
        return false;
    }
    build.progress(QStringLiteral("%1: %2 dated events").arg(name).arg(parsed.value().events.size()));
    return true;
}

// Marks the file as the shipped sample data, as of its newest value, and compacts it for copying.
Status stampAndCompact(Cache &cache)
{
    const auto asOf = cache.newestAsOf();
    const std::string builtAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    std::vector<std::pair<std::string, std::string>> stamps{
        {"default_data_built_at", builtAt},
        {"created_at", builtAt},
        {"taxonomy_origin", "embedded " + embeddedTaxonomyPath().toStdString()},
        {"taxonomy_embedded_sha256", embeddedTaxonomyHash()},
        {"sample_data", "1"}};
    if (asOf)
        stamps.emplace_back("sample_data_as_of", formatIsoUtc(*asOf));
    for (const auto &[key, value] : stamps)
        if (Status s = cache.setMetadata(key, value); !s.isOk())
            return s;
    return cache.compactForDistribution();
}

// Whether a step's licence forbids commercial use ("commercial_use": false).
bool nonCommercial(const JsonValue &step)
{
    const JsonValue *use = step.find("commercial_use");
    return use && use->type == JsonValue::Type::Bool && !use->boolean;
}

// Runs every step of the manifest into `cache`; the number of steps that failed. `leftOut` names
// the non-commercial steps a build without them skipped.
int runSteps(Cache &cache, const JsonValue &manifest, const QDir &base, const DefaultDataBuild &build,
             long long &total, QStringList &leftOut)
{
    AdapterRegistry registry;
    registerBuiltinAdapters(registry);
    int failures = 0;
    for (const JsonValue &step : manifest.find("steps")->items) {
        if (!step.isObject()) {
            build.problem(QStringLiteral("a manifest step is not an object"));
            ++failures;
            continue;
        }
        if (!build.withNonCommercial && nonCommercial(step)) {
            const QString file = text(step, "csv").isEmpty() ? text(step, "payload") : text(step, "csv");
            leftOut << file;
            build.progress(
                QStringLiteral("%1: left out (%2 forbids commercial use)").arg(file, text(step, "licence")));
            continue;
        }
        const bool ok = !text(step, "csv").isEmpty()
                            ? importCsvStep(cache, base, step, build, total)
                            : importPayloadStep(cache, base, step, registry, build, total);
        failures += ok ? 0 : 1;
    }
    if (const JsonValue *events = manifest.find("events"); events && events->isString())
        failures += importEvents(cache, base.filePath(q(events->text)), q(events->text), build) ? 0 : 1;
    // Last: market caps derived from what the steps stored, only where the supply is known.
    if (const JsonValue *derive = manifest.find("derive_market_caps"); derive && derive->isObject()) {
        auto derived = deriveMarketCapsStep(cache, *derive);
        if (!derived.isOk()) {
            build.problem(q(derived.status().message()));
            ++failures;
        } else {
            QStringList names;
            for (const std::string &n : derived.value())
                names << q(n);
            build.progress(
                QStringLiteral("derived market caps (price x a dated supply): %1")
                    .arg(names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "))));
        }
    }
    return failures;
}

} // namespace

Result<DefaultDataSummary> buildDefaultData(const DefaultDataBuild &build)
{
    const QString manifestPath = QFileInfo(build.manifest).absoluteFilePath();
    auto manifest = readManifest(manifestPath);
    if (!manifest.isOk())
        return manifest.status();
    const QString out = QFileInfo(build.out).absoluteFilePath();
    const QString tmp = out + QStringLiteral(".building");
    const auto removeTemporary = [&tmp] {
        for (const QString &f : {tmp, tmp + QStringLiteral("-wal"), tmp + QStringLiteral("-shm")})
            QFile::remove(f);
    };
    removeTemporary();
    DefaultDataSummary summary;
    {
        auto opened = Cache::open(tmp.toStdString());
        if (!opened.isOk())
            return opened.status();
        std::unique_ptr<Cache> cache = std::move(opened).value();
        auto taxonomy = embeddedTaxonomy();
        if (!taxonomy.isOk())
            return taxonomy.status();
        if (Status s = cache->replaceTaxonomy(taxonomy.value()); !s.isOk())
            return s;
        QStringList leftOut;
        if (const int failures = runSteps(*cache, manifest.value(), QFileInfo(manifestPath).dir(), build,
                                          summary.values, leftOut)) {
            cache.reset();
            removeTemporary();
            return Status::error(StatusCode::InvalidInput,
                                 std::to_string(failures) +
                                     " steps failed or rejected rows; no default data written");
        }
        const std::string noncommercial =
            leftOut.isEmpty() ? std::string("included")
                              : "left out: " + std::to_string(leftOut.size()) + " datasets (" +
                                    leftOut.join(QStringLiteral(", ")).toStdString() + ")";
        if (Status s = cache->setMetadata(kNonCommercialKey, noncommercial); !s.isOk())
            return s;
        const auto asOf = cache->newestAsOf();
        summary.newestAsOf = asOf ? q(formatIsoUtc(*asOf)) : QStringLiteral("-");
        if (Status s = stampAndCompact(*cache); !s.isOk()) {
            cache.reset();
            removeTemporary();
            return s;
        }
    }
    QFile::remove(out);
    if (!QFile::rename(tmp, out)) {
        removeTemporary();
        return Status::error(StatusCode::IoError, "cannot write " + out.toStdString());
    }
    summary.bytes = QFileInfo(out).size();
    return summary;
}

} // namespace stackatlas
