// SPDX-License-Identifier: GPL-3.0-or-later
// Every control a keyboard or a screen reader can reach has a name a screen reader reads out: on
// each pane (built on the shipped default data), in the Settings dialog and in the events dialog.
// The name is what Qt's accessibility layer reports (a button's text, a field's buddy label, or
// an explicit accessible name), so the test sees what an assistive tool sees.
#include "models/item/appsettings.h"
#include "models/session/appsession.h"
#include "models/store/datastore.h"
#include "support/clirun.h"
#include "support/warnings.h"
#include "ui/appwindow.h"
#include "ui/dialogs/alertruledialog.h"
#include "ui/dialogs/eventsdialog.h"
#include "ui/dialogs/settingsdialog.h"
#include "ui/mainwindow.h"
#include "ui/pane.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QGraphicsView>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>

using namespace stackatlas;

namespace {

// The controls of `root` that take keyboard focus and have no accessible name.
QStringList unnamedControls(QWidget &root)
{
    QStringList out;
    for (QWidget *w : root.findChildren<QWidget *>()) {
        const bool control = qobject_cast<QAbstractButton *>(w) || qobject_cast<QComboBox *>(w) ||
                             qobject_cast<QLineEdit *>(w) || qobject_cast<QAbstractSpinBox *>(w) ||
                             qobject_cast<QAbstractItemView *>(w) || qobject_cast<QTextEdit *>(w) ||
                             qobject_cast<QGraphicsView *>(w);
        if (!control || w->focusPolicy() == Qt::NoFocus || !w->isVisibleTo(&root))
            continue;
        // A combo box's line edit and a spin box's are parts of it, named through it.
        if (qobject_cast<QLineEdit *>(w) && (qobject_cast<QComboBox *>(w->parentWidget()) ||
                                             qobject_cast<QAbstractSpinBox *>(w->parentWidget())))
            continue;
        QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(w);
        const QString name = iface ? iface->text(QAccessible::Name).trimmed() : QString();
        if (name.isEmpty())
            out << QStringLiteral("%1 %2 (%3)")
                       .arg(QString::fromLatin1(w->metaObject()->className()), w->objectName(),
                            w->parentWidget()
                                ? QString::fromLatin1(w->parentWidget()->metaObject()->className())
                                : QString());
    }
    return out;
}

} // namespace

class tst_Accessibility : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void panesNameTheirControls();
    void dialogsNameTheirControls();

private:
    void openSession();
    QTemporaryDir m_dir;
    std::unique_ptr<AppSession> m_session;
};

void tst_Accessibility::init()
{
    test::failOnUnexpectedWarnings();
    if (!m_session)
        openSession();
}

void tst_Accessibility::openSession()
{
    const QString copy = m_dir.filePath(QStringLiteral("cache.sqlite"));
    if (!QFile::exists(copy))
        QVERIFY(test::privateCopy(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE), copy));
    AppSession::Options options;
    options.cachePath = copy;
    options.useKeyring = false;
    auto session = AppSession::open(options);
    QVERIFY2(session.isOk(), session.status().message().c_str());
    m_session = std::move(session).value();
    QVERIFY(m_session->waitUntilIdle());
}

void tst_Accessibility::panesNameTheirControls()
{
    // The window the app builds, every pane in it, on the shipped data.
    QPointer<MainWindow> window = buildMainWindow(std::move(m_session));
    window->resize(1400, 900);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QVERIFY(sessionOf(window)->waitUntilIdle());
    QStringList unnamed; // every pane's, so one run lists them all
    for (Pane *pane : window->panes()) {
        QVERIFY(window->showPane(pane->paneId()));
        QVERIFY(sessionOf(window)->waitUntilIdle());
        for (const QString &control : unnamedControls(*pane))
            unnamed << pane->paneId() + QStringLiteral(": ") + control;
    }
    // the window around them: navigation, toolbar, banner
    for (const QString &control : unnamedControls(*window))
        unnamed << QStringLiteral("window: ") + control;
    unnamed.removeDuplicates();
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral("; "))));
    delete window; // and its session
}

void tst_Accessibility::dialogsNameTheirControls()
{
    SettingsDialog settings(AppSettings{},
                            {{QStringLiteral("h100-80gb"), QStringLiteral("NVIDIA H100 80GB")}}, true);
    settings.show();
    QVERIFY(QTest::qWaitForWindowExposed(&settings));
    if (const QByteArray dir = qgetenv("STACKATLAS_SCREENSHOT_DIR"); !dir.isEmpty())
        settings.grab().save(QString::fromLocal8Bit(dir) + QStringLiteral("/settings.png"));
    QStringList unnamed = unnamedControls(settings);
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral("; "))));
    EventsDialog events(m_session->store());
    events.show();
    QVERIFY(QTest::qWaitForWindowExposed(&events));
    unnamed = unnamedControls(events);
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral("; "))));
    // Each kind of watch rule shows other fields: every field of every kind has a name.
    for (AlertKind kind : {AlertKind::Index, AlertKind::Metric, AlertKind::Change, AlertKind::Ratio,
                           AlertKind::Stale, AlertKind::ClassMedian}) {
        AlertRule rule;
        rule.kind = kind;
        AlertRuleDialog alert(rule);
        alert.show();
        QVERIFY(QTest::qWaitForWindowExposed(&alert));
        if (const QByteArray dir = qgetenv("STACKATLAS_SCREENSHOT_DIR"); !dir.isEmpty())
            alert.grab().save(
                QString::fromLocal8Bit(dir) +
                QStringLiteral("/alert-rule-%1.png").arg(QString::fromUtf8(alertKindName(kind).data())));
        unnamed = unnamedControls(alert);
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral("; "))));
    }
}

QTEST_MAIN(tst_Accessibility)
#include "tst_accessibility.moc"
