// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"
#include "clicommon.h"
#include "commandcontext.h"

#include "models/item/chartloaders.h"
#include "models/item/layermapmodel.h"
#include "ui/charts/chartexport.h"
#include "ui/views/dependencygraphview.h"
#include "ui/views/layermapview.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QRegularExpression>

namespace stackatlas::cli {

int exportCommand(const QStringList &args)
{
    CommandContext ctx(args);
    QCommandLineParser &parser = ctx.parser();
    const QCommandLineOption pane(
        QStringLiteral("pane"),
        QCoreApplication::translate(
            "cli", "What to export: layer-map, dependency-graph, price-war, valuation or usage."),
        QStringLiteral("PANE"));
    const QCommandLineOption format(
        QStringLiteral("format"),
        QCoreApplication::translate(
            "cli", "png, svg, pdf, or csv for the data behind a chart pane (default: from --out)."),
        QStringLiteral("FORMAT"));
    const QCommandLineOption out(QStringLiteral("out"),
                                 QCoreApplication::translate("cli", "The file to write."),
                                 QStringLiteral("FILE"));
    const QCommandLineOption size(QStringLiteral("size"),
                                  QCoreApplication::translate("cli", "Pixel size (default 1600x1000)."),
                                  QStringLiteral("WxH"), QStringLiteral("1600x1000"));
    const QCommandLineOption metric(
        QStringLiteral("metric"),
        QCoreApplication::translate("cli",
                                    "Tile area: market-cap (default), fdv, volume-24h, fees-30d, equal."),
        QStringLiteral("M"), QStringLiteral("market-cap"));
    const QCommandLineOption colour(
        QStringLiteral("color"),
        QCoreApplication::translate(
            "cli", "Tile colour: layer (default), change-24h, change-7d, change-30d, fdv-mc."),
        QStringLiteral("C"), QStringLiteral("layer"));
    const QCommandLineOption providers(
        QStringLiteral("providers"),
        QCoreApplication::translate("cli", "Include the compute providers outside the stack."));
    const QCommandLineOption dark(
        QStringLiteral("dark"),
        QCoreApplication::translate("cli", "A dark picture (exports are light by default)."));
    const QCommandLineOption level(
        QStringLiteral("level"),
        QCoreApplication::translate("cli", "Dependency graph: category (default) or protocol."),
        QStringLiteral("LEVEL"), QStringLiteral("category"));
    const QCommandLineOption noCentral(
        QStringLiteral("without-centralized"),
        QCoreApplication::translate("cli", "Dependency graph: leave out the centralized provider classes."));
    const QCommandLineOption gpu(
        QStringLiteral("gpu"),
        QCoreApplication::translate("cli",
                                    "Price war: the GPU model (default h100-80gb; see stackatlas taxonomy)."),
        QStringLiteral("KEY"), QStringLiteral("h100-80gb"));
    const QCommandLineOption from(QStringLiteral("from"),
                                  QCoreApplication::translate("cli", "Chart panes: the first day shown."),
                                  QStringLiteral("T"));
    const QCommandLineOption to(QStringLiteral("to"),
                                QCoreApplication::translate("cli", "Chart panes: the last day shown."),
                                QStringLiteral("T"));
    ctx.addOptions(
        {pane, format, out, size, metric, colour, providers, dark, level, noCentral, gpu, from, to});
    ctx.addCache(true);
    if (auto exit =
            ctx.parse(QStringLiteral("Render a pane to an image or document, headless, independent of any "
                                     "screen: the same picture the pane shows, at the given pixel size.")))
        return *exit;
    const bool graph = parser.value(pane) == QLatin1String("dependency-graph");
    const std::string paneId = parser.value(pane).toStdString();
    const auto &chartPanes = chartPaneIds();
    const bool chartPane = std::find(chartPanes.begin(), chartPanes.end(), paneId) != chartPanes.end();
    if (parser.value(pane) != QLatin1String("layer-map") && !graph && !chartPane) {
        printError(QCoreApplication::translate(
            "cli", "--pane must be layer-map, dependency-graph, price-war, valuation or usage"));
        return UsageError;
    }
    if (graph && parser.value(level) != QLatin1String("category") &&
        parser.value(level) != QLatin1String("protocol")) {
        printError(QCoreApplication::translate("cli", "--level must be category or protocol"));
        return UsageError;
    }
    if (!parser.isSet(out)) {
        printError(QCoreApplication::translate("cli", "export needs --out FILE"));
        return UsageError;
    }
    const QString fmt =
        parser.isSet(format) ? parser.value(format) : QFileInfo(parser.value(out)).suffix().toLower();
    if (fmt != QLatin1String("png") && fmt != QLatin1String("svg") && fmt != QLatin1String("pdf") &&
        !(chartPane && fmt == QLatin1String("csv"))) {
        printError(chartPane ? QCoreApplication::translate("cli", "--format must be png, svg, pdf or csv")
                             : QCoreApplication::translate("cli", "--format must be png, svg or pdf"));
        return UsageError;
    }
    const auto wh = QRegularExpression(QStringLiteral("^(\\d{3,5})x(\\d{3,5})$")).match(parser.value(size));
    if (!wh.hasMatch() || wh.captured(1).toInt() > 10000 || wh.captured(2).toInt() > 10000) {
        printError(
            QCoreApplication::translate("cli", "--size takes WxH between 100 and 10000, e.g. 1600x1000"));
        return UsageError;
    }
    LayerMapOptions options;
    const auto s = LayerMapOptions::sizeFromKey(parser.value(metric));
    const auto c = LayerMapOptions::colourFromKey(parser.value(colour));
    if (!s || !c) {
        printError(
            QCoreApplication::translate("cli", "unknown --metric or --color (see stackatlas export --help)"));
        return UsageError;
    }
    options.size = *s;
    options.colour = *c;
    options.showProviders = parser.isSet(providers);
    options.dark = parser.isSet(dark);

    SeriesQuery range;
    if (!parseTimeRange(parser, from, to, range))
        return UsageError;

    if (!ctx.open(false))
        return Failure;
    auto &cache = ctx.cache();
    if (chartPane) {
        const auto charts =
            loadPaneCharts(*cache, paneId, parser.value(gpu).toStdString(), {range.from, range.to});
        if (!charts.isOk()) {
            printError(charts.status().message());
            return Failure;
        }
        const QSize pixels(wh.captured(1).toInt(), wh.captured(2).toInt());
        const Status st =
            exportCharts(charts.value(), fmt, parser.value(out), pixels,
                         QStringLiteral("StackAtlas: %1").arg(parser.value(pane)), parser.isSet(dark));
        if (!st.isOk()) {
            printError(st.message());
            return Failure;
        }
        std::size_t points = 0;
        for (const ChartData &c : charts.value())
            points += c.pointCount();
        printOut(QCoreApplication::translate("cli", "wrote %1 (%2, %3 charts, %4 points)\n")
                     .arg(parser.value(out), fmt)
                     .arg(charts.value().size())
                     .arg(points));
        return Success;
    }
    if (graph) {
        const auto taxonomy = taxonomyOrReport(*cache);
        if (!taxonomy)
            return Failure;
        const GraphScene scene = buildGraphScene(taxonomy.value(),
                                                 parser.value(level) == QLatin1String("protocol")
                                                     ? DependencyGraph::Level::Protocol
                                                     : DependencyGraph::Level::Category,
                                                 !parser.isSet(noCentral));
        GraphViewState state;
        state.dark = parser.isSet(dark);
        const Status st = exportGraph(scene, state, fmt, parser.value(out));
        if (!st.isOk()) {
            printError(st.message());
            return Failure;
        }
        printOut(QCoreApplication::translate("cli", "wrote %1 (%2, %3 nodes)\n")
                     .arg(parser.value(out), fmt)
                     .arg(scene.graph.nodes().size()));
        return Success;
    }
    LayerMapModel model;
    if (Status st = model.reload(*cache); !st.isOk()) {
        printError(st.message());
        return Failure;
    }
    const Status st = exportLayerMap(model, options, QSize(wh.captured(1).toInt(), wh.captured(2).toInt()),
                                     fmt, parser.value(out));
    if (!st.isOk()) {
        printError(st.message());
        return Failure;
    }
    printOut(QCoreApplication::translate("cli", "wrote %1 (%2, %3)\n")
                 .arg(parser.value(out), fmt, parser.value(size)));
    return Success;
}

} // namespace stackatlas::cli
