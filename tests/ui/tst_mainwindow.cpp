// SPDX-License-Identifier: GPL-3.0-or-later
// The main window and the Protocols pane, offscreen.
#include "datasources/taxonomy/taxonomyloader.h"
#include "models/item/protocolsmodel.h"
#include "models/item/protocolsproxymodel.h"
#include "support/warnings.h"
#include "ui/mainwindow.h"
#include "ui/panes/protocols/protocolspane.h"

#include <QAction>
#include <QComboBox>
#include <QDropEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QMimeData>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QUrl>
#include <algorithm>

using namespace stackatlas;

class tst_MainWindow : public QObject
{
    Q_OBJECT

private slots:
    void init() { stackatlas::test::failOnUnexpectedWarnings(); }
    void hostsProtocolsPane();
    void filtersFollowTheControls();
    void statusBarNamesCacheAndFreshness();
    void snapshotBannerAndDrops();
    void everyPaneHasAShortcut();
};

void tst_MainWindow::hostsProtocolsPane()
{
    const Taxonomy taxonomy = embeddedTaxonomy().value();
    ProtocolsModel model;
    model.setContents(taxonomy, {});
    MainWindow window;
    auto *pane = new ProtocolsPane(&model, taxonomy);
    window.addPane(pane);
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.currentPane(), pane);
    QVERIFY(window.showPane(QStringLiteral("protocols")));
    QVERIFY(!window.showPane(QStringLiteral("nope")));
    auto *nav = window.findChild<QListWidget *>();
    QCOMPARE(nav->count(), 1);
    QCOMPARE(nav->item(0)->text(), QStringLiteral("Protocols"));
    QCOMPARE(pane->view()->model()->rowCount(),
             int(std::count_if(taxonomy.entities.begin(), taxonomy.entities.end(),
                               [](const Entity &e) { return e.kind != EntityKind::Benchmark; })));
    // sorted by layer: infrastructure first, providers last
    QCOMPARE(pane->view()->model()->index(0, ProtocolsModel::LayerColumn).data().toString(),
             QStringLiteral("Infrastructure"));
    const QPixmap shot = window.grab();
    QCOMPARE(shot.size(), QSize(1280, 800));
}

void tst_MainWindow::filtersFollowTheControls()
{
    const Taxonomy taxonomy = embeddedTaxonomy().value();
    ProtocolsModel model;
    model.setContents(taxonomy, {});
    ProtocolsPane pane(&model, taxonomy);
    QComboBox *layer = pane.layerFilter();
    QCOMPARE(layer->count(), 6); // all, four layers top-down, providers
    auto *notice = pane.findChild<QLabel *>(QStringLiteral("notice"));
    QVERIFY(notice && notice->isHidden());
    pane.setNotice(QStringLiteral("Showing the sample data"));
    QVERIFY(!notice->isHidden());
    pane.setNotice({});
    QVERIFY(notice->isHidden());
    QCOMPARE(layer->itemText(1), QStringLiteral("Application"));
    layer->setCurrentIndex(1);
    QCOMPARE(pane.proxy()->rowCount(), 4); // GOAT, AIXBT, Griffain, Buzz
    QTest::keyClicks(pane.searchField(), QStringLiteral("grif"));
    QCOMPARE(pane.proxy()->rowCount(), 1);
    auto *count = pane.findChild<QLabel *>(QStringLiteral("rowCount"));
    QVERIFY(count);
    QCOMPARE(count->text(), QStringLiteral("1 of %1").arg(int(std::count_if(
                                taxonomy.entities.begin(), taxonomy.entities.end(),
                                [](const Entity &e) { return e.kind != EntityKind::Benchmark; }))));
    layer->setCurrentIndex(layer->count() - 1);
    QCOMPARE(pane.proxy()->rowCount(), 0);
}

void tst_MainWindow::statusBarNamesCacheAndFreshness()
{
    MainWindow window;
    window.setCacheStatus(QStringLiteral("Cache: /tmp/x.sqlite"),
                          QStringLiteral("Newest data as of 2025-06-05 07:22 UTC"));
    QStringList texts;
    for (auto *label : window.statusBar()->findChildren<QLabel *>())
        texts << label->text();
    QVERIFY(texts.contains(QStringLiteral("Cache: /tmp/x.sqlite")));
    QVERIFY(texts.contains(QStringLiteral("Newest data as of 2025-06-05 07:22 UTC")));
}

void tst_MainWindow::snapshotBannerAndDrops()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.bannerText().isEmpty());
    window.setBanner(QStringLiteral("Snapshot «Week 48» of 2026-11-29 — read-only"));
    QCOMPARE(window.bannerText(), QStringLiteral("Snapshot «Week 48» of 2026-11-29 — read-only"));
    bool shown = false;
    for (QLabel *l : window.findChildren<QLabel *>())
        shown = shown || (l->text() == window.bannerText() && l->isVisible());
    QVERIFY(shown);
    // a file dropped on the window goes to the handler (which opens it as a snapshot)
    QStringList dropped;
    window.setDropHandler([&](const QString &path) { dropped << path; });
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(QStringLiteral("/tmp/week48.stackatlas"))});
    // (Qt delivers a drop only to the widget that accepted the drag's enter)
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(window.centralWidget(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(window.centralWidget(), &drop);
    QCOMPARE(dropped, QStringList{QStringLiteral("/tmp/week48.stackatlas")});
    window.setBanner({});
    for (QLabel *l : window.findChildren<QLabel *>())
        QVERIFY(!(l->isVisible() && l->text().startsWith(QStringLiteral("Snapshot"))));
}

void tst_MainWindow::everyPaneHasAShortcut()
{
    const Taxonomy taxonomy = embeddedTaxonomy().value();
    ProtocolsModel model;
    model.setContents(taxonomy, {});
    MainWindow window;
    window.addPane(new ProtocolsPane(&model, taxonomy));
    window.addPane(new ProtocolsPane(&model, taxonomy)); // a second pane: Ctrl+2
    auto *refresh = new QAction(QStringLiteral("&Refresh"), &window);
    refresh->setShortcut(QKeySequence(QStringLiteral("F5")));
    window.addMainAction(refresh);
    QStringList keys;
    for (QAction *a : window.shortcutActions())
        keys << a->shortcut().toString();
    QVERIFY2(keys.contains(QStringLiteral("Ctrl+1")), qPrintable(keys.join(QLatin1Char(' '))));
    QVERIFY(keys.contains(QStringLiteral("Ctrl+2")));
    QVERIFY(keys.contains(QStringLiteral("F5")));
    QVERIFY(keys.contains(QStringLiteral("Ctrl+Q")));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.showPane(QStringLiteral("protocols"));
    for (QAction *a : window.shortcutActions())
        if (a->shortcut().toString() == QLatin1String("Ctrl+2"))
            a->trigger();
    QVERIFY(window.currentPane() != nullptr);
    // Help > Keyboard Shortcuts lists the window's actions and the keys panes handle themselves
    QString listed;
    QTimer::singleShot(0, &window, [&listed] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        listed = box->text();
        if (const QString shots = qEnvironmentVariable("STACKATLAS_SCREENSHOT_DIR"); !shots.isEmpty())
            box->grab().save(shots + QStringLiteral("/keyboard-shortcuts.png"));
        box->accept();
    });
    window.showShortcuts();
    for (const char *text : {"Show Protocols", "Ctrl+2", "Refresh", "F5", "Inside panes", "fit the graph"})
        QVERIFY2(listed.contains(QLatin1String(text)), text);
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
