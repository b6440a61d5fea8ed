// SPDX-License-Identifier: GPL-3.0-or-later
#include "appwindow.h"

#include "datasources/logging.h"
#include "datasources/settings/keystore.h"
#include "models/item/activitymodel.h"
#include "models/item/chartloaders.h"
#include "models/item/layermaproles.h"
#include "models/item/protocolsroles.h"
#include "models/item/refreshcontroller.h"
#include "models/item/valueformat.h"
#include "models/session/appsession.h"
#include "models/store/datastore.h"
#include "ui/dialogs/settingsdialog.h"
#include "ui/importactions.h"
#include "ui/mainwindow.h"
#include "ui/panes/activity/activitypane.h"
#include "ui/panes/alerts/alertspane.h"
#include "ui/panes/charts/pricewarpane.h"
#include "ui/panes/charts/usagepane.h"
#include "ui/panes/charts/valuationpane.h"
#include "ui/panes/depgraph/dependencygraphpane.h"
#include "ui/panes/layermap/layermappane.h"
#include "ui/panes/protocols/protocolspane.h"
#include "ui/panes/sources/sourcespane.h"
#include "ui/snapshotactions.h"
#include "ui/views/layermapview.h"
#include "ui/widgets/asofcontrol.h"
#include "ui/widgets/comparecontrol.h"
#include "ui/widgets/refreshcontrols.h"

#include "ui/widgets/selectionsync.h"
#include <QLabel>

#include <QAction>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>

namespace stackatlas {

namespace {

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

struct Panes
{
    LayerMapPane *layerMap;
    DependencyGraphPane *graph;
    ProtocolsPane *protocols;
    PriceWarPane *priceWar;
    ValuationPane *valuation;
    UsagePane *usage;
    AlertsPane *alerts;
};

// A pane on the session's shared models has them read when it is first shown.
template <typename P> P *usingModel(P *pane, AppSession &session, AppSession::Model model)
{
    QObject::connect(pane, &Pane::activated, &session, [&session, model] { session.use(model); });
    return pane;
}

Panes addPanes(MainWindow &window, AppSession &session)
{
    using Model = AppSession::Model;
    Panes p{};
    p.layerMap = usingModel(new LayerMapPane(&session.layerMap()), session, Model::LayerMap);
    window.addPane(p.layerMap); // the researcher's first view
    p.graph = new DependencyGraphPane(session.store());
    window.addPane(p.graph);
    p.protocols = usingModel(new ProtocolsPane(&session.protocols(), session.store().taxonomy()), session,
                             Model::Protocols);
    window.addPane(p.protocols);
    new SelectionSync(p.layerMap->view(), NodeIdRole, p.protocols->view(), EntityIdRole, &window);
    p.priceWar = new PriceWarPane(session.store());
    window.addPane(p.priceWar);
    p.valuation = new ValuationPane(session.store());
    window.addPane(p.valuation);
    p.usage = new UsagePane(session.store());
    window.addPane(p.usage);
    p.alerts = new AlertsPane(session.store());
    window.addPane(p.alerts);
    window.addPane(usingModel(new SourcesPane(&session.sources()), session, Model::Sources));
    window.addPane(usingModel(new ActivityPane(&session.activity()), session, Model::Activity));
    return p;
}

// File > Export… exports what is on screen: a chart pane's charts (PNG/SVG/PDF/CSV), else the map.
void addExportAction(MainWindow &window, LayerMapPane *layerMap)
{
    auto *exportAction = new QAction(QObject::tr("&Export…"), &window);
    exportAction->setShortcut(QKeySequence(QStringLiteral("Ctrl+E")));
    QObject::connect(exportAction, &QAction::triggered, &window, [&window, layerMap] {
        if (auto *charts = qobject_cast<ChartPane *>(window.currentPane()))
            charts->exportWithDialog();
        else
            layerMap->exportWithDialog();
    });
    window.addFileAction(exportAction);
}

void addRefresh(MainWindow &window, AppSession &session)
{
    if (!session.refresh()) {
        // A snapshot is what it was when saved: no refresh, no network.
        auto *refresh = new QAction(QObject::tr("&Refresh"), &window);
        refresh->setEnabled(false);
        refresh->setToolTip(QObject::tr("A snapshot is read-only"));
        window.addMainAction(refresh);
        return;
    }
    auto *controls = new RefreshControls(session.refresh(), &window);
    window.addMainAction(controls->refreshAction());
    window.addMainAction(controls->cancelAction());
    window.addStatusWidget(controls->progressDetail());
    window.addStatusWidget(controls->progressBar());
    // Automatic refresh, off unless set; it follows the Settings dialog.
    auto *timer = new QTimer(&window);
    QObject::connect(timer, &QTimer::timeout, controls->refreshAction(), [controls] {
        if (controls->refreshAction()->isEnabled())
            controls->refreshAction()->trigger();
    });
    const auto schedule = [timer](const AppSettings &p) {
        timer->stop();
        if (p.autoRefreshMinutes > 0)
            timer->start(p.autoRefreshMinutes * 60 * 1000);
    };
    schedule(session.settings());
    QObject::connect(&session, &AppSession::settingsChanged, timer, schedule);
    QObject::connect(
        &session, &AppSession::refreshFinished, &window,
        [&window](const QStringList &summary, bool allOk, bool cancelled, const QString &offline) {
            if (!offline.isEmpty()) {
                window.statusBar()->showMessage(offline, 30000);
                return;
            }
            const QString headline = cancelled ? QObject::tr("Refresh cancelled")
                                     : allOk   ? QObject::tr("Refresh complete")
                                               : QObject::tr("Refresh finished with failures (see Sources)");
            window.statusBar()->showMessage(
                headline + QStringLiteral(": ") + summary.join(QStringLiteral("; ")), 15000);
        });
}

void openSettings(MainWindow &window, AppSession &session)
{
    // The GPUs on offer come from the store; the dialog opens when they are known.
    session.store().read<std::vector<std::string>>(
        &window, "settings-gpus", &pricedGpus, [&window, &session](Result<std::vector<std::string>> priced) {
            QList<QPair<QString, QString>> gpus; // key, name
            for (const std::string &g : priced.isOk() ? priced.value() : std::vector<std::string>{})
                gpus.append({q(g), q(session.store().taxonomy().gpuName(g))});
            QSettings current(settingsOrganization(), settingsOrganization());
            SettingsDialog dialog(AppSettings::load(current), gpus, keystore::keyringReachable(), &window);
            if (dialog.exec() != QDialog::Accepted)
                return;
            if (const Status saved = dialog.settings().save(current); !saved.isOk()) {
                session.activity().add(QStringLiteral("settings"), QStringLiteral("error"),
                                       q(saved.message()));
                window.statusBar()->showMessage(q(saved.message()), 15000);
            }
            const QMap<QString, QString> keys = dialog.enteredKeys();
            for (auto it = keys.begin(); it != keys.end(); ++it) {
                const Status s = keystore::write(it.key(), it.value());
                session.activity().add(
                    QStringLiteral("keyring"), s.isOk() ? QStringLiteral("info") : QStringLiteral("error"),
                    s.isOk() ? QObject::tr("%1 key stored; used from the next start").arg(it.key())
                             : q(s.message()));
            }
            session.setSettings(dialog.settings());
        });
}

void followSettings(MainWindow &window, AppSession &session, const Panes &panes)
{
    const auto apply = [&window, panes](const AppSettings &p) {
        panes.priceWar->setGpu(p.defaultGpu);
        panes.valuation->setMetric(p.defaultMetric);
        // New number and date formats show at once: tables format when painted, charts rebuild.
        const DisplayFormat chosen = p.displayFormat();
        if (chosen.localeNumbers != displayFormat().localeNumbers ||
            chosen.localeDates != displayFormat().localeDates) {
            setDisplayFormat(chosen);
            for (ChartPane *pane :
                 {static_cast<ChartPane *>(panes.priceWar), static_cast<ChartPane *>(panes.valuation),
                  static_cast<ChartPane *>(panes.usage)})
                pane->reload();
            for (QWidget *w : window.findChildren<QWidget *>())
                w->update();
        }
    };
    apply(session.settings());
    QObject::connect(&session, &AppSession::settingsChanged, &window, apply);
    auto *settingsAction = new QAction(QObject::tr("Se&ttings…"), &window);
    settingsAction->setShortcut(QKeySequence(QStringLiteral("Ctrl+,")));
    QObject::connect(settingsAction, &QAction::triggered, &window,
                     [&window, &session] { openSettings(window, session); });
    window.addFileAction(settingsAction);
}

// A firing opens where it happened; new firings are said in the status bar (and Activity, by the
// session); "Check now" judges every rule.
void followAlerts(MainWindow &window, AppSession &session, const Panes &panes)
{
    QObject::connect(panes.alerts, &AlertsPane::checkRequested, &session, &AppSession::checkAlerts);
    QObject::connect(panes.alerts, &AlertsPane::goTo, &window,
                     [&window, &session, panes](const QString &paneId, qint64 date, const QString &gpu) {
                         if (!gpu.isEmpty())
                             panes.priceWar->setGpu(gpu);
                         AsOf at = session.store().asOf();
                         at.at = date;
                         at.compareFrom.reset();
                         session.store().setAsOf(at);
                         window.showPane(paneId);
                     });
    QObject::connect(
        &session, &AppSession::alertsFired, &window, [&window](const QStringList &lines, bool notified) {
            window.statusBar()->showMessage((lines.size() == 1 ? QObject::tr("Alert: %1").arg(lines.first())
                                                               : QObject::tr("%1 alerts fired: %2")
                                                                     .arg(lines.size())
                                                                     .arg(lines.join(QStringLiteral("; ")))) +
                                                (notified ? QString() : QObject::tr(" (see Alerts)")),
                                            60000);
        });
}

} // namespace

MainWindow *buildMainWindow(std::unique_ptr<AppSession> owned)
{
    auto *window = new MainWindow;
    window->setAttribute(Qt::WA_DeleteOnClose);
    AppSession &session = *owned.release();
    session.setParent(window); // deleted with the window, after its panes
    const Panes panes = addPanes(*window, session);
    addExportAction(*window, panes.layerMap);
    addRefresh(*window, session);
    auto *asOf = new AsOfControl(session.store());
    asOf->setAccessibleName(QObject::tr("As-of date"));
    window->addToolRowWidget(asOf);
    auto *compare = new CompareControl(session.store());
    compare->setAccessibleName(QObject::tr("Compare two dates"));
    QObject::connect(asOf, &AsOfControl::spanRead, compare,
                     [compare](UnixSeconds, UnixSeconds last, const std::vector<Event> &events) {
                         compare->setDataSpan(last, events);
                     });
    window->addToolRowWidget(compare);
    installSnapshotActions(*window, session,
                           [window](const QString &path) { openSnapshotWindow(path, window); });
    installImportActions(*window, session);
    followSettings(*window, session, panes);
    followAlerts(*window, session, panes);
    if (session.snapshot())
        window->setWindowTitle(QObject::tr("StackAtlas — %1").arg(snapshotBanner(*session.snapshot())));
    const auto showFreshness = [window, &session, protocols = panes.protocols] {
        window->setCacheStatus(session.locationText(), session.freshnessText());
        protocols->setNotice(session.sampleNotice());
    };
    showFreshness();
    QObject::connect(&session, &AppSession::freshnessChanged, window, showFreshness);
    return window;
}

AppSession *sessionOf(const MainWindow *window)
{
    return window ? window->findChild<AppSession *>(QString(), Qt::FindDirectChildrenOnly) : nullptr;
}

MainWindow *openSnapshotWindow(const QString &path, MainWindow *from)
{
    AppSession::Options options;
    options.snapshotPath = path;
    if (const AppSession *current = sessionOf(from))
        options.settings = current->settings();
    auto session = AppSession::open(options);
    if (!session.isOk()) {
        qCInfo(lcUi).noquote() << "snapshot refused:" << q(session.status().message());
        QMessageBox::warning(from, QObject::tr("Open Snapshot"), q(session.status().message()));
        return nullptr;
    }
    rememberSnapshot(path);
    MainWindow *window = buildMainWindow(std::move(session).value());
    if (from)
        window->resize(from->size());
    window->show();
    return window;
}

} // namespace stackatlas
