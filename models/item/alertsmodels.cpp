// SPDX-License-Identifier: GPL-3.0-or-later
#include "alertsmodels.h"

#include "valueformat.h"

#include "models/alerts/alertcheck.h"

#include <QBrush>
#include <QColor>

namespace stackatlas {

namespace {

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

QString q(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

QVariant severityBrush(AlertSeverity severity)
{
    switch (severity) {
    case AlertSeverity::Critical:
        return QBrush(QColor(0xc0, 0x39, 0x2b));
    case AlertSeverity::Warning:
        return QBrush(QColor(0xb0, 0x6d, 0x00));
    case AlertSeverity::Info:
        break;
    }
    return {};
}

} // namespace

Result<AlertsContents> loadAlertsContents(const Cache &cache)
{
    AlertsContents out;
    auto rules = cache.alertRules();
    if (!rules.isOk())
        return rules.status();
    out.rules = std::move(rules).value();
    auto taxonomy = cache.taxonomy();
    if (!taxonomy.isOk())
        return taxonomy.status();
    auto round = evaluateAlertRules(cache, taxonomy.value());
    if (!round.isOk())
        return round.status();
    out.checks = std::move(round).value().checks;
    auto firings = cache.alertFirings();
    if (!firings.isOk())
        return firings.status();
    out.firings = std::move(firings).value();
    return out;
}

void AlertRulesModel::setContents(const std::vector<AlertRule> &rules, const std::vector<AlertCheck> &checks)
{
    beginResetModel();
    m_rules = rules;
    m_checks = checks;
    endResetModel();
}

const AlertRule *AlertRulesModel::rule(int row) const
{
    return row >= 0 && row < int(m_rules.size()) ? &m_rules[std::size_t(row)] : nullptr;
}

int AlertRulesModel::rowOf(const std::string &name) const
{
    for (std::size_t i = 0; i < m_rules.size(); ++i) {
        if (m_rules[i].name == name)
            return int(i);
    }
    return -1;
}

int AlertRulesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rules.size());
}

int AlertRulesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AlertRulesModel::stateText(const AlertRule &rule) const
{
    if (!rule.enabled)
        return tr("off");
    for (const AlertCheck &c : m_checks) {
        if (c.rule.name != rule.name)
            continue;
        switch (c.outcome.state) {
        case AlertOutcome::State::Firing:
            return tr("firing since %1: %2")
                .arg(formatUtcDate(c.outcome.crossing.ts),
                     q(alertValueText(c.outcome.crossing.value, c.unit)));
        case AlertOutcome::State::Clear:
            return tr("clear: %1 on %2")
                .arg(q(alertValueText(c.outcome.latest.value, c.unit)), formatUtcDate(c.outcome.latest.ts));
        case AlertOutcome::State::CannotEvaluate:
            return tr("cannot evaluate: %1").arg(q(c.outcome.reason));
        }
    }
    return tr("not evaluated yet");
}

QVariant AlertRulesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AlertRule &r = m_rules[std::size_t(index.row())];
    if (role == Qt::CheckStateRole && index.column() == EnabledColumn)
        return r.enabled ? Qt::Checked : Qt::Unchecked;
    if (role == Qt::ForegroundRole && index.column() == SeverityColumn)
        return severityBrush(r.severity);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (Column(index.column())) {
    case EnabledColumn:
        return role == Qt::ToolTipRole ? (r.enabled ? tr("On: evaluated after every refresh and import")
                                                    : tr("Off: not evaluated"))
                                       : QVariant();
    case NameColumn:
        return q(r.name);
    case SeverityColumn:
        return q(severityName(r.severity));
    case RuleColumn:
        return q(describeAlertRule(r));
    case StateColumn:
        return stateText(r);
    case NoteColumn:
        return q(r.note);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant AlertRulesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case EnabledColumn:
        return tr("On");
    case NameColumn:
        return tr("Name");
    case SeverityColumn:
        return tr("Severity");
    case RuleColumn:
        return tr("Rule");
    case StateColumn:
        return tr("Now");
    case NoteColumn:
        return tr("Note");
    case ColumnCount:
        break;
    }
    return {};
}

Qt::ItemFlags AlertRulesModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == EnabledColumn && !m_readOnly)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

bool AlertRulesModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (m_readOnly || role != Qt::CheckStateRole || index.column() != EnabledColumn ||
        !checkIndex(index, CheckIndexOption::IndexIsValid))
        return false;
    // The model changes when the store has made the edit and the pane re-reads, not before.
    emit enabledToggled(m_rules[std::size_t(index.row())], value.toInt() == Qt::Checked);
    return false;
}

void AlertFiringsModel::setFirings(std::vector<AlertFiring> firings)
{
    beginResetModel();
    m_firings = std::move(firings);
    endResetModel();
}

const AlertFiring *AlertFiringsModel::firing(int row) const
{
    return row >= 0 && row < int(m_firings.size()) ? &m_firings[std::size_t(row)] : nullptr;
}

int AlertFiringsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_firings.size());
}

int AlertFiringsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AlertFiringsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AlertFiring &f = m_firings[std::size_t(index.row())];
    if (role == Qt::ForegroundRole && index.column() == SeverityColumn)
        return severityBrush(f.severity);
    if (role == Qt::ToolTipRole && index.column() == RuleColumn)
        return q(f.ruleText) +
               tr("\n(the rule as it was when this was recorded, %1)").arg(formatUtcDateTime(f.recordedAt));
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (Column(index.column())) {
    case CrossedColumn:
        return f.kind == AlertKind::Stale ? formatUtcDateTime(f.crossedAt) : formatUtcDate(f.crossedAt);
    case RuleColumn:
        return q(f.ruleName);
    case SeverityColumn:
        return q(severityName(f.severity));
    case ValueColumn:
        return q(alertValueText(f.value, f.unit));
    case SourceColumn:
        return q(f.source);
    case DetailColumn:
        return q(f.detail);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant AlertFiringsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case CrossedColumn:
        return tr("Crossed");
    case RuleColumn:
        return tr("Rule");
    case SeverityColumn:
        return tr("Severity");
    case ValueColumn:
        return tr("Value there");
    case SourceColumn:
        return tr("Source");
    case DetailColumn:
        return tr("Counted");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace stackatlas
