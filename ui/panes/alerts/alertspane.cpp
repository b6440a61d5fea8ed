// SPDX-License-Identifier: GPL-3.0-or-later
#include "alertspane.h"

#include "models/item/alertsmodels.h"
#include "models/store/datastore.h"
#include "ui/dialogs/alertruledialog.h"
#include "ui/mirroredcommand.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QUndoCommand>
#include <QUndoStack>
#include <QVBoxLayout>

namespace stackatlas {

namespace {

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

// One rule edit through the store: `remove` and/or `add` (a change is both, by the old name).
void applyRuleEdit(AlertsPane *pane, DataStore &store, const std::optional<AlertRule> &remove,
                   const std::optional<AlertRule> &add, DataStore::Done done)
{
    if (remove && add)
        store.updateAlertRule(pane, remove->name, *add, std::move(done));
    else if (add)
        store.addAlertRule(pane, *add, std::move(done));
    else if (remove)
        store.removeAlertRule(pane, remove->name, std::move(done));
}

// Made first, pushed once made: a refused edit says why (`said`) and leaves nothing to undo.
void pushWhenMade(AlertsPane *pane, DataStore &store, QUndoStack *undo, std::optional<AlertRule> before,
                  std::optional<AlertRule> after, const QString &text,
                  std::function<void(const Status &)> said)
{
    DataStore *storePtr = &store;
    applyRuleEdit(pane, store, before, after, [=](const Status &s) {
        said(s);
        if (!s.isOk())
            return;
        const auto apply = [pane, storePtr](const std::optional<AlertRule> &r,
                                            const std::optional<AlertRule> &a) {
            applyRuleEdit(pane, *storePtr, r, a, [](const Status &) {});
        };
        undo->push(new MirroredEditCommand<AlertRule>(apply, before, after, text));
    });
}

QTableView *table(QAbstractItemModel *model, const QString &name)
{
    auto *view = new QTableView;
    view->setModel(model);
    view->setAccessibleName(name);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setWordWrap(false);
    return view;
}

} // namespace

AlertsPane::AlertsPane(DataStore &store, QWidget *parent)
    : Pane(parent), m_store(store), m_rulesModel(new AlertRulesModel(this)),
      m_firingsModel(new AlertFiringsModel(this)), m_rules(table(m_rulesModel, tr("Watch rules"))),
      m_firings(table(m_firingsModel, tr("Firings"))), m_status(new QLabel), m_undo(new QUndoStack(this)),
      m_add(new QPushButton(tr("&Add…"))), m_edit(new QPushButton(tr("&Edit…"))),
      m_remove(new QPushButton(tr("&Remove"))), m_check(new QPushButton(tr("&Check now")))
{
    const bool readOnly = store.isReadOnly();
    m_rulesModel->setReadOnly(readOnly);
    auto *undoButton = new QPushButton(tr("Undo"));
    auto *redoButton = new QPushButton(tr("Redo"));
    undoButton->setEnabled(false);
    redoButton->setEnabled(false);
    connect(m_undo, &QUndoStack::canUndoChanged, undoButton, &QPushButton::setEnabled);
    connect(m_undo, &QUndoStack::canRedoChanged, redoButton, &QPushButton::setEnabled);
    connect(undoButton, &QPushButton::clicked, m_undo, &QUndoStack::undo);
    connect(redoButton, &QPushButton::clicked, m_undo, &QUndoStack::redo);
    addUndoShortcuts(this, m_undo);

    auto *buttons = new QHBoxLayout;
    for (QPushButton *b : {m_add, m_edit, m_remove, undoButton, redoButton}) {
        b->setEnabled(b->isEnabled() && !readOnly);
        buttons->addWidget(b);
    }
    buttons->addStretch();
    buttons->addWidget(m_check);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *firingsBox = new QWidget;
    auto *firingsLayout = new QVBoxLayout(firingsBox);
    firingsLayout->setContentsMargins(0, 0, 0, 0);
    firingsLayout->addWidget(new QLabel(tr("<b>Firings</b>, newest first: each recorded once per crossing, "
                                           "with the rule as it was. Double-click one to see it where it "
                                           "happened.")));
    firingsLayout->addWidget(m_firings);
    auto *rulesBox = new QWidget;
    auto *rulesLayout = new QVBoxLayout(rulesBox);
    rulesLayout->setContentsMargins(0, 0, 0, 0);
    rulesLayout->addLayout(buttons);
    rulesLayout->addWidget(m_status);
    rulesLayout->addWidget(m_rules);
    auto *split = new QSplitter(Qt::Vertical);
    split->setObjectName(QStringLiteral("alertsSplit"));
    split->addWidget(rulesBox);
    split->addWidget(firingsBox);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);

    if (readOnly)
        say(tr("A snapshot: its rules are judged against its own data and cannot be changed here."), false);
    connect(m_add, &QPushButton::clicked, this, [this] { openDialog(AlertRule{}, true); });
    connect(m_edit, &QPushButton::clicked, this, &AlertsPane::editSelected);
    connect(m_rules, &QTableView::doubleClicked, this, [this, readOnly] {
        if (!readOnly)
            editSelected();
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (const AlertRule *r = m_rulesModel->rule(m_rules->currentIndex().row()))
            removeRule(*r);
    });
    connect(m_check, &QPushButton::clicked, this, &AlertsPane::checkRequested);
    connect(m_rulesModel, &AlertRulesModel::enabledToggled, this, [this](const AlertRule &rule, bool on) {
        AlertRule after = rule;
        after.enabled = on;
        replaceRule(rule, after);
    });
    connect(m_firings, &QTableView::activated, this, &AlertsPane::openFiring);
    connect(&store, &DataStore::changed, this, [this](const StoreChange &change) {
        if (isActive() && change.touches(DataChange::Alerts | DataChange::Points | DataChange::Runs))
            reload();
    });
}

void AlertsPane::load()
{
    reload();
}

void AlertsPane::reload()
{
    setBusy(true);
    m_store.read<AlertsContents>(
        this, "alerts", &loadAlertsContents, [this](Result<AlertsContents> contents) {
            setBusy(false);
            if (!contents.isOk()) {
                say(tr("Watch rules not read: %1").arg(q(contents.status().message())), true);
                return;
            }
            show(contents.value());
        });
}

void AlertsPane::show(const AlertsContents &contents)
{
    const AlertRule *selected = m_rulesModel->rule(m_rules->currentIndex().row());
    const std::string keep = selected ? selected->name : std::string();
    m_rulesModel->setContents(contents.rules, contents.checks);
    m_firingsModel->setFirings(contents.firings);
    if (const int row = m_rulesModel->rowOf(keep); row >= 0)
        m_rules->selectRow(row);
    m_rules->resizeColumnsToContents();
    m_firings->resizeColumnsToContents();
    if (contents.rules.empty())
        say(tr("No watch rules yet. Add one, or from a shell: stackatlas alerts add --help."), false);
}

void AlertsPane::editSelected()
{
    if (const AlertRule *r = m_rulesModel->rule(m_rules->currentIndex().row()))
        openDialog(*r, false);
}

void AlertsPane::openDialog(const AlertRule &rule, bool isNew, const QString &problem)
{
    AlertRuleDialog dialog(rule, this);
    dialog.setProblem(problem);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const AlertRule edited = dialog.rule();
    // A refusal (an unknown entity, a name taken) reopens the dialog with what was typed and why.
    const auto retry = [this, edited, isNew](const Status &s) {
        if (!s.isOk())
            openDialog(edited, isNew, q(s.message()));
    };
    if (isNew)
        pushWhenMade(this, m_store, m_undo, std::nullopt, edited, tr("Add rule %1").arg(q(edited.name)),
                     [this, retry](const Status &s) {
                         if (s.isOk())
                             say(QString(), false);
                         retry(s);
                     });
    else
        pushWhenMade(this, m_store, m_undo, rule, edited, tr("Edit rule %1").arg(q(rule.name)), retry);
}

void AlertsPane::addRule(const AlertRule &rule)
{
    pushWhenMade(this, m_store, m_undo, std::nullopt, rule, tr("Add rule %1").arg(q(rule.name)),
                 [this](const Status &s) { say(s.isOk() ? QString() : q(s.message()), !s.isOk()); });
}

void AlertsPane::replaceRule(const AlertRule &before, const AlertRule &after)
{
    const QString text = before.enabled != after.enabled
                             ? (after.enabled ? tr("Switch on %1") : tr("Switch off %1")).arg(q(before.name))
                             : tr("Edit rule %1").arg(q(before.name));
    pushWhenMade(this, m_store, m_undo, before, after, text,
                 [this](const Status &s) { say(s.isOk() ? QString() : q(s.message()), !s.isOk()); });
}

void AlertsPane::removeRule(const AlertRule &rule)
{
    pushWhenMade(this, m_store, m_undo, rule, std::nullopt, tr("Remove rule %1").arg(q(rule.name)),
                 [this, name = rule.name](const Status &s) {
                     say(s.isOk() ? tr("Removed %1 (Undo puts it back; its firings stay).").arg(q(name))
                                  : q(s.message()),
                         !s.isOk());
                 });
}

void AlertsPane::say(const QString &text, bool problem)
{
    m_status->setText(text);
    m_status->setStyleSheet(problem ? QStringLiteral("color: #c0392b") : QString());
    m_status->setVisible(!text.isEmpty());
}

void AlertsPane::openFiring(const QModelIndex &index)
{
    const AlertFiring *f = m_firingsModel->firing(index.row());
    if (!f)
        return;
    switch (f->kind) {
    case AlertKind::Index:
    case AlertKind::ClassMedian:
        emit goTo(QStringLiteral("price-war"), f->crossedAt, q(f->target));
        break;
    case AlertKind::Stale:
        emit goTo(QStringLiteral("sources"), f->crossedAt, QString());
        break;
    case AlertKind::Metric:
    case AlertKind::Change:
    case AlertKind::Ratio:
        emit goTo(QStringLiteral("valuation"), f->crossedAt, QString());
        break;
    }
}

} // namespace stackatlas
