// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"
#include "clicommon.h"
#include "commandcontext.h"

#include "datasources/taxonomy/taxonomyloader.h"
#include "models/domain/serialize.h"

#include <QCoreApplication>

namespace stackatlas::cli {

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
        Status s = cache->replaceTaxonomy(*replacement);
        if (!s.isOk()) {
            printError(s.message());
            return Failure;
        }
        if (Status s =
                cache->setMetadata("taxonomy_origin", "loaded from " + parser.value(load).toStdString());
            !s.isOk()) {
            printError(s.message());
            return Failure;
        }
    }
    const auto taxonomy = taxonomyOrReport(*cache);
    if (!taxonomy)
        return Failure;
    printOut(fmt == QLatin1String("json") ? taxonomyToJson(taxonomy.value())
                                          : taxonomyToText(taxonomy.value()));
    return Success;
}

} // namespace stackatlas::cli
