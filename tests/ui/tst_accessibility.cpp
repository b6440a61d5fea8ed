// SPDX-License-Identifier: GPL-3.0-or-later
// Every control a keyboard or a screen reader can reach has a name a screen reader reads out: on
// each pane (built on the shipped default data), in the Settings dialog and in the events dialog.
// The name is what Qt's accessibility layer reports (a button's text, a field's buddy label, or
// an explicit accessible name), so the test sees what an assistive tool sees.
#include "app/appsettings.h"
#include "app/settingsdialog.h"
#include "datasources/cache/cache.h"
#include "models/item/activitymodel.h"
#include "models/item/layermapmodel.h"
#include "models/item/protocolsmodel.h"
#include "models/item/sourcesmodel.h"
#include "ui/mainwindow.h"
#include "ui/panes/activity/activitypane.h"
#include "ui/panes/charts/eventsdialog.h"
#include "ui/panes/charts/pricewarpane.h"
#include "ui/panes/charts/usagepane.h"
#include "ui/panes/charts/valuationpane.h"
#include "ui/panes/depgraph/dependencygraphpane.h"
#include "ui/panes/layermap/layermappane.h"
#include "ui/panes/protocols/protocolspane.h"
#include "ui/panes/sources/sourcespane.h"

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
    void initTestCase();
    void panesNameTheirControls();
    void dialogsNameTheirControls();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Cache> m_cache;
};

void tst_Accessibility::initTestCase()
{
    const QString copy = m_dir.filePath(QStringLiteral("cache.sqlite"));
    QVERIFY(QFile::copy(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE), copy));
    QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
    auto c = Cache::open(copy.toStdString());
    QVERIFY2(c.isOk(), c.status().message().c_str());
    m_cache = std::move(c.value());
}

void tst_Accessibility::panesNameTheirControls()
{
    const Taxonomy taxonomy = m_cache->taxonomy().value();
    LayerMapModel layerMap;
    layerMap.reload(*m_cache);
    ProtocolsModel protocols;
    QVERIFY(protocols.reload(*m_cache).isOk());
    SourcesModel sources({"coingecko", "defillama", "akash", "vastai"});
    sources.reload(*m_cache);
    ActivityModel activity;
    activity.reload(*m_cache);
    std::vector<std::unique_ptr<Pane>> panes;
    panes.emplace_back(new LayerMapPane(&layerMap));
    panes.emplace_back(new DependencyGraphPane(*m_cache));
    panes.emplace_back(new ProtocolsPane(&protocols, taxonomy));
    panes.emplace_back(new PriceWarPane(*m_cache));
    panes.emplace_back(new ValuationPane(*m_cache));
    panes.emplace_back(new UsagePane(*m_cache));
    panes.emplace_back(new SourcesPane(&sources));
    panes.emplace_back(new ActivityPane(&activity));
    QStringList unnamed; // every pane's, so one run lists them all
    for (const auto &pane : panes) {
        pane->resize(1400, 900);
        pane->show();
        QVERIFY(QTest::qWaitForWindowExposed(pane.get()));
        for (const QString &control : unnamedControls(*pane))
            unnamed << pane->paneId() + QStringLiteral(": ") + control;
    }
    // the window around them: navigation, toolbar, banner
    MainWindow window;
    window.addPane(new SourcesPane(&sources));
    window.addMainAction(new QAction(QStringLiteral("Refresh"), &window));
    window.resize(1000, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    for (const QString &control : unnamedControls(window))
        unnamed << QStringLiteral("window: ") + control;
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral("; "))));
}

void tst_Accessibility::dialogsNameTheirControls()
{
    SettingsDialog settings(AppSettings{},
                            {{QStringLiteral("h100-80gb"), QStringLiteral("NVIDIA H100 80GB")}}, true);
    settings.show();
    QVERIFY(QTest::qWaitForWindowExposed(&settings));
    QStringList unnamed = unnamedControls(settings);
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral("; "))));
    EventsDialog events(*m_cache);
    events.show();
    QVERIFY(QTest::qWaitForWindowExposed(&events));
    unnamed = unnamedControls(events);
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral("; "))));
}

QTEST_MAIN(tst_Accessibility)
#include "tst_accessibility.moc"
