// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/alertevaluation.h"
#include "models/domain/status.h"

#include <QAbstractTableModel>

#include <vector>

namespace stackatlas {

class Cache;

// What the Alerts pane shows, read in one go on the store's thread: the rules, each with how it
// stands now (judged, not recorded), and the recorded firings, newest first.
struct AlertsContents
{
    std::vector<AlertRule> rules;
    std::vector<AlertCheck> checks; // one per enabled rule, by name
    std::vector<AlertFiring> firings;
};
// Read on the store's thread (DataStore::read).
Result<AlertsContents> loadAlertsContents(const Cache &cache);

// The watch rules: a check box to switch one on or off (an edit the pane makes through the store),
// its name, severity, the rule in words, its note and how it stands now.
class AlertRulesModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        EnabledColumn,
        NameColumn,
        SeverityColumn,
        RuleColumn,
        StateColumn,
        NoteColumn,
        ColumnCount
    };
    using QAbstractTableModel::QAbstractTableModel;

    void setContents(const std::vector<AlertRule> &rules, const std::vector<AlertCheck> &checks);
    const AlertRule *rule(int row) const;
    int rowOf(const std::string &name) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    // A read-only store (a snapshot): no check box can be changed.
    void setReadOnly(bool readOnly) { m_readOnly = readOnly; }

signals:
    // The user ticked or cleared a rule's check box: the pane makes the edit.
    void enabledToggled(const stackatlas::AlertRule &rule, bool enabled);

private:
    QString stateText(const AlertRule &rule) const;
    std::vector<AlertRule> m_rules;
    std::vector<AlertCheck> m_checks;
    bool m_readOnly = false;
};

// The recorded firings, newest crossing first: when it crossed, the rule, its value there (with
// unit), the source and what was counted.
class AlertFiringsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        CrossedColumn,
        RuleColumn,
        SeverityColumn,
        ValueColumn,
        SourceColumn,
        DetailColumn,
        ColumnCount
    };
    using QAbstractTableModel::QAbstractTableModel;

    void setFirings(std::vector<AlertFiring> firings);
    const AlertFiring *firing(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<AlertFiring> m_firings;
};

} // namespace stackatlas
