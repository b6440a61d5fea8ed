// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui.h"

#include "datasources/cache/cachepaths.h"
#include "models/item/appsettings.h"
#include "models/item/layermapmodel.h"
#include "models/item/valueformat.h"
#include "models/session/appsession.h"
#include "models/store/datastore.h"
#include "ui/appwindow.h"
#include "ui/mainwindow.h"
#include "ui/panes/depgraph/dependencygraphpane.h"
#include "ui/panes/layermap/layermappane.h"
#include "ui/theme.h"
#include "ui/views/layermapview.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QPixmap>
#include <QPointer>
#include <QRegularExpression>
#include <QSettings>

#include <cstdio>

namespace stackatlas {

namespace {

int fail(const QString &message, bool interactive, int code)
{
    std::fprintf(stderr, "stackatlas: %s\n", qPrintable(message));
    if (interactive)
        QMessageBox::critical(nullptr, QObject::tr("StackAtlas"), message);
    return code;
}

// --select ID: the tile on the map and the node in the graph.
bool select(MainWindow &window, AppSession &session, const QString &id)
{
    session.use(AppSession::Model::LayerMap);
    session.waitUntilIdle();
    const QModelIndex idx = session.layerMap().indexForId(id);
    if (!idx.isValid())
        return false;
    for (Pane *pane : window.panes()) {
        if (auto *map = qobject_cast<LayerMapPane *>(pane))
            map->view()->setCurrentIndex(idx);
        if (auto *graph = qobject_cast<DependencyGraphPane *>(pane))
            graph->selectNode(id);
    }
    return true;
}

} // namespace

int runGui(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption cacheOpt(QStringLiteral("cache"), QString(), QStringLiteral("PATH"));
    const QCommandLineOption paneOpt(QStringLiteral("pane"), QString(), QStringLiteral("ID"));
    const QCommandLineOption shotOpt(QStringLiteral("screenshot"), QString(), QStringLiteral("FILE"));
    const QCommandLineOption sizeOpt(QStringLiteral("size"), QString(), QStringLiteral("WxH"),
                                     QStringLiteral("1280x800"));
    const QCommandLineOption endpointOpt(QStringLiteral("endpoint"), QString(), QStringLiteral("NAME=BASE"));
    const QCommandLineOption sheetOpt(QStringLiteral("pricesheet"), QString(), QStringLiteral("FILE"));
    const QCommandLineOption selectOpt(QStringLiteral("select"), QString(), QStringLiteral("ID"));
    const QCommandLineOption darkOpt(QStringLiteral("dark"));
    const QCommandLineOption snapshotOpt(QStringLiteral("snapshot"), QString(), QStringLiteral("FILE"));
    const QCommandLineOption asOfOpt(QStringLiteral("as-of"), QString(), QStringLiteral("T"));
    const QCommandLineOption compareOpt(QStringLiteral("compare"), QString(), QStringLiteral("A,B"));
    parser.addOptions({cacheOpt, paneOpt, shotOpt, sizeOpt, endpointOpt, sheetOpt, selectOpt, darkOpt,
                       snapshotOpt, asOfOpt, compareOpt});
    if (!parser.parse(QStringList{QStringLiteral("stackatlas")} + args)) {
        std::fprintf(stderr, "stackatlas: %s (see stackatlas --help)\n", qPrintable(parser.errorText()));
        return 2;
    }
    const bool screenshot = parser.isSet(shotOpt);
    const auto size =
        QRegularExpression(QStringLiteral("^(\\d{2,5})x(\\d{2,5})$")).match(parser.value(sizeOpt));
    if (!size.hasMatch())
        return fail(QStringLiteral("--size takes WxH, e.g. 1280x800"), false, 2);
    if (parser.isSet(snapshotOpt) && parser.isSet(cacheOpt))
        return fail(QStringLiteral("give --cache or --snapshot, not both"), false, 2);

    // Preferences; a screenshot uses the defaults, so it looks the same on every machine.
    QSettings stored(settingsOrganization(), settingsOrganization());
    AppSession::Options options;
    options.settings = screenshot ? AppSettings{} : AppSettings::load(stored);
    setDisplayFormat(options.settings.displayFormat());
    applyTheme(parser.isSet(darkOpt) ? QStringLiteral("dark") : options.settings.theme);
    options.snapshotPath = parser.value(snapshotOpt);
    if (options.snapshotPath.isEmpty())
        options.cachePath = resolveCachePath(parser.value(cacheOpt));
    options.priceSheet = parser.value(sheetOpt);
    for (const QString &pair : parser.values(endpointOpt))
        if (const qsizetype eq = pair.indexOf(u'='); eq > 0)
            options.endpointBases[pair.left(eq).toStdString()] = pair.mid(eq + 1).toStdString();

    auto opened = AppSession::open(options);
    if (!opened.isOk())
        return fail(QString::fromStdString(opened.status().message()), !screenshot, 1);
    AppSession &session = *opened.value();
    QPointer<MainWindow> window = buildMainWindow(std::move(opened).value());
    window->setKeepsState(!screenshot && options.snapshotPath.isEmpty());
    if (parser.isSet(paneOpt) && !window->showPane(parser.value(paneOpt))) {
        delete window;
        return fail(QStringLiteral("unknown pane \"%1\"").arg(parser.value(paneOpt)), false, 2);
    }
    if (parser.isSet(selectOpt) && !select(*window, session, parser.value(selectOpt))) {
        delete window;
        return fail(QStringLiteral("unknown entity \"%1\"").arg(parser.value(selectOpt)), false, 2);
    }
    // The date shown, and compare mode, as the as-of control would set them.
    if (parser.isSet(asOfOpt) || parser.isSet(compareOpt)) {
        AsOf asOf = session.store().asOf();
        const QStringList dates = parser.isSet(compareOpt) ? parser.value(compareOpt).split(u',')
                                                           : QStringList{QString(), parser.value(asOfOpt)};
        const TimeParse a = parseAsOf(dates.value(0).toStdString()),
                        b = parseAsOf(dates.value(1).toStdString());
        if (!b.value || (parser.isSet(compareOpt) && (!a.value || *a.value >= *b.value))) {
            delete window;
            return fail(QStringLiteral("--as-of takes a date; --compare two dates A,B with A first"), false,
                        2);
        }
        asOf.at = b.value;
        if (parser.isSet(compareOpt))
            asOf.compareFrom = a.value;
        session.store().setAsOf(asOf);
    }
    // The window comes back as it was left (size, place, pane, each pane's choices) unless the
    // command line says otherwise; a screenshot is always taken at the asked size, with defaults.
    const QSettings remembered(QStringLiteral("stackatlas"), QStringLiteral("stackatlas"));
    if (!screenshot)
        window->restoreState(remembered, !parser.isSet(sizeOpt), !parser.isSet(paneOpt), true);
    if (screenshot || parser.isSet(sizeOpt) || !remembered.contains(QStringLiteral("window/geometry")))
        window->resize(size.captured(1).toInt(), size.captured(2).toInt());
    // Only the pane on show reads its data at start, and before the window appears, so that its
    // first frame is whole; the others read theirs when first opened.
    window->currentPane()->activate();
    session.waitUntilIdle();
    window->show();

    if (screenshot) {
        session.waitUntilIdle();
        QApplication::processEvents();
        const QPixmap pixmap = window->grab();
        const bool saved = pixmap.save(parser.value(shotOpt), "PNG");
        delete window;
        if (!saved)
            return fail(QStringLiteral("cannot write %1").arg(parser.value(shotOpt)), false, 1);
        return 0;
    }
    return QApplication::exec();
}

} // namespace stackatlas
