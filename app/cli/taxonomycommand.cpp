// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"
#include "clicommon.h"
#include "commandcontext.h"

#include "datasources/taxonomy/taxonomyloader.h"
#include "datasources/taxonomy/taxonomyoverlayfile.h"
#include "models/domain/serialize.h"

#include <QCoreApplication>

namespace stackatlas::cli {

namespace {

// Series stay when a loaded taxonomy drops their entity, but nothing shows them any more: said,
// with the ids, so the user can load a taxonomy that has them again.
void warnHiddenSeries(const Cache &cache)
{
    const auto perEntity = cache.seriesPerEntity();
    const auto taxonomy = cache.taxonomy();
    if (!perEntity.isOk() || !taxonomy.isOk())
        return;
    QStringList hidden;
    long long series = 0;
    for (const auto &[id, count] : perEntity.value()) {
        if (taxonomy.value().hasNode(id) || taxonomy.value().sector(id))
            continue;
        hidden << QStringLiteral("%1 (%2 series)").arg(QString::fromStdString(id)).arg(count);
        series += count;
    }
    if (!hidden.isEmpty())
        printError(QCoreApplication::translate(
                       "cli", "%1 series of ids the loaded taxonomy lacks are kept but hidden: %2; "
                              "load a taxonomy that has them to see them again")
                       .arg(series)
                       .arg(hidden.join(QStringLiteral(", "))));
}

} // namespace

int taxonomyCommand(const QStringList &args)
{
    CommandContext ctx(args);
    QCommandLineParser &parser = ctx.parser();
    const QCommandLineOption load(
        QStringLiteral("load"),
        QStringLiteral("Replace the cache's taxonomy with this file (the user's own "
                       "dependency edges are kept). A bad file changes nothing."),
        QStringLiteral("FILE"));
    ctx.addOptions({load});
    ctx.addFormat({QStringLiteral("text"), QStringLiteral("json")});
    ctx.addCache(false);
    if (auto exit =
            ctx.parse(QStringLiteral("Print the layers, categories, entities with their class, and the "
                                     "dependency edges of the cache's taxonomy.")))
        return *exit;
    const QString fmt = ctx.format();
    if (!parser.positionalArguments().isEmpty()) {
        printError(QCoreApplication::translate("cli", "unexpected argument \"%1\"")
                       .arg(parser.positionalArguments().first()));
        return UsageError;
    }

    // Parse before opening the cache, so a bad file cannot touch it.
    std::optional<Taxonomy> replacement;
    if (parser.isSet(load)) {
        auto parsed = loadTaxonomyFile(parser.value(load));
        if (!parsed.isOk()) {
            printError(parsed.status().message());
            return Failure;
        }
        replacement = std::move(parsed).value();
    }
    if (!ctx.open(false))
        return Failure;
    auto &cache = ctx.cache();
    if (replacement) {
        auto synced = syncTaxonomyOverlay(*cache, &*replacement);
        if (!synced.isOk()) {
            printError(synced.status().message());
            return Failure;
        }
        if (!synced.value().empty())
            printError(QString::fromStdString(synced.value()));
        warnHiddenSeries(*cache);
        if (Status s =
                cache->setMetadata("taxonomy_origin", "loaded from " + parser.value(load).toStdString());
            !s.isOk()) {
            printError(s.message());
            return Failure;
        }
    }
    if (fmt == QLatin1String("json")) {
        // The loadable file is the taxonomy the overlay goes on, so that loading it back and
        // applying the overlay again round-trips.
        auto base = taxonomyWithoutOverlay(*cache);
        if (!base.isOk()) {
            printError(base.status().message());
            return Failure;
        }
        if (const auto overlay = cache->metadata("taxonomy_overlay_path"); overlay && !overlay->empty())
            printError(QCoreApplication::translate("cli", "(without the overlay %1, which goes on top of it)")
                           .arg(QString::fromStdString(*overlay)));
        printOut(taxonomyToJson(base.value()));
        return Success;
    }
    const auto taxonomy = taxonomyOrReport(*cache);
    if (!taxonomy)
        return Failure;
    if (const auto overlay = cache->metadata("taxonomy_overlay_path"); overlay && !overlay->empty())
        printError(QCoreApplication::translate("cli", "(with the overlay %1)")
                       .arg(QString::fromStdString(*overlay)));
    printOut(taxonomyToText(taxonomy.value()));
    return Success;
}

} // namespace stackatlas::cli
