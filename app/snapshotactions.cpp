// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshotactions.h"

#include "datasources/cache/cache.h"
#include "datasources/cache/snapshot.h"
#include "datasources/cache/snapshotdiff.h"
#include "ui/mainwindow.h"
#include "ui/panes/charts/pricewarpane.h"
#include "ui/report/reportwriter.h"

#include <QAction>
#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcess>
#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QVBoxLayout>

#include <memory>

namespace stackatlas {

namespace {

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}
const QString kRecentKey = QStringLiteral("recentSnapshots");
const QString kFilter = QObject::tr("StackAtlas snapshots (*.stackatlas *.sqlite);;All files (*)");

void remember(const QString &path)
{
    QSettings settings(QStringLiteral("stackatlas"), QStringLiteral("stackatlas"));
    QStringList recent = settings.value(kRecentKey).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    settings.setValue(kRecentKey, recent.mid(0, 8));
}

// Checks the file first (a refusal is explained here), then opens it in a window of its own.
void openInNewWindow(QWidget *parent, const QString &path)
{
    QTemporaryDir check;
    const auto opened = openSnapshot(path.toStdString(), check.path().toStdString());
    if (!opened.isOk()) {
        QMessageBox::warning(parent, QObject::tr("Open Snapshot"), q(opened.status().message()));
        return;
    }
    remember(path);
    if (!QProcess::startDetached(QCoreApplication::applicationFilePath(),
                                 {QStringLiteral("--snapshot"), path}))
        QMessageBox::warning(parent, QObject::tr("Open Snapshot"),
                             QObject::tr("Could not start a new window."));
}

void compareDialog(QWidget *parent, Cache &cache, const QString &path)
{
    auto dir = std::make_shared<QTemporaryDir>();
    auto other =
        std::make_shared<Result<OpenedSnapshot>>(openSnapshot(path.toStdString(), dir->path().toStdString()));
    if (!other->isOk()) {
        QMessageBox::warning(parent, QObject::tr("Compare"), q(other->status().message()));
        return;
    }
    QDialog dialog(parent);
    dialog.setWindowTitle(QObject::tr("Compare: this window against %1").arg(QFileInfo(path).fileName()));
    dialog.resize(900, 600);
    auto *threshold = new QDoubleSpinBox(&dialog);
    threshold->setRange(0, 1000);
    threshold->setValue(5);
    threshold->setSuffix(QStringLiteral(" %"));
    threshold->setAccessibleName(QObject::tr("Threshold"));
    auto *text = new QPlainTextEdit(&dialog);
    text->setReadOnly(true);
    text->setLineWrapMode(QPlainTextEdit::NoWrap);
    text->setAccessibleName(QObject::tr("Differences"));
    auto *form = new QFormLayout;
    form->addRow(QObject::tr("Report value changes of at least:"), threshold);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addLayout(form);
    layout->addWidget(new QLabel(QObject::tr("Before: what this window shows. After: %1 (%2).")
                                     .arg(q(other->value().meta.title), q(other->value().meta.createdAt)),
                                 &dialog));
    layout->addWidget(text, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    layout->addWidget(buttons);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::accept);
    const auto refresh = [&] {
        const auto d = diffCaches(cache, *other->value().cache, threshold->value());
        text->setPlainText(d.isOk() ? q(diffToText(d.value())) : q(d.status().message()));
    };
    QObject::connect(threshold, &QDoubleSpinBox::valueChanged, &dialog, refresh);
    refresh();
    dialog.exec();
}

} // namespace

QString snapshotBanner(const SnapshotMeta &meta)
{
    return QObject::tr("Snapshot «%1» of %2 — read-only")
        .arg(meta.title.empty() ? QObject::tr("untitled") : q(meta.title), q(meta.createdAt));
}

void installSnapshotActions(MainWindow &window, Cache &cache, const SnapshotMeta *snapshot)
{
    auto *save = new QAction(QObject::tr("&Save Snapshot…"), &window);
    save->setShortcut(QKeySequence::Save);
    QObject::connect(save, &QAction::triggered, &window, [&window, &cache] {
        const QString path = QFileDialog::getSaveFileName(&window, QObject::tr("Save Snapshot"),
                                                          QStringLiteral("snapshot.stackatlas"), kFilter);
        if (path.isEmpty())
            return;
        bool ok = false;
        const QString title =
            QInputDialog::getText(&window, QObject::tr("Save Snapshot"), QObject::tr("Title:"),
                                  QLineEdit::Normal, QFileInfo(path).baseName(), &ok);
        if (!ok)
            return;
        const QString note = QInputDialog::getMultiLineText(&window, QObject::tr("Save Snapshot"),
                                                            QObject::tr("Note (optional):"), QString(), &ok);
        if (!ok)
            return;
        QElapsedTimer timer;
        timer.start();
        const Status s = saveSnapshot(cache, path.toStdString(), title.toStdString(), note.toStdString(),
                                      QCoreApplication::applicationVersion().toStdString());
        if (!s.isOk()) {
            QMessageBox::warning(&window, QObject::tr("Save Snapshot"), q(s.message()));
            return;
        }
        remember(path);
        window.statusBar()->showMessage(
            QObject::tr("Saved snapshot %1 in %2 ms").arg(QFileInfo(path).fileName()).arg(timer.elapsed()),
            10000);
    });
    auto *open = new QAction(QObject::tr("&Open Snapshot…"), &window);
    open->setShortcut(QKeySequence::Open);
    QObject::connect(open, &QAction::triggered, &window, [&window] {
        const QString path =
            QFileDialog::getOpenFileName(&window, QObject::tr("Open Snapshot"), QString(), kFilter);
        if (!path.isEmpty())
            openInNewWindow(&window, path);
    });
    auto *recentMenu = new QMenu(QObject::tr("Open &Recent"), &window);
    QObject::connect(recentMenu, &QMenu::aboutToShow, &window, [recentMenu, &window] {
        recentMenu->clear();
        const QStringList recent = QSettings(QStringLiteral("stackatlas"), QStringLiteral("stackatlas"))
                                       .value(kRecentKey)
                                       .toStringList();
        for (const QString &path : recent)
            recentMenu->addAction(path, &window, [path, &window] { openInNewWindow(&window, path); });
        if (recent.isEmpty())
            recentMenu->addAction(QObject::tr("(none yet)"))->setEnabled(false);
    });
    auto *compare = new QAction(QObject::tr("&Compare with Snapshot…"), &window);
    compare->setShortcut(QKeySequence(QStringLiteral("Ctrl+D"))); // D for diff
    QObject::connect(compare, &QAction::triggered, &window, [&window, &cache] {
        const QString path =
            QFileDialog::getOpenFileName(&window, QObject::tr("Compare with Snapshot"), QString(), kFilter);
        if (!path.isEmpty())
            compareDialog(&window, cache, path);
    });
    auto *report = new QAction(QObject::tr("Export &Report…"), &window);
    report->setShortcut(QKeySequence(QStringLiteral("Ctrl+P")));
    std::shared_ptr<SnapshotMeta> meta = snapshot ? std::make_shared<SnapshotMeta>(*snapshot) : nullptr;
    QObject::connect(report, &QAction::triggered, &window, [&window, &cache, meta] {
        const QString path = QFileDialog::getSaveFileName(&window, QObject::tr("Export Report"),
                                                          QStringLiteral("stackatlas-report.pdf"),
                                                          QObject::tr("PDF document (*.pdf)"));
        if (path.isEmpty())
            return;
        ReportOptions options;
        options.appVersion = QCoreApplication::applicationVersion();
        // The report's price war is the GPU on show in the pane.
        for (Pane *pane : window.panes())
            if (const auto *priceWar = qobject_cast<PriceWarPane *>(pane);
                priceWar && !priceWar->gpu().isEmpty())
                options.gpu = priceWar->gpu();
        QElapsedTimer timer;
        timer.start();
        const auto summary = writeReport(cache, meta.get(), path, options);
        if (!summary.isOk()) {
            QMessageBox::warning(&window, QObject::tr("Export Report"), q(summary.status().message()));
            return;
        }
        window.statusBar()->showMessage(QObject::tr("Wrote %1 (%2 pages) in %3 ms")
                                            .arg(QFileInfo(path).fileName())
                                            .arg(summary.value().pages)
                                            .arg(timer.elapsed()),
                                        10000);
    });
    for (QAction *a : {save, open})
        window.addFileAction(a);
    window.addFileMenu(recentMenu);
    for (QAction *a : {compare, report})
        window.addFileAction(a);
    window.setDropHandler([&window](const QString &path) { openInNewWindow(&window, path); });
    if (snapshot)
        window.setBanner(snapshotBanner(*snapshot));
}

} // namespace stackatlas
