// SPDX-License-Identifier: GPL-3.0-or-later
// The Alerts pane over a store on the shipped default data: rules with how they stand now, firings
// newest first, switching a rule off and removing one (each undone), a refused rule saying why
// and leaving nothing to undo, a firing that leads to the pane and date where it happened, and a
// snapshot's rules shown read-only. Evaluation through the session: new firings go to Activity
// and to alertsFired, once.
#include "datasources/cache/cachelocation.h"
#include "models/alerts/alertcheck.h"
#include "models/item/activitymodel.h"
#include "models/item/alertsmodels.h"
#include "models/session/appsession.h"
#include "models/store/datastore.h"
#include "support/appwindowtest.h"
#include "support/cacheinspect.h"
#include "support/storetest.h"
#include "support/warnings.h"
#include "ui/panes/alerts/alertspane.h"
#include "ui/panes/charts/pricewarpane.h"

#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace stackatlas;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

AlertRule indexRule()
{
    AlertRule r;
    r.name = "h100-parity";
    r.kind = AlertKind::Index;
    r.target = "h100-80gb";
    r.threshold = 0.65;
    r.severity = AlertSeverity::Critical;
    r.note = "the thesis";
    return r;
}

AlertRule ratioRule()
{
    AlertRule r;
    r.name = "tao-overhang";
    r.kind = AlertKind::Ratio;
    r.target = "bittensor";
    r.metric = "fdv_usd";
    r.metric2 = "market_cap_usd";
    r.comparison = AlertComparison::Above;
    r.threshold = 2;
    return r;
}

QString cell(const QAbstractItemModel *m, int row, int column)
{
    return m->index(row, column).data().toString();
}

} // namespace

class tst_AlertsPane : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void showsRulesAndFiringsNewestFirst();
    void switchAndRemoveAreUndoable();
    void refusedRuleSaysWhyAndLeavesNothingToUndo();
    void firingLeadsToWhereItHappened();
    void windowOpensTheFiringsPaneAndDate();
    void snapshotRulesAreReadOnly();
    void sessionEvaluatesOnceAndTellsActivity();

private:
    // The default data with two rules whose firings are recorded.
    void seedRules(bool record);
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_cache;
};

void tst_AlertsPane::init()
{
    test::failOnUnexpectedWarnings();
    m_dir = std::make_unique<QTemporaryDir>();
    m_cache = m_dir->filePath(s("cache.sqlite"));
    QVERIFY(QFile::copy(s(STACKATLAS_DEFAULT_DATA_FILE), m_cache));
    QFile(m_cache).setPermissions(QFile::ReadOwner | QFile::WriteOwner);
}

void tst_AlertsPane::seedRules(bool record)
{
    auto cache = openUserCache(m_cache);
    QVERIFY(cache.isOk());
    QVERIFY(cache.value()->addAlertRule(indexRule()).isOk());
    QVERIFY(cache.value()->addAlertRule(ratioRule()).isOk());
    if (record)
        QVERIFY(runAlertRound(*cache.value(), cache.value()->taxonomy().value(), true).isOk());
}

void tst_AlertsPane::showsRulesAndFiringsNewestFirst()
{
    seedRules(true);
    auto store = test::openStore(m_cache);
    AlertsPane pane(*store);
    pane.activate();
    QVERIFY(test::settle(*store));
    const QAbstractItemModel *rules = pane.rulesView()->model();
    QCOMPARE(rules->rowCount(), 2);
    QCOMPARE(cell(rules, 0, AlertRulesModel::NameColumn), s("h100-parity"));
    QCOMPARE(rules->index(0, AlertRulesModel::EnabledColumn).data(Qt::CheckStateRole).toInt(),
             int(Qt::Checked));
    QVERIFY2(cell(rules, 0, AlertRulesModel::StateColumn).startsWith(s("firing since 2026-07-05: 0.627")),
             qPrintable(cell(rules, 0, AlertRulesModel::StateColumn)));
    QCOMPARE(cell(rules, 0, AlertRulesModel::NoteColumn), s("the thesis"));
    const QAbstractItemModel *firings = pane.firingsView()->model();
    QCOMPARE(firings->rowCount(), 2);
    QCOMPARE(cell(firings, 0, AlertFiringsModel::RuleColumn), s("h100-parity"));  // 2026-07-05
    QCOMPARE(cell(firings, 1, AlertFiringsModel::RuleColumn), s("tao-overhang")); // 2026-03-13
    QCOMPARE(cell(firings, 1, AlertFiringsModel::CrossedColumn), s("2026-03-13"));
    QCOMPARE(cell(firings, 1, AlertFiringsModel::ValueColumn), s("2.188"));
    QCOMPARE(cell(firings, 1, AlertFiringsModel::SourceColumn), s("coingecko"));
}

void tst_AlertsPane::switchAndRemoveAreUndoable()
{
    seedRules(false);
    auto store = test::openStore(m_cache);
    AlertsPane pane(*store);
    pane.activate();
    QVERIFY(test::settle(*store));
    QAbstractItemModel *rules = pane.rulesView()->model();
    // The check box: the edit goes through the store; the model follows when it is made.
    QVERIFY(
        !rules->setData(rules->index(1, AlertRulesModel::EnabledColumn), Qt::Unchecked, Qt::CheckStateRole));
    QVERIFY(test::settle(*store));
    QCOMPARE(test::sqlScalar(m_cache, "SELECT enabled FROM alert_rules WHERE name = 'tao-overhang'"), s("0"));
    QCOMPARE(cell(rules, 1, AlertRulesModel::StateColumn), s("off"));
    pane.undoStack()->undo();
    QVERIFY(test::settle(*store));
    QCOMPARE(test::sqlScalar(m_cache, "SELECT enabled FROM alert_rules WHERE name = 'tao-overhang'"), s("1"));

    const QString before = test::sqlScalar(
        m_cache,
        "SELECT name || kind || target || threshold || severity || note FROM alert_rules WHERE id = 1");
    pane.removeRule(indexRule());
    QVERIFY(test::settle(*store));
    QCOMPARE(rules->rowCount(), 1);
    pane.undoStack()->undo();
    QVERIFY(test::settle(*store));
    QCOMPARE(rules->rowCount(), 2);
    QCOMPARE(test::sqlScalar(m_cache, "SELECT name || kind || target || threshold || severity || note FROM "
                                      "alert_rules WHERE name = 'h100-parity'"),
             before);
    pane.undoStack()->redo();
    QVERIFY(test::settle(*store));
    QCOMPARE(rules->rowCount(), 1);
}

void tst_AlertsPane::refusedRuleSaysWhyAndLeavesNothingToUndo()
{
    auto store = test::openStore(m_cache);
    AlertsPane pane(*store);
    pane.activate();
    QVERIFY(test::settle(*store));
    AlertRule bad = ratioRule();
    bad.target = "no-such-protocol";
    pane.addRule(bad);
    QVERIFY(test::settle(*store));
    QCOMPARE(pane.undoStack()->count(), 0);
    QCOMPARE(pane.rulesView()->model()->rowCount(), 0);
    bool said = false;
    for (QLabel *label : pane.findChildren<QLabel *>())
        said = said || label->text().contains(s("unknown entity \"no-such-protocol\""));
    QVERIFY(said);
    pane.addRule(ratioRule());
    QVERIFY(test::settle(*store));
    QCOMPARE(pane.undoStack()->count(), 1);
    QCOMPARE(pane.rulesView()->model()->rowCount(), 1);
}

void tst_AlertsPane::firingLeadsToWhereItHappened()
{
    seedRules(true);
    auto store = test::openStore(m_cache);
    AlertsPane pane(*store);
    pane.activate();
    QVERIFY(test::settle(*store));
    QSignalSpy goTo(&pane, &AlertsPane::goTo);
    emit pane.firingsView()->activated(pane.firingsView()->model()->index(0, 0));
    QCOMPARE(goTo.size(), 1);
    QCOMPARE(goTo[0][0].toString(), s("price-war"));
    QCOMPARE(goTo[0][1].toLongLong(), qint64(1783209600)); // 2026-07-05
    QCOMPARE(goTo[0][2].toString(), s("h100-80gb"));
    emit pane.firingsView()->activated(pane.firingsView()->model()->index(1, 0));
    QCOMPARE(goTo[1][0].toString(), s("valuation"));
}

void tst_AlertsPane::windowOpensTheFiringsPaneAndDate()
{
    seedRules(true);
    AppSession::Options options;
    options.cachePath = m_cache;
    std::unique_ptr<MainWindow> window(test::openAppWindow(options));
    QVERIFY(window);
    for (Pane *p : window->panes()) {
        if (auto *priceWar = qobject_cast<PriceWarPane *>(p))
            priceWar->setGpu(s("a100-80gb")); // elsewhere, so that following the firing is seen
    }
    QVERIFY(window->showPane(s("alerts")));
    auto *pane = qobject_cast<AlertsPane *>(window->currentPane());
    QVERIFY(pane);
    AppSession *session = sessionOf(window.get());
    pane->activate(); // the window is not on screen: nothing shows the pane
    QVERIFY(session->waitUntilIdle());
    QCOMPARE(pane->firingsView()->model()->rowCount(), 2);
    emit pane->firingsView()->activated(pane->firingsView()->model()->index(0, 0));
    QVERIFY(session->waitUntilIdle());
    QCOMPARE(window->currentPane()->paneId(), s("price-war"));
    QCOMPARE(*session->store().asOf().at, UnixSeconds(1783209600)); // 2026-07-05, the day it crossed
    QCOMPARE(qobject_cast<PriceWarPane *>(window->currentPane())->gpu(), s("h100-80gb"));
}

void tst_AlertsPane::snapshotRulesAreReadOnly()
{
    seedRules(false);
    auto store = test::openStore(m_cache, DataStore::Mode::ReadOnly);
    AlertsPane pane(*store);
    pane.activate();
    QVERIFY(test::settle(*store));
    QCOMPARE(pane.rulesView()->model()->rowCount(), 2);
    QVERIFY(!(pane.rulesView()->model()->flags(pane.rulesView()->model()->index(0, 0)) &
              Qt::ItemIsUserCheckable));
    for (QPushButton *b : pane.findChildren<QPushButton *>())
        QCOMPARE(b->isEnabled(), b->text() == s("&Check now"));
    // Judged all the same: the state column reads the snapshot's data.
    QVERIFY(cell(pane.rulesView()->model(), 1, AlertRulesModel::StateColumn).startsWith(s("firing since")));
}

void tst_AlertsPane::sessionEvaluatesOnceAndTellsActivity()
{
    seedRules(false);
    AppSession::Options options;
    options.cachePath = m_cache;
    options.useKeyring = false;
    options.settings.notifyAlerts = false;
    auto session = AppSession::open(options);
    QVERIFY(session.isOk());
    AppSession &sess = *session.value();
    QSignalSpy fired(&sess, &AppSession::alertsFired);
    sess.checkAlerts();
    QVERIFY(sess.waitUntilIdle());
    QCOMPARE(fired.size(), 1);
    const QStringList lines = fired[0][0].toStringList();
    QCOMPARE(lines.size(), 2);
    QVERIFY2(lines[0].startsWith(s("h100-parity (price advantage index of h100-80gb below 0.65")),
             qPrintable(lines[0]));
    QVERIFY(!fired[0][1].toBool()); // the setting is off: not shown on the desktop
    int alertRows = 0;
    for (int row = 0; row < sess.activity().rowCount(); ++row)
        alertRows += sess.activity().index(row, ActivityModel::SourceColumn).data().toString() == s("alerts");
    QCOMPARE(alertRows, 2);
    sess.checkAlerts(); // nothing new: nothing said
    QVERIFY(sess.waitUntilIdle());
    QCOMPARE(fired.size(), 1);
    QCOMPARE(test::sqlScalar(m_cache, "SELECT count(*) FROM alert_firings"), s("2"));
}

QTEST_MAIN(tst_AlertsPane)
#include "tst_alertspane.moc"
