// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/importactions.h"

#include "datasources/http/canceltoken.h"
#include "datasources/importers/csvimporter.h"
#include "models/domain/importprogress.h"
#include "models/item/activitymodel.h"
#include "models/session/appsession.h"
#include "models/store/datastore.h"
#include "ui/mainwindow.h"

#include <QAction>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QStatusBar>
#include <QToolButton>

#include <atomic>
#include <memory>

namespace stackatlas {

namespace {

constexpr qint64 kProgressEveryMs = 250;
const QString kSource = QStringLiteral("import");

// Shared by the GUI thread and the store's thread for the length of one import.
struct RunningImport
{
    CancelToken cancel;
    QElapsedTimer clock;
    std::atomic<qint64> lastShownMs{-kProgressEveryMs};
    CsvImportReport report; // written on the store's thread, read after `done`
};

// "imported 1200 values from 1250 data rows of prices.csv; 50 rows rejected, 3 replaced"
QString summary(const CsvImportReport &r, const QString &name)
{
    const long long rejected = static_cast<long long>(r.rejected.size()) + r.rejectedNotListed;
    QString text = QObject::tr("imported %1 values from %2 data rows of %3; %4 rows rejected")
                       .arg(r.written)
                       .arg(r.dataRows)
                       .arg(name)
                       .arg(rejected);
    if (r.replaced > 0)
        text += QObject::tr(", %1 stored values replaced (kept as revisions)").arg(r.replaced);
    if (r.unchanged > 0)
        text += QObject::tr(", %1 already stored as they are").arg(r.unchanged);
    return text;
}

// What was not imported is said in Activity, line by line for the first rows.
void reportLosses(ActivityModel &activity, const CsvImportReport &r, const QString &name)
{
    constexpr std::size_t kShown = 20;
    QStringList lines;
    for (std::size_t i = 0; i < r.rejected.size() && i < kShown; ++i)
        lines << QStringLiteral("%1:%2: %3")
                     .arg(name)
                     .arg(r.rejected[i].line)
                     .arg(QString::fromStdString(r.rejected[i].message));
    const long long more = static_cast<long long>(r.rejected.size()) + r.rejectedNotListed -
                           static_cast<long long>(lines.size());
    if (more > 0)
        lines << QObject::tr("%1 more rejected rows (stackatlas import-csv lists them all)").arg(more);
    if (!lines.isEmpty())
        activity.add(kSource, QStringLiteral("warning"), lines.join(QLatin1Char('\n')));
    for (const std::string &held : r.heldSuspects)
        activity.add(kSource, QStringLiteral("warning"),
                     QObject::tr("held back as a suspect (import with --accept-suspect to store): %1")
                         .arg(QString::fromStdString(held)));
}

// The status bar's line and Cancel button while the import runs; deleted when it ends.
QWidget *progressWidget(MainWindow &window, const std::shared_ptr<RunningImport> &running,
                        const QString &name, QProgressBar *&bar)
{
    auto *box = new QWidget(&window);
    auto *layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *label = new QLabel(QObject::tr("Importing %1").arg(name), box);
    bar = new QProgressBar(box);
    bar->setRange(0, 1000);
    bar->setMaximumWidth(160);
    auto *cancel = new QToolButton(box);
    cancel->setText(QObject::tr("Cancel Import"));
    cancel->setAccessibleName(QObject::tr("Cancel the import"));
    QObject::connect(cancel, &QToolButton::clicked, box, [running, cancel] {
        running->cancel.cancel();
        cancel->setEnabled(false);
    });
    layout->addWidget(label);
    layout->addWidget(bar);
    layout->addWidget(cancel);
    window.addStatusWidget(box);
    return box;
}

} // namespace

void importCsvInWindow(MainWindow &window, AppSession &session, const QString &path,
                       std::function<void(const Status &)> done)
{
    ActivityModel &activity = session.activity();
    const QString name = QFileInfo(path).fileName();
    if (activity.hasLive()) {
        const Status busy = Status::error(StatusCode::Refused, "an import is already running");
        window.statusBar()->showMessage(QObject::tr("An import is already running"), 10000);
        if (done)
            done(busy);
        return;
    }
    auto running = std::make_shared<RunningImport>();
    running->clock.start();
    QProgressBar *progressBar = nullptr;
    QPointer<QWidget> box = progressWidget(window, running, name, progressBar);
    QPointer<QProgressBar> bar = progressBar;
    const QString started = QObject::tr("reading %1…").arg(name);
    activity.setLive(kSource, QStringLiteral("import"), started);

    // Called on the store's thread after every batch; shown at most four times a second.
    QPointer<ActivityModel> model = &activity;
    ImportProgress progress = [running, model, bar, name](qint64 bytes, qint64 total, long long rows) {
        const qint64 ms = running->clock.elapsed();
        if (ms - running->lastShownMs.load() < kProgressEveryMs)
            return;
        running->lastShownMs = ms;
        const QString text =
            name + QStringLiteral(": ") +
            QString::fromStdString(describeImportProgress(bytes, total, rows, double(ms) / 1000));
        QMetaObject::invokeMethod(
            model.data(),
            [model, bar, text, done = total > 0 ? int(1000 * bytes / total) : -1] {
                if (model && model->hasLive())
                    model->setLive(kSource, QStringLiteral("import"), text);
                if (bar) {
                    bar->setToolTip(text);
                    if (done < 0)
                        bar->setRange(0, 0); // a pipe: no size, so busy rather than a percentage
                    else
                        bar->setValue(done);
                }
            },
            Qt::QueuedConnection);
    };
    auto job = [running, path, progress](Cache &cache) -> Status {
        auto imported = importCsvFile(cache, path, false, progress, &running->cancel);
        if (!imported.isOk())
            return imported.status();
        running->report = std::move(imported).value();
        return Status::ok();
    };
    auto finish = [&window, model, box, running, name, done,
                   owner = QPointer<AppSession>(&session)](const Status &s) {
        delete box.data();
        if (!model)
            return;
        model->clearLive();
        if (s.isOk()) {
            model->add(kSource, QStringLiteral("import"), summary(running->report, name));
            reportLosses(*model, running->report, name);
            window.statusBar()->showMessage(summary(running->report, name), 30000);
            if (owner)
                owner->checkAlerts(); // evaluated after every import, as after every refresh
        } else if (s.code() == StatusCode::Cancelled) {
            model->add(kSource, QStringLiteral("warning"),
                       name + QStringLiteral(": ") + QString::fromStdString(s.message()));
            window.statusBar()->showMessage(QObject::tr("Import of %1 cancelled: nothing was kept").arg(name),
                                            30000);
        } else {
            model->add(kSource, QStringLiteral("error"), QString::fromStdString(s.message()));
            // Not modal: the message stays in Activity, where every failed run is listed.
            window.statusBar()->showMessage(
                QObject::tr("Import failed: %1").arg(QString::fromStdString(s.message())), 30000);
        }
        if (done)
            done(s);
    };
    session.store().edit(&window, DataChange::Points | DataChange::Runs, std::move(job), std::move(finish));
}

void installImportActions(MainWindow &window, AppSession &session)
{
    auto *action = new QAction(QObject::tr("&Import CSV…"), &window);
    action->setShortcut(QKeySequence(QStringLiteral("Ctrl+I")));
    action->setEnabled(!session.isSnapshot()); // a snapshot is read-only
    QObject::connect(action, &QAction::triggered, &window, [&window, &session] {
        const QString path =
            QFileDialog::getOpenFileName(&window, QObject::tr("Import CSV"), QString(),
                                         QObject::tr("Long-format CSV (*.csv);;All files (*)"));
        if (!path.isEmpty())
            importCsvInWindow(window, session, path);
    });
    window.addFileAction(action);
}

} // namespace stackatlas
