// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui.h"

#include "fetchsettings.h"

#include "appsettings.h"
#include "datasources/cache/cachelocation.h"
#include "datasources/cache/snapshot.h"
#include "keystore.h"
#include "models/item/activitymodel.h"
#include "models/item/chartloaders.h"
#include "models/item/layermapmodel.h"
#include "models/item/layermaproles.h"
#include "models/item/protocolsmodel.h"
#include "models/item/protocolsroles.h"
#include "models/item/refreshcontroller.h"
#include "models/item/sourcesmodel.h"
#include "models/item/valueformat.h"
#include "settingsdialog.h"
#include "snapshotactions.h"
#include "ui/mainwindow.h"
#include "ui/pane.h"
#include "ui/panes/activity/activitypane.h"
#include "ui/panes/charts/pricewarpane.h"
#include "ui/panes/charts/usagepane.h"
#include "ui/panes/charts/valuationpane.h"
#include "ui/panes/depgraph/dependencygraphpane.h"
#include "ui/panes/layermap/layermappane.h"
#include "ui/panes/protocols/protocolspane.h"
#include "ui/panes/sources/sourcespane.h"
#include "ui/views/dependencygraphview.h"
#include "ui/views/layermapview.h"
#include "ui/widgets/refreshcontrols.h"
#include "ui/widgets/selectionsync.h"

#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QMessageBox>
#include <QPalette>
#include <QPixmap>
#include <QProgressBar>
#include <QRegularExpression>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

namespace stackatlas {
namespace {

void fail(const QString &message, bool interactive)
{
    std::fprintf(stderr, "stackatlas: %s\n", qPrintable(message));
    if (interactive)
        QMessageBox::critical(nullptr, QObject::tr("StackAtlas"), message);
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
    parser.addOptions(
        {cacheOpt, paneOpt, shotOpt, sizeOpt, endpointOpt, sheetOpt, selectOpt, darkOpt, snapshotOpt});
    if (!parser.parse(QStringList{QStringLiteral("stackatlas")} + args)) {
        std::fprintf(stderr, "stackatlas: %s (see stackatlas --help)\n", qPrintable(parser.errorText()));
        return 2;
    }
    const bool screenshot = parser.isSet(shotOpt);
    // Preferences; a screenshot uses the defaults, so it looks the same on every machine.
    QSettings stored(settingsOrganization(), settingsOrganization());
    const AppSettings prefs = screenshot ? AppSettings{} : AppSettings::load(stored);
    setDisplayFormat(prefs.displayFormat());
    if (prefs.theme == QLatin1String("light") && !parser.isSet(darkOpt)) {
        QApplication::setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(QApplication::style()->standardPalette());
    }
    if (parser.isSet(darkOpt) || prefs.theme == QLatin1String("dark")) {
        QApplication::setStyle(QStringLiteral("Fusion"));
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x2b, 0x2e, 0x33));
        dark.setColor(QPalette::WindowText, QColor(0xe8, 0xea, 0xed));
        dark.setColor(QPalette::Base, QColor(0x23, 0x26, 0x2b));
        dark.setColor(QPalette::AlternateBase, QColor(0x2f, 0x33, 0x39));
        dark.setColor(QPalette::Text, QColor(0xe8, 0xea, 0xed));
        dark.setColor(QPalette::Button, QColor(0x33, 0x37, 0x3d));
        dark.setColor(QPalette::ButtonText, QColor(0xe8, 0xea, 0xed));
        dark.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xd6));
        dark.setColor(QPalette::HighlightedText, Qt::white);
        dark.setColor(QPalette::ToolTipBase, QColor(0x33, 0x37, 0x3d));
        dark.setColor(QPalette::ToolTipText, QColor(0xe8, 0xea, 0xed));
        dark.setColor(QPalette::PlaceholderText, QColor(0x9a, 0xa0, 0xa6));
        dark.setColor(QPalette::Link, QColor(0x8a, 0xb4, 0xf8));
        for (const auto role : {QPalette::ButtonText, QPalette::WindowText, QPalette::Text})
            dark.setColor(QPalette::Disabled, role, QColor(0x6b, 0x70, 0x76));
        QApplication::setPalette(dark);
    }
    const auto size =
        QRegularExpression(QStringLiteral("^(\\d{2,5})x(\\d{2,5})$")).match(parser.value(sizeOpt));
    if (!size.hasMatch()) {
        std::fprintf(stderr, "stackatlas: --size takes WxH, e.g. 1280x800\n");
        return 2;
    }

    // A snapshot is judged and opened as a private copy, read-only; otherwise the user's cache.
    std::optional<SnapshotMeta> snapshotMeta;
    QTemporaryDir snapshotDir(QDir::tempPath() + QStringLiteral("/stackatlas-snapshot-XXXXXX"));
    Result<std::unique_ptr<Cache>> cache = Status::error(StatusCode::NotFound, "no cache");
    if (parser.isSet(snapshotOpt)) {
        if (parser.isSet(cacheOpt)) {
            std::fprintf(stderr, "stackatlas: give --cache or --snapshot, not both\n");
            return 2;
        }
        auto opened = openSnapshot(parser.value(snapshotOpt).toStdString(), snapshotDir.path().toStdString());
        if (!opened.isOk()) {
            fail(QString::fromStdString(opened.status().message()), !screenshot);
            return 1;
        }
        snapshotMeta = opened.value().meta;
        cache = std::move(opened.value().cache);
    } else {
        cache = openUserCache(resolveCachePath(parser.value(cacheOpt)));
    }
    if (!cache.isOk()) {
        fail(QString::fromStdString(cache.status().message()), !screenshot);
        return 1;
    }
    auto taxonomy = cache.value()->taxonomy();
    if (!taxonomy.isOk()) {
        fail(QString::fromStdString(taxonomy.status().message()), !screenshot);
        return 1;
    }

    ProtocolsModel protocols;
    if (Status s = protocols.reload(*cache.value()); !s.isOk()) {
        fail(QString::fromStdString(s.message()), !screenshot);
        return 1;
    }

    AdapterRegistry registry;
    registerBuiltinAdapters(registry);
    std::vector<std::string> known;
    for (const SourceAdapter *a : registry.all())
        known.push_back(a->info().id);
    SourcesModel sources(known);
    sources.reload(*cache.value());

    FetchOptions options;
    const keystore::LoadedKeys loadedKeys = keystore::load();
    options.keys = loadedKeys.keys;
    options.userAgent = "StackAtlas/" + QCoreApplication::applicationVersion().toStdString();
    options.proxy = prefs.proxy.toStdString();
    options.limits.totalTimeoutMs = long(prefs.timeoutSeconds) * 1000;
    for (const QString &pair : parser.values(endpointOpt)) {
        const qsizetype eq = pair.indexOf(u'=');
        if (eq > 0)
            options.bases[pair.left(eq).toStdString()] = pair.mid(eq + 1).toStdString();
    }
    RefreshController refresh(QString::fromStdString(cache.value()->path()), options,
                              priceSheetPath(parser.value(sheetOpt)));

    MainWindow window;
    LayerMapModel layerMap;
    layerMap.reload(*cache.value());
    auto *layerMapPane = new LayerMapPane(&layerMap);
    window.addPane(layerMapPane); // the researcher's first view
    auto *graphPane = new DependencyGraphPane(*cache.value());
    window.addPane(graphPane);
    auto *protocolsPane = new ProtocolsPane(&protocols, taxonomy.value());
    window.addPane(protocolsPane);
    new SelectionSync(layerMapPane->view(), NodeIdRole, protocolsPane->view(), EntityIdRole, &window);
    auto *priceWarPane = new PriceWarPane(*cache.value());
    window.addPane(priceWarPane);
    auto *valuationPane = new ValuationPane(*cache.value());
    window.addPane(valuationPane);
    auto *usagePane = new UsagePane(*cache.value());
    window.addPane(usagePane);
    const std::vector<ChartPane *> chartPanes{priceWarPane, valuationPane, usagePane};
    // File > Export… exports what is on screen: a chart pane's charts (PNG/SVG/PDF/CSV), else the
    // layer map.
    auto *exportAction = new QAction(QObject::tr("&Export…"), &window);
    exportAction->setShortcut(QKeySequence(QStringLiteral("Ctrl+E")));
    QObject::connect(exportAction, &QAction::triggered, &window, [&window, layerMapPane] {
        if (auto *charts = qobject_cast<ChartPane *>(window.currentPane()))
            charts->exportWithDialog();
        else
            layerMapPane->exportWithDialog();
    });
    window.addFileAction(exportAction);
    window.addPane(new SourcesPane(&sources));
    ActivityModel activity;
    activity.reload(*cache.value());
    activity.add(QStringLiteral("keys"), QStringLiteral("info"), loadedKeys.message);
    window.addPane(new ActivityPane(&activity));
    auto *controls = new RefreshControls(&refresh, &window);
    window.addMainAction(controls->refreshAction());
    window.addMainAction(controls->cancelAction());
    window.addStatusWidget(controls->progressBar());
    installSnapshotActions(window, *cache.value(), snapshotMeta ? &*snapshotMeta : nullptr);
    // Automatic refresh (off unless set) and the default GPU; both follow the Settings dialog.
    QTimer autoRefresh;
    const auto applyPrefs = [&](const AppSettings &p) {
        autoRefresh.stop();
        if (p.autoRefreshMinutes > 0 && !snapshotMeta)
            autoRefresh.start(p.autoRefreshMinutes * 60 * 1000);
        priceWarPane->setGpu(p.defaultGpu);
        valuationPane->setMetric(p.defaultMetric);
    };
    QObject::connect(&autoRefresh, &QTimer::timeout, controls->refreshAction(), [controls] {
        if (controls->refreshAction()->isEnabled())
            controls->refreshAction()->trigger();
    });
    applyPrefs(prefs);
    auto *settingsAction = new QAction(QObject::tr("Se&ttings…"), &window);
    settingsAction->setShortcut(QKeySequence(QStringLiteral("Ctrl+,")));
    QObject::connect(settingsAction, &QAction::triggered, &window, [&] {
        QList<QPair<QString, QString>> gpus; // key, name
        if (const auto priced = pricedGpus(*cache.value()); priced.isOk())
            for (const std::string &g : priced.value())
                gpus.append({QString::fromStdString(g), QString::fromStdString(taxonomy.value().gpuName(g))});
        QSettings current(settingsOrganization(), settingsOrganization());
        SettingsDialog dialog(AppSettings::load(current), gpus, keystore::keyringReachable(), &window);
        if (dialog.exec() != QDialog::Accepted)
            return;
        if (const Status saved = dialog.settings().save(current); !saved.isOk()) {
            activity.add(QStringLiteral("settings"), QStringLiteral("error"),
                         QString::fromStdString(saved.message()));
            window.statusBar()->showMessage(QString::fromStdString(saved.message()), 15000);
        }
        const QMap<QString, QString> keys = dialog.enteredKeys();
        for (auto it = keys.begin(); it != keys.end(); ++it) {
            const Status s = keystore::write(it.key(), it.value());
            activity.add(QStringLiteral("keyring"),
                         s.isOk() ? QStringLiteral("info") : QStringLiteral("error"),
                         s.isOk() ? QObject::tr("%1 key stored; used from the next start").arg(it.key())
                                  : QString::fromStdString(s.message()));
        }
        applyPrefs(dialog.settings());
        // New number and date formats show at once: tables format when painted, charts rebuild.
        const DisplayFormat chosen = dialog.settings().displayFormat();
        if (chosen.localeNumbers != displayFormat().localeNumbers ||
            chosen.localeDates != displayFormat().localeDates) {
            setDisplayFormat(chosen);
            for (ChartPane *pane : chartPanes)
                pane->reload();
            for (QWidget *w : window.findChildren<QWidget *>())
                w->update();
        }
    });
    window.addFileAction(settingsAction);
    if (snapshotMeta) {
        // A snapshot is what it was when saved: no refresh, no network.
        controls->refreshAction()->setEnabled(false);
        controls->refreshAction()->setToolTip(QObject::tr("A snapshot is read-only"));
        window.setWindowTitle(QObject::tr("StackAtlas — %1").arg(snapshotBanner(*snapshotMeta)));
    }

    const QString cacheText =
        snapshotMeta
            ? QObject::tr("Snapshot: %1 (opened as a verified private copy; the file is never modified)")
                  .arg(QDir::toNativeSeparators(parser.value(snapshotOpt)))
            : QObject::tr("Cache: %1")
                  .arg(QDir::toNativeSeparators(QString::fromStdString(cache.value()->path())));
    auto showFreshness = [&] {
        const auto asOf = cache.value()->newestAsOf();
        // Until the first refresh the cache holds only the data shipped with the app: say so.
        const bool sample = cache.value()->metadata("sample_data").value_or("0") == "1";
        QString freshness = asOf ? QObject::tr("Newest data as of %1").arg(formatUtcDateTime(*asOf))
                                 : QObject::tr("No market data yet: press Refresh (F5)");
        if (sample && asOf)
            freshness = QObject::tr("Sample data as of %1 (press Refresh for live data)")
                            .arg(formatUtcDateTime(*asOf));
        if (snapshotMeta)
            freshness = asOf ? QObject::tr("Snapshot data as of %1").arg(formatUtcDateTime(*asOf))
                             : QObject::tr("The snapshot holds no market data");
        window.setCacheStatus(cacheText, freshness);
        protocolsPane->setNotice(
            sample && !snapshotMeta
                ? QObject::tr("Showing the sample data shipped with StackAtlas, as of %1: real "
                              "recorded history, not live prices. Refresh (F5) fetches live "
                              "data; the Sources pane shows where each figure comes from.")
                      .arg(asOf ? formatUtcDateTime(*asOf) : QObject::tr("unknown"))
                : QString());
    };
    showFreshness();
    // After a refresh the models take the new state as row changes, so selections survive.
    QObject::connect(&refresh, &RefreshController::finished, &window,
                     [&](const QStringList &summary, bool allOk, bool cancelled) {
                         protocols.reload(*cache.value());
                         sources.reload(*cache.value());
                         layerMap.reload(*cache.value());
                         for (ChartPane *pane : chartPanes)
                             pane->reload();
                         activity.reload(*cache.value());
                         if (!allOk && !cancelled)
                             activity.add(QStringLiteral("refresh"), QStringLiteral("warning"),
                                          summary.join(QStringLiteral("; ")));
                         showFreshness();
                         const QString headline =
                             cancelled ? QObject::tr("Refresh cancelled")
                             : allOk   ? QObject::tr("Refresh complete")
                                       : QObject::tr("Refresh finished with failures (see Sources)");
                         window.statusBar()->showMessage(
                             headline + QStringLiteral(": ") + summary.join(QStringLiteral("; ")), 15000);
                     });
    if (parser.isSet(paneOpt) && !window.showPane(parser.value(paneOpt))) {
        std::fprintf(stderr, "stackatlas: unknown pane \"%s\"\n", qPrintable(parser.value(paneOpt)));
        return 2;
    }
    if (parser.isSet(selectOpt)) {
        const QModelIndex idx = layerMap.indexForId(parser.value(selectOpt));
        if (!idx.isValid()) {
            std::fprintf(stderr, "stackatlas: unknown entity \"%s\"\n", qPrintable(parser.value(selectOpt)));
            return 2;
        }
        layerMapPane->view()->setCurrentIndex(idx);
        graphPane->selectNode(parser.value(selectOpt));
    }
    // The window comes back as it was left (size, place, pane) unless the command line says
    // otherwise; a screenshot is always taken at the asked size.
    QSettings settings(QStringLiteral("stackatlas"), QStringLiteral("stackatlas"));
    const bool restore =
        !screenshot && !parser.isSet(sizeOpt) &&
        window.restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    if (!restore)
        window.resize(size.captured(1).toInt(), size.captured(2).toInt());
    if (!screenshot && !parser.isSet(paneOpt))
        window.showPane(settings.value(QStringLiteral("window/pane")).toString());
    // Each pane's choices (options, splitter sizes) come back too; a screenshot uses the defaults.
    if (!screenshot)
        for (Pane *pane : window.panes())
            pane->restoreChoices(settings.value(QStringLiteral("panes/") + pane->paneId()).toMap());
    QObject::connect(qApp, &QCoreApplication::aboutToQuit, &window, [&window, screenshot] {
        if (screenshot)
            return;
        QSettings s(QStringLiteral("stackatlas"), QStringLiteral("stackatlas"));
        s.setValue(QStringLiteral("window/geometry"), window.saveGeometry());
        if (window.currentPane())
            s.setValue(QStringLiteral("window/pane"), window.currentPane()->paneId());
        for (const Pane *pane : window.panes())
            s.setValue(QStringLiteral("panes/") + pane->paneId(), pane->choices());
        s.sync();
        if (s.status() != QSettings::NoError) // the window is gone: the terminal is all that is left
            std::fprintf(stderr, "stackatlas: could not save the window's state to %s\n",
                         qPrintable(s.fileName()));
    });
    window.show();

    if (screenshot) {
        QApplication::processEvents();
        const QPixmap pixmap = window.grab();
        if (!pixmap.save(parser.value(shotOpt), "PNG")) {
            std::fprintf(stderr, "stackatlas: cannot write %s\n", qPrintable(parser.value(shotOpt)));
            return 1;
        }
        return 0;
    }
    return QApplication::exec();
}

} // namespace stackatlas
