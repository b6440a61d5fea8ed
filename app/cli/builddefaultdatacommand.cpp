// SPDX-License-Identifier: GPL-3.0-or-later
// The build step that turns resources/defaultdata/ into the default data file shipped with the
// app, through the same importers researchers use. Strict: a rejected row fails the build.
#include "cli.h"
#include "clicommon.h"

#include "datasources/cache/cache.h"
#include "datasources/importers/csvimporter.h"
#include "datasources/importers/payloadimporter.h"
#include "datasources/sourceadapter.h"
#include "datasources/taxonomy/taxonomyloader.h"
#include "models/domain/csvmapping.h"
#include "models/domain/jsonreader.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>

namespace stackatlas::cli {

int buildDefaultDataCommand(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption manifestOpt(QStringLiteral("manifest"),
                                         QCoreApplication::translate("cli", "The manifest of import steps."),
                                         QStringLiteral("FILE"));
    const QCommandLineOption outOpt(QStringLiteral("out"),
                                    QCoreApplication::translate("cli", "The default data file to write."),
                                    QStringLiteral("FILE"));
    parser.addOptions({manifestOpt, outOpt});
    if (auto exit = parseCommand(
            parser, args,
            QStringLiteral("Build the default data file from resources/defaultdata/manifest.json "
                           "(a build step; researchers use import-csv and import-payload).")))
        return *exit;
    if (!parser.isSet(manifestOpt) || !parser.isSet(outOpt)) {
        printError(QCoreApplication::translate("cli", "build-default-data needs --manifest and --out"));
        return UsageError;
    }
    QElapsedTimer timer;
    timer.start();
    const QString manifestPath = QFileInfo(parser.value(manifestOpt)).absoluteFilePath();
    const QDir base = QFileInfo(manifestPath).dir();
    QFile manifestFile(manifestPath);
    if (!manifestFile.open(QIODevice::ReadOnly)) {
        printError(manifestPath + QStringLiteral(": ") + manifestFile.errorString());
        return Failure;
    }
    const QByteArray manifestBytes = manifestFile.readAll();
    auto manifest = parseJson(std::string_view(manifestBytes.constData(), std::size_t(manifestBytes.size())));
    const JsonValue *steps =
        manifest.isOk() && manifest.value().isObject() ? manifest.value().find("steps") : nullptr;
    if (!steps || !steps->isArray()) {
        printError(manifestPath + QStringLiteral(": ") +
                   (manifest.isOk() ? QCoreApplication::translate("cli", "no steps array")
                                    : QString::fromStdString(manifest.status().message())));
        return Failure;
    }

    const QString out = QFileInfo(parser.value(outOpt)).absoluteFilePath();
    const QString tmp = out + QStringLiteral(".building");
    for (const QString &f : {tmp, tmp + QStringLiteral("-wal"), tmp + QStringLiteral("-shm")})
        QFile::remove(f);
    auto opened = Cache::open(tmp.toStdString());
    if (!opened.isOk()) {
        printError(opened.status().message());
        return Failure;
    }
    std::unique_ptr<Cache> cache = std::move(opened).value();
    auto taxonomy = embeddedTaxonomy();
    if (!taxonomy.isOk() || !cache->replaceTaxonomy(taxonomy.value()).isOk()) {
        printError(QCoreApplication::translate("cli", "cannot load the taxonomy"));
        return Failure;
    }
    AdapterRegistry registry;
    registerBuiltinAdapters(registry);

    auto text = [](const JsonValue &o, const char *k) {
        const JsonValue *v = o.find(k);
        return v && v->isString() ? QString::fromStdString(v->text) : QString();
    };
    long long total = 0;
    int failures = 0;
    for (const JsonValue &step : steps->items) {
        if (!step.isObject()) {
            printError(QCoreApplication::translate("cli", "a manifest step is not an object"));
            return Failure;
        }
        const QString csv = text(step, "csv");
        const QString payload = text(step, "payload");
        const QString file = csv.isEmpty() ? payload : csv;
        const std::string display = "StackAtlas default data: " + file.toStdString();
        if (!csv.isEmpty()) {
            MappingOverrides overrides;
            overrides.entity = text(step, "entity").toStdString();
            if (const JsonValue *dims = step.find("dims"); dims && dims->isObject()) {
                for (std::size_t i = 0; i < dims->keys.size(); ++i)
                    overrides.dims[dims->keys[i]] = dims->items[i].text;
            }
            auto report = importMappedCsvFile(*cache, base.filePath(text(step, "mapping")),
                                              base.filePath(csv), overrides, display);
            if (!report.isOk()) {
                printError(QString::fromStdString(report.status().message()));
                ++failures;
                continue;
            }
            for (const auto &issue : report.value().rejected)
                printError(QStringLiteral("%1:%2: %3")
                               .arg(csv)
                               .arg(issue.line)
                               .arg(QString::fromStdString(issue.message)));
            failures += report.value().rejected.empty() ? 0 : 1;
            total += report.value().written;
            printOut(QStringLiteral(
                         "%1: %2 values (%3 rows filtered, %4 empty cells, %5 rows outside the taxonomy)\n")
                         .arg(csv)
                         .arg(report.value().written)
                         .arg(report.value().filtered)
                         .arg(report.value().emptyCells)
                         .arg(report.value().otherEntities));
        } else {
            PayloadImport what;
            what.adapter = registry.find(text(step, "source").toStdString());
            what.kind = text(step, "kind").toStdString();
            what.path = base.filePath(payload);
            what.entity = text(step, "entity").toStdString();
            what.displayName = display;
            if (!text(step, "as_of").isEmpty())
                what.asOf = parseTimestamp(text(step, "as_of").toStdString()).value;
            auto report = importPayloadFile(*cache, what);
            if (!report.isOk()) {
                printError(QString::fromStdString(report.status().message()));
                ++failures;
                continue;
            }
            total += report.value().written;
            printOut(QCoreApplication::translate(
                         "cli", "%1: %2 values (%3 notes, e.g. records outside the taxonomy)\n")
                         .arg(payload)
                         .arg(report.value().written)
                         .arg(report.value().warnings.size()));
        }
    }
    if (const JsonValue *events = manifest.value().find("events"); events && events->isString()) {
        QFile file(base.filePath(QString::fromStdString(events->text)));
        if (!file.open(QIODevice::ReadOnly)) {
            printError(file.fileName() + QStringLiteral(": ") + file.errorString());
            ++failures;
        } else {
            const QByteArray bytes = file.readAll();
            auto parsed = parseEventsCsv(std::string_view(bytes.constData(), std::size_t(bytes.size())));
            if (!parsed.isOk() || !parsed.value().rejected.empty()) {
                printError(QString::fromStdString(events->text) + QStringLiteral(": ") +
                           (parsed.isOk()
                                ? QCoreApplication::translate("cli", "line %1: %2")
                                      .arg(parsed.value().rejected.front().line)
                                      .arg(QString::fromStdString(parsed.value().rejected.front().message))
                                : QString::fromStdString(parsed.status().message())));
                ++failures;
            } else if (Status st = cache->replaceDatasetEvents(parsed.value().events); !st.isOk()) {
                printError(QString::fromStdString(st.message()));
                ++failures;
            } else {
                printOut(QCoreApplication::translate("cli", "%1: %2 dated events\n")
                             .arg(QString::fromStdString(events->text))
                             .arg(parsed.value().events.size()));
            }
        }
    }
    if (failures) {
        printError(
            QCoreApplication::translate("cli", "%1 steps failed or rejected rows; no default data written")
                .arg(failures));
        cache.reset();
        QFile::remove(tmp);
        return Failure;
    }
    const auto asOf = cache->newestAsOf();
    const std::string builtAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    std::vector<std::pair<std::string, std::string>> stamps{
        {"default_data_built_at", builtAt},
        {"created_at", builtAt},
        {"taxonomy_origin", "embedded " + embeddedTaxonomyPath().toStdString()},
        {"sample_data", "1"}};
    if (asOf)
        stamps.emplace_back("sample_data_as_of", formatIsoUtc(*asOf));
    for (const auto &[key, value] : stamps) {
        if (Status s = cache->setMetadata(key, value); !s.isOk()) {
            printError(QString::fromStdString(s.message()));
            QFile::remove(tmp);
            return Failure;
        }
    }
    if (Status s = cache->compactForDistribution(); !s.isOk()) {
        printError(QString::fromStdString(s.message()));
        return Failure;
    }
    cache.reset();
    QFile::remove(out);
    if (!QFile::rename(tmp, out)) {
        printError(QCoreApplication::translate("cli", "cannot write %1").arg(out));
        return Failure;
    }
    printOut(QCoreApplication::translate(
                 "cli", "default data: %1 values, %2 bytes, newest as of %3, built in %4 ms -> %5\n")
                 .arg(total)
                 .arg(QFileInfo(out).size())
                 .arg(asOf ? QString::fromStdString(formatIsoUtc(*asOf)) : QStringLiteral("-"))
                 .arg(timer.elapsed())
                 .arg(out));
    return Success;
}

} // namespace stackatlas::cli
