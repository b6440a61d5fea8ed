// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"
#include "clicommon.h"
#include "commandcontext.h"

#include "models/domain/dependencygraph.h"
#include "models/item/valueformat.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace stackatlas::cli {

namespace {

// What `deps` found, for either output.
struct DepsAnswer
{
    const DependencyGraph &graph;
    const Taxonomy &taxonomy;
    const std::string &id;
    DependencyGraph::Level level;
    bool centralized, showUp, showDown;
    const std::vector<std::string> &up, &down;
    const Exposure &exposure;

    QString name(const std::string &n) const
    {
        if (const DependencyGraph::Node *node = graph.node(n))
            return QString::fromStdString(node->name);
        const Entity *e = taxonomy.entity(n); // protocols behind a category, at the category level
        return QString::fromStdString(e ? e->name : n);
    }
};

QString depsJson(const DepsAnswer &d)
{
    auto list = [](const std::vector<std::string> &ids) {
        QJsonArray a;
        for (const auto &x : ids)
            a.append(QString::fromStdString(x));
        return a;
    };
    QJsonObject o{{QStringLiteral("id"), QString::fromStdString(d.id)},
                  {QStringLiteral("level"), d.level == DependencyGraph::Level::Category
                                                ? QStringLiteral("category")
                                                : QStringLiteral("protocol")},
                  {QStringLiteral("centralized_included"), d.centralized}};
    if (d.showUp)
        o[QStringLiteral("upstream")] = list(d.up);
    if (d.showDown) {
        o[QStringLiteral("downstream")] = list(d.down);
        // A sum over no known member is unknown (null), never 0; over some, it is a floor, and
        // the members it leaves out are listed beside it.
        const std::size_t n = d.exposure.entities.size();
        const auto total = [n](double v, const std::vector<std::string> &unknown) {
            return n > 0 && unknown.size() == n ? QJsonValue(QJsonValue::Null) : QJsonValue(v);
        };
        o[QStringLiteral("exposure")] = QJsonObject{
            {QStringLiteral("market_cap_usd"), total(d.exposure.marketCap, d.exposure.unknownMarketCap)},
            {QStringLiteral("fdv_usd"), total(d.exposure.fdv, d.exposure.unknownFdv)},
            {QStringLiteral("market_cap_known"), qint64(n - d.exposure.unknownMarketCap.size())},
            {QStringLiteral("fdv_known"), qint64(n - d.exposure.unknownFdv.size())},
            {QStringLiteral("protocols"), list(d.exposure.entities)},
            {QStringLiteral("unknown_market_cap"), list(d.exposure.unknownMarketCap)},
            {QStringLiteral("unknown_fdv"), list(d.exposure.unknownFdv)}};
    }
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented));
}

QString depsText(const DepsAnswer &d)
{
    auto names = [&](const std::vector<std::string> &ids) {
        QStringList out;
        for (const auto &x : ids)
            out << d.name(x);
        return out.isEmpty() ? QStringLiteral("none") : out.join(QStringLiteral(", "));
    };
    const Exposure &exposure = d.exposure;
    QString text =
        QCoreApplication::translate("cli", "%1 (%2 graph%3)\n")
            .arg(d.name(d.id),
                 d.level == DependencyGraph::Level::Category ? QStringLiteral("category")
                                                             : QStringLiteral("protocol"),
                 !d.centralized ? QCoreApplication::translate("cli", ", centralized providers left out")
                                : QString());
    if (d.showUp)
        text += QCoreApplication::translate("cli", "Relies on (%1): %2\n").arg(d.up.size()).arg(names(d.up));
    if (d.showDown) {
        text += QCoreApplication::translate("cli", "Relied on by (%1): %2\n")
                    .arg(d.down.size())
                    .arg(names(d.down));
        // A total over unknown members is never "$0": over none known it is unknown, over some a
        // sum of those known, said to be.
        const std::size_t n = exposure.entities.size();
        const auto total = [&](double v, const std::vector<std::string> &unknown) {
            if (n > 0 && unknown.size() == n)
                return QCoreApplication::translate("cli", "unknown (no figure for any of the %1)").arg(n);
            if (unknown.empty())
                return formatUsdCompact(v);
            return QCoreApplication::translate("cli", "%1 for the %2 of %3 known (unknown for %4)")
                .arg(formatUsdCompact(v))
                .arg(n - unknown.size())
                .arg(n)
                .arg(names(unknown));
        };
        text +=
            QCoreApplication::translate("cli", "Exposed if it fails: %1 protocols, market cap %2, FDV %3\n")
                .arg(n)
                .arg(total(exposure.marketCap, exposure.unknownMarketCap),
                     total(exposure.fdv, exposure.unknownFdv));
    }
    return text;
}

} // namespace

int depsCommand(const QStringList &args)
{
    CommandContext ctx(args);
    QCommandLineParser &parser = ctx.parser();
    const QCommandLineOption upstream(QStringLiteral("upstream"),
                                      QCoreApplication::translate("cli", "Only what ID relies on."));
    const QCommandLineOption downstream(
        QStringLiteral("downstream"),
        QCoreApplication::translate("cli", "Only what relies on ID, and what is exposed."));
    const QCommandLineOption level(
        QStringLiteral("level"),
        QCoreApplication::translate("cli", "category or protocol (default: the level of ID)."),
        QStringLiteral("LEVEL"));
    const QCommandLineOption noCentral(
        QStringLiteral("without-centralized"),
        QCoreApplication::translate("cli", "Leave out the centralized provider classes (clouds, AI APIs)."));
    ctx.addOptions({upstream, downstream, level, noCentral});
    ctx.addFormat({QStringLiteral("text"), QStringLiteral("json")});
    ctx.addCache(true);
    ctx.addAsOf();
    if (auto exit = ctx.parse(
            QStringLiteral("Print what ID (a protocol or a category) relies on, transitively, what "
                           "relies on it, and the market cap and FDV of the protocols downstream: "
                           "what is exposed if it fails. Unknown figures are listed, not counted as 0."),
            QStringLiteral("ID")))
        return *exit;
    if (parser.positionalArguments().size() != 1) {
        printError(QCoreApplication::translate("cli", "deps takes one ID (see stackatlas deps --help)"));
        return UsageError;
    }
    const QString fmt = ctx.format();
    if (!ctx.open())
        return Failure;
    auto &cache = ctx.cache();
    const auto &taxonomy = ctx.taxonomy();
    const Taxonomy &t = taxonomy.value();
    std::string id = parser.positionalArguments().first().toStdString();
    if (const Entity *e = t.entityBySpelling(id))
        id = e->id;
    const bool isCategory = t.category(id) != nullptr;
    if (!isCategory && !(t.entity(id) && t.entity(id)->kind == EntityKind::Protocol)) {
        printError(QCoreApplication::translate("cli", "\"%1\" is neither a protocol nor a category")
                       .arg(parser.positionalArguments().first()));
        return UsageError;
    }
    DependencyGraph::Level lvl =
        isCategory ? DependencyGraph::Level::Category : DependencyGraph::Level::Protocol;
    if (parser.isSet(level)) {
        if (parser.value(level) == QLatin1String("category"))
            lvl = DependencyGraph::Level::Category;
        else if (parser.value(level) == QLatin1String("protocol"))
            lvl = DependencyGraph::Level::Protocol;
        else {
            printError(QCoreApplication::translate("cli", "--level must be category or protocol"));
            return UsageError;
        }
    }
    if (lvl == DependencyGraph::Level::Category && !isCategory) {
        printError(QCoreApplication::translate("cli", "--level category takes a category id"));
        return UsageError;
    }
    if (lvl == DependencyGraph::Level::Protocol && isCategory) {
        printError(QCoreApplication::translate("cli", "--level protocol takes a protocol id"));
        return UsageError;
    }
    const auto graph = DependencyGraph::build(t, lvl, !parser.isSet(noCentral));
    std::map<std::string, double> caps, fdvs;
    auto latest = cache->latestValues({"market_cap_usd", "fdv_usd"}, ctx.asOf());
    if (latest.isOk()) {
        for (const auto &v : latest.value())
            (v.metric == "market_cap_usd" ? caps : fdvs)[v.entityId] = v.value;
    }
    const bool showUp = !parser.isSet(downstream) || parser.isSet(upstream);
    const bool showDown = !parser.isSet(upstream) || parser.isSet(downstream);
    const auto up = graph.upstream(id);
    const auto down = graph.downstream(id);
    const Exposure exposure = exposureOf(graph, t, id, caps, fdvs);

    const DepsAnswer answer{graph,  t,        id, lvl,  !parser.isSet(noCentral),
                            showUp, showDown, up, down, exposure};
    printOut(fmt == QLatin1String("json") ? depsJson(answer) : depsText(answer));
    return Success;
}

} // namespace stackatlas::cli
