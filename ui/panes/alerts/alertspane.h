// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/alertrule.h"
#include "ui/pane.h"

class QLabel;
class QPushButton;
class QTableView;
class QUndoStack;

namespace stackatlas {

class AlertFiringsModel;
class AlertRulesModel;
class DataStore;
struct AlertsContents;

// Watch rules and what they found. Above, the rules (add, edit, switch on or off, remove; each
// undoable) with how each stands now; below, the recorded firings, newest first, each with its
// value, date and source. Activating a firing goes to the pane and date where it happened. In a
// snapshot the rules are shown and judged but cannot be changed.
class AlertsPane : public Pane
{
    Q_OBJECT

public:
    explicit AlertsPane(DataStore &store, QWidget *parent = nullptr);
    QString paneId() const override { return QStringLiteral("alerts"); }
    QString title() const override { return tr("Alerts"); }

    QTableView *rulesView() const { return m_rules; }
    QTableView *firingsView() const { return m_firings; }
    QUndoStack *undoStack() const { return m_undo; }

    // Edits through the store, each pushed on the undo stack once made (a refused one says why in
    // the pane and leaves nothing to undo).
    void addRule(const AlertRule &rule);
    void replaceRule(const AlertRule &before, const AlertRule &after);
    void removeRule(const AlertRule &rule);

signals:
    // A firing was activated: show `paneId` at `date` (a GPU's index: that GPU).
    void goTo(const QString &paneId, qint64 date, const QString &gpu);
    // "Check now": the session judges every rule and records what fires.
    void checkRequested();

protected:
    void load() override;

private:
    void reload();
    void show(const AlertsContents &contents);
    void editSelected();
    void openDialog(const AlertRule &rule, bool isNew, const QString &problem = {});
    void say(const QString &text, bool problem);
    void openFiring(const QModelIndex &index);

    DataStore &m_store;
    AlertRulesModel *m_rulesModel;
    AlertFiringsModel *m_firingsModel;
    QTableView *m_rules;
    QTableView *m_firings;
    QLabel *m_status;
    QUndoStack *m_undo;
    QPushButton *m_add, *m_edit, *m_remove, *m_check;
};

} // namespace stackatlas
