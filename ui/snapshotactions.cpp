// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/snapshotactions.h"

#include "datasources/cache/snapshotmeta.h"
#include "models/item/reportdata.h"
#include "models/session/appsession.h"
#include "models/store/datastore.h"
#include "ui/dialogs/comparedialog.h"
#include "ui/mainwindow.h"
#include "ui/panes/charts/pricewarpane.h"
#include "ui/report/reportwriter.h"

#include <QAction>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>
#include <QProgressDialog>
#include <QSettings>
#include <QStatusBar>

#include <memory>

namespace stackatlas {

namespace {

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}
const QString kRecentKey = QStringLiteral("recentSnapshots");
QString filter()
{
    return QObject::tr("StackAtlas snapshots (*.stackatlas *.sqlite);;All files (*)");
}

void saveSnapshotAction(MainWindow &window, AppSession &session)
{
    const QString path = QFileDialog::getSaveFileName(&window, QObject::tr("Save Snapshot"),
                                                      QStringLiteral("snapshot.stackatlas"), filter());
    if (path.isEmpty())
        return;
    bool ok = false;
    const QString title = QInputDialog::getText(&window, QObject::tr("Save Snapshot"), QObject::tr("Title:"),
                                                QLineEdit::Normal, QFileInfo(path).baseName(), &ok);
    if (!ok)
        return;
    const QString note = QInputDialog::getMultiLineText(&window, QObject::tr("Save Snapshot"),
                                                        QObject::tr("Note (optional):"), QString(), &ok);
    if (!ok)
        return;
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    window.statusBar()->showMessage(QObject::tr("Saving snapshot %1…").arg(QFileInfo(path).fileName()));
    session.store().saveSnapshot(&window, path, title, note, [&window, path, timer](const Status &s) {
        if (!s.isOk()) {
            window.statusBar()->clearMessage();
            QMessageBox::warning(&window, QObject::tr("Save Snapshot"), q(s.message()));
            return;
        }
        rememberSnapshot(path);
        window.statusBar()->showMessage(
            QObject::tr("Saved snapshot %1 in %2 ms").arg(QFileInfo(path).fileName()).arg(timer->elapsed()),
            10000);
    });
}

void exportReportAction(MainWindow &window, AppSession &session)
{
    const QString path = QFileDialog::getSaveFileName(&window, QObject::tr("Export Report"),
                                                      QStringLiteral("stackatlas-report.pdf"),
                                                      QObject::tr("PDF document (*.pdf)"));
    if (path.isEmpty())
        return;
    ReportOptions options;
    options.appVersion = QCoreApplication::applicationVersion();
    // The report's price war is the GPU on show in the pane.
    for (Pane *pane : window.panes())
        if (const auto *priceWar = qobject_cast<PriceWarPane *>(pane); priceWar && !priceWar->gpu().isEmpty())
            options.gpu = priceWar->gpu();
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    window.statusBar()->showMessage(QObject::tr("Gathering the report's data…"));
    // Busy while the store's thread gathers (no count yet), then page by page while painting.
    // Window-modal: the window keeps painting itself but takes no input until the export ends.
    auto *progress = new QProgressDialog(QObject::tr("Gathering the report's data…"), QObject::tr("Cancel"),
                                         0, 0, &window);
    progress->setWindowTitle(QObject::tr("Export Report"));
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(300);
    progress->setAttribute(Qt::WA_DeleteOnClose);
    // Read on the store's thread, painted here (QtCharts and QPdfWriter belong to the GUI thread).
    session.store().read<ReportData>(
        progress, "report",
        [gpu = options.gpu, asOf = session.store().asOf()](const Cache &cache) {
            return gatherReportData(cache, gpu, asOf);
        },
        [&window, &session, path, options, timer, progress](Result<ReportData> data) mutable {
            if (progress->wasCanceled()) {
                progress->close();
                window.statusBar()->showMessage(QObject::tr("Report export cancelled"), 10000);
                return;
            }
            progress->setLabelText(QObject::tr("Painting the report…"));
            options.onPage = [progress](int done, int total) {
                progress->setMaximum(total);
                progress->setValue(done);
                progress->setLabelText(QObject::tr("Painting page %1 of %2…").arg(done + 1).arg(total));
                // Between pages the window repaints and Cancel is heard.
                QCoreApplication::processEvents();
                return !progress->wasCanceled();
            };
            const SnapshotMeta *meta = session.snapshot() ? &*session.snapshot() : nullptr;
            const auto summary = data.isOk() ? writeReport(data.value(), meta, path, options)
                                             : Result<ReportSummary>(data.status());
            progress->close();
            if (!summary.isOk() && summary.status().code() == StatusCode::Cancelled) {
                window.statusBar()->showMessage(q(summary.status().message()), 10000);
                return;
            }
            if (!summary.isOk()) {
                window.statusBar()->clearMessage();
                QMessageBox::warning(&window, QObject::tr("Export Report"), q(summary.status().message()));
                return;
            }
            window.statusBar()->showMessage(QObject::tr("Wrote %1 (%2 pages) in %3 ms")
                                                .arg(QFileInfo(path).fileName())
                                                .arg(summary.value().pages)
                                                .arg(timer->elapsed()),
                                            10000);
        });
}

} // namespace

void rememberSnapshot(const QString &path)
{
    QSettings settings(QStringLiteral("stackatlas"), QStringLiteral("stackatlas"));
    QStringList recent = settings.value(kRecentKey).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    settings.setValue(kRecentKey, recent.mid(0, 8));
}

QString snapshotBanner(const SnapshotMeta &meta)
{
    return QObject::tr("Snapshot «%1» of %2 — read-only")
        .arg(meta.title.empty() ? QObject::tr("untitled") : q(meta.title), q(meta.createdAt));
}

void installSnapshotActions(MainWindow &window, AppSession &session,
                            std::function<void(const QString &path)> openWindow)
{
    auto *save = new QAction(QObject::tr("&Save Snapshot…"), &window);
    save->setShortcut(QKeySequence::Save);
    QObject::connect(save, &QAction::triggered, &window,
                     [&window, &session] { saveSnapshotAction(window, session); });
    auto *open = new QAction(QObject::tr("&Open Snapshot…"), &window);
    open->setShortcut(QKeySequence::Open);
    QObject::connect(open, &QAction::triggered, &window, [&window, openWindow] {
        const QString path =
            QFileDialog::getOpenFileName(&window, QObject::tr("Open Snapshot"), QString(), filter());
        if (!path.isEmpty())
            openWindow(path);
    });
    auto *recentMenu = new QMenu(QObject::tr("Open &Recent"), &window);
    QObject::connect(recentMenu, &QMenu::aboutToShow, &window, [recentMenu, openWindow] {
        recentMenu->clear();
        const QStringList recent = QSettings(QStringLiteral("stackatlas"), QStringLiteral("stackatlas"))
                                       .value(kRecentKey)
                                       .toStringList();
        for (const QString &path : recent)
            recentMenu->addAction(path, recentMenu, [path, openWindow] { openWindow(path); });
        if (recent.isEmpty())
            recentMenu->addAction(QObject::tr("(none yet)"))->setEnabled(false);
    });
    auto *compare = new QAction(QObject::tr("&Compare with Snapshot…"), &window);
    compare->setShortcut(QKeySequence(QStringLiteral("Ctrl+D"))); // D for diff
    QObject::connect(compare, &QAction::triggered, &window, [&window, &session] {
        const QString path =
            QFileDialog::getOpenFileName(&window, QObject::tr("Compare with Snapshot"), QString(), filter());
        if (path.isEmpty())
            return;
        CompareDialog dialog(session.store(), path, &window);
        dialog.exec();
    });
    auto *report = new QAction(QObject::tr("Export &Report…"), &window);
    report->setShortcut(QKeySequence(QStringLiteral("Ctrl+P")));
    QObject::connect(report, &QAction::triggered, &window,
                     [&window, &session] { exportReportAction(window, session); });
    for (QAction *a : {save, open})
        window.addFileAction(a);
    window.addFileMenu(recentMenu);
    for (QAction *a : {compare, report})
        window.addFileAction(a);
    window.setDropHandler(openWindow);
    if (session.snapshot())
        window.setBanner(snapshotBanner(*session.snapshot()));
}

} // namespace stackatlas
