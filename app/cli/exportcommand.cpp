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
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

namespace stackatlas::cli {

namespace {

// "1600x1000" -> the pixel size; nullopt (after saying why) for anything else.
std::optional<QSize> pixelSize(const QString &text)
{
    const auto wh = QRegularExpression(QStringLiteral("^(\\d{3,5})x(\\d{3,5})$")).match(text);
    if (!wh.hasMatch() || wh.captured(1).toInt() > 10000 || wh.captured(2).toInt() > 10000) {
        printError(
            QCoreApplication::translate("cli", "--size takes WxH between 100 and 10000, e.g. 1600x1000"));
        return std::nullopt;
    }
    return QSize(wh.captured(1).toInt(), wh.captured(2).toInt());
}

int exportChartPane(const Cache &cache, const std::string &paneId, const QString &gpu,
                    const SeriesQuery &range, const AsOf &asOf, const QString &fmt, const QString &out,
                    QSize pixels, bool dark)
{
    // As of a date, nothing after it: the figures at the date, the time axes up to it.
    TimeRange shown{range.from, range.to, asOf};
    if (asOf.at && (!shown.to || *shown.to > *asOf.at))
        shown.to = asOf.at;
    const auto charts = loadPaneCharts(cache, paneId, gpu.toStdString(), shown);
    if (!charts.isOk()) {
        printError(charts.status().message());
        return Failure;
    }
    const Status st =
        exportCharts(charts.value(), fmt, out, pixels,
                     QStringLiteral("StackAtlas: %1").arg(QString::fromStdString(paneId)), dark);
    if (!st.isOk()) {
        printError(st.message());
        return Failure;
    }
    std::size_t points = 0;
    for (const ChartData &c : charts.value())
        points += c.pointCount();
    printOut(QCoreApplication::translate("cli", "wrote %1 (%2, %3 charts, %4 points)\n")
                 .arg(out, fmt)
                 .arg(charts.value().size())
                 .arg(points));
    return Success;
}

int exportGraphPane(const Cache &cache, DependencyGraph::Level level, bool centralized, bool dark,
                    const QString &fmt, const QString &out)
{
    const auto taxonomy = taxonomyOrReport(cache);
    if (!taxonomy)
        return Failure;
    const GraphScene scene = buildGraphScene(taxonomy.value(), level, centralized);
    GraphViewState state;
    state.dark = dark;
    if (const Status st = exportGraph(scene, state, fmt, out); !st.isOk()) {
        printError(st.message());
        return Failure;
    }
    printOut(QCoreApplication::translate("cli", "wrote %1 (%2, %3 nodes)\n")
                 .arg(out, fmt)
                 .arg(scene.graph.nodes().size()));
    return Success;
}

int exportLayerMapPane(const Cache &cache, const LayerMapOptions &options, const AsOf &asOf, QSize pixels,
                       const QString &fmt, const QString &out)
{
    LayerMapModel model;
    if (Status st = model.reload(cache, asOf); !st.isOk()) {
        printError(st.message());
        return Failure;
    }
    if (const Status st = exportLayerMap(model, options, pixels, fmt, out); !st.isOk()) {
        printError(st.message());
        return Failure;
    }
    printOut(QCoreApplication::translate("cli", "wrote %1 (%2, %3x%4)\n")
                 .arg(out, fmt)
                 .arg(pixels.width())
                 .arg(pixels.height()));
    return Success;
}

// --compare A,B: B becomes the as-of, A the date compared with; false after saying why not.
bool parseCompare(const QString &value, AsOf &asOf)
{
    const QStringList dates = value.split(u',');
    const TimeParse a = parseAsOf(dates.value(0).trimmed().toStdString());
    const TimeParse b = parseAsOf(dates.value(1).trimmed().toStdString());
    if (dates.size() != 2 || !a.value || !b.value || *b.value <= *a.value) {
        printError(QCoreApplication::translate("cli", "--compare takes two dates A,B with A before B"));
        return false;
    }
    asOf.at = b.value;
    asOf.compareFrom = a.value;
    return true;
}

// One picture a step from `range.from` to `range.to` (whole UTC days), each compared with the
// first: DIR/layer-map-0001-2025-01-13.png, ...
int exportLayerMapFrames(const Cache &cache, const LayerMapOptions &options, const AsOf &base,
                         const SeriesQuery &range, const QString &step, QSize pixels, const QString &fmt,
                         const QString &dir)
{
    const int days = step == QLatin1String("1w") ? 7 : step.endsWith(u'd') ? step.chopped(1).toInt() : 0;
    if (days < 1 || days > 366) {
        printError(QCoreApplication::translate("cli", "--step must be a number of days (1d, 7d) or 1w"));
        return UsageError;
    }
    if (!range.from || !range.to || *range.to < *range.from) {
        printError(QCoreApplication::translate("cli", "--step needs --from and --to, --from first"));
        return UsageError;
    }
    if (!QDir().mkpath(dir)) {
        printError(QCoreApplication::translate("cli", "cannot create the folder %1").arg(dir));
        return Failure;
    }
    constexpr UnixSeconds kDay = 86400;
    const UnixSeconds first = *range.from / kDay * kDay, last = *range.to / kDay * kDay;
    AsOf asOf = base;
    asOf.compareFrom = first + kDay - 1; // the whole first day, as the app's date field means it
    LayerMapModel model;
    int written = 0;
    for (UnixSeconds day = first; day <= last; day += days * kDay) {
        asOf.at = day + kDay - 1;
        if (Status st = model.reload(cache, asOf); !st.isOk()) {
            printError(st.message());
            return Failure;
        }
        const QString file = QDir(dir).filePath(QStringLiteral("layer-map-%1-%2.%3")
                                                    .arg(written + 1, 4, 10, QLatin1Char('0'))
                                                    .arg(QString::fromStdString(formatIsoDate(day)), fmt));
        if (const Status st = exportLayerMap(model, options, pixels, fmt, file); !st.isOk()) {
            printError(st.message());
            return Failure;
        }
        ++written;
    }
    printOut(QCoreApplication::translate("cli", "wrote %1 frames (%2, %3x%4) to %5\n")
                 .arg(written)
                 .arg(fmt)
                 .arg(pixels.width())
                 .arg(pixels.height())
                 .arg(dir));
    return Success;
}

// A pane export knows, and a graph level it can draw.
bool checkPane(const QString &pane, bool graph, bool chartPane, const QString &level)
{
    if (pane != QLatin1String("layer-map") && !graph && !chartPane) {
        printError(QCoreApplication::translate(
            "cli", "--pane must be layer-map, dependency-graph, price-war, valuation or usage"));
        return false;
    }
    if (graph && level != QLatin1String("category") && level != QLatin1String("protocol")) {
        printError(QCoreApplication::translate("cli", "--level must be category or protocol"));
        return false;
    }
    return true;
}

// The tile area and colour keys, as the pane's controls name them.
std::optional<LayerMapOptions> layerMapOptions(const QString &metric, const QString &colour, bool providers,
                                               bool dark)
{
    const auto size = LayerMapOptions::sizeFromKey(metric);
    const auto fill = LayerMapOptions::colourFromKey(colour);
    if (!size || !fill) {
        printError(
            QCoreApplication::translate("cli", "unknown --metric or --color (see stackatlas export --help)"));
        return std::nullopt;
    }
    LayerMapOptions options;
    options.size = *size;
    options.colour = *fill;
    options.showProviders = providers;
    options.dark = dark;
    return options;
}

// png, svg or pdf, and csv for a chart pane (the data behind it); empty after saying why not.
QString exportFormat(const QString &fmt, bool chartPane)
{
    if (fmt == QLatin1String("png") || fmt == QLatin1String("svg") || fmt == QLatin1String("pdf") ||
        (chartPane && fmt == QLatin1String("csv")))
        return fmt;
    printError(chartPane ? QCoreApplication::translate("cli", "--format must be png, svg, pdf or csv")
                         : QCoreApplication::translate("cli", "--format must be png, svg or pdf"));
    return {};
}

// The export command's options (besides --cache and --snapshot).
struct ExportOptions
{
    QCommandLineOption pane, format, out, size, metric, colour, providers, dark, level, noCentral, gpu, from,
        to, compare, step;
};

ExportOptions exportOptions()
{
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
    const QCommandLineOption compare(
        QStringLiteral("compare"),
        QCoreApplication::translate("cli",
                                    "Layer map: compare two dates, A,B: tiles coloured by the change of "
                                    "their sizing measure from A to B, categories and layers with "
                                    "theirs."),
        QStringLiteral("A,B"));
    const QCommandLineOption step(
        QStringLiteral("step"),
        QCoreApplication::translate("cli",
                                    "Layer map: write one frame every STEP (1d, 7d, 1w) from --from to "
                                    "--to into the folder --out, each coloured by the change since "
                                    "--from, numbered for a slide or video tool."),
        QStringLiteral("STEP"));
    return {pane,  format,    out, size, metric, colour,  providers, dark,
            level, noCentral, gpu, from, to,     compare, step};
}

} // namespace

int exportCommand(const QStringList &args)
{
    CommandContext ctx(args);
    QCommandLineParser &parser = ctx.parser();
    const ExportOptions o = exportOptions();
    const auto &[pane, format, out, size, metric, colour, providers, dark, level, noCentral, gpu, from, to,
                 compare, step] = o;
    ctx.addOptions({pane, format, out, size, metric, colour, providers, dark, level, noCentral, gpu, from, to,
                    compare, step});
    ctx.addCache(true);
    ctx.addAsOf();
    if (auto exit =
            ctx.parse(QStringLiteral("Render a pane to an image or document, headless, independent of any "
                                     "screen: the same picture the pane shows, at the given pixel size.")))
        return *exit;
    const bool graph = parser.value(pane) == QLatin1String("dependency-graph");
    const std::string paneId = parser.value(pane).toStdString();
    const auto &chartPanes = chartPaneIds();
    const bool chartPane = std::find(chartPanes.begin(), chartPanes.end(), paneId) != chartPanes.end();
    if (!checkPane(parser.value(pane), graph, chartPane, parser.value(level)))
        return UsageError;
    if (!parser.isSet(out)) {
        printError(QCoreApplication::translate("cli", "export needs --out FILE"));
        return UsageError;
    }
    const bool frames = parser.isSet(step);
    if ((frames || parser.isSet(compare)) && parser.value(pane) != QLatin1String("layer-map")) {
        printError(QCoreApplication::translate("cli", "--compare and --step are for --pane layer-map"));
        return UsageError;
    }
    const QString fmt = exportFormat(parser.isSet(format) ? parser.value(format)
                                     : frames             ? QStringLiteral("png")
                                                          : QFileInfo(parser.value(out)).suffix().toLower(),
                                     chartPane);
    if (fmt.isEmpty())
        return UsageError;
    const auto pixels = pixelSize(parser.value(size));
    if (!pixels)
        return UsageError;
    const auto options = layerMapOptions(parser.value(metric), parser.value(colour), parser.isSet(providers),
                                         parser.isSet(dark));
    if (!options)
        return UsageError;

    SeriesQuery range;
    if (!parseTimeRange(parser, from, to, range))
        return UsageError;
    if (!ctx.open(false))
        return Failure;
    const Cache &cache = *ctx.cache();
    if (chartPane)
        return exportChartPane(cache, paneId, parser.value(gpu), range, ctx.asOf(), fmt, parser.value(out),
                               *pixels, parser.isSet(dark));
    if (graph)
        return exportGraphPane(cache,
                               parser.value(level) == QLatin1String("protocol")
                                   ? DependencyGraph::Level::Protocol
                                   : DependencyGraph::Level::Category,
                               !parser.isSet(noCentral), parser.isSet(dark), fmt, parser.value(out));
    if (frames)
        return exportLayerMapFrames(cache, *options, ctx.asOf(), range, parser.value(step), *pixels, fmt,
                                    parser.value(out));
    AsOf asOf = ctx.asOf();
    if (parser.isSet(compare) && !parseCompare(parser.value(compare), asOf))
        return UsageError;
    return exportLayerMapPane(cache, *options, asOf, *pixels, fmt, parser.value(out));
}

} // namespace stackatlas::cli
