// SPDX-License-Identifier: GPL-3.0-or-later
#include "alertsoutput.h"

#include "models/domain/serialize.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace stackatlas::cli {

namespace {

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

QString q(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

std::string stateName(AlertOutcome::State state)
{
    switch (state) {
    case AlertOutcome::State::Firing:
        return "firing";
    case AlertOutcome::State::Clear:
        return "clear";
    case AlertOutcome::State::CannotEvaluate:
        break;
    }
    return "cannot_evaluate";
}

bool isNew(const AlertRound &round, const AlertCheck &check)
{
    return std::any_of(round.newFirings.begin(), round.newFirings.end(), [&](const AlertFiring &f) {
        return f.ruleName == check.rule.name && f.crossedAt == check.outcome.crossing.ts;
    });
}

QJsonObject checkJson(const AlertRound &round, const AlertCheck &c)
{
    QJsonObject o{{QStringLiteral("name"), q(c.rule.name)},
                  {QStringLiteral("rule"), q(describeAlertRule(c.rule))},
                  {QStringLiteral("kind"), q(alertKindName(c.rule.kind))},
                  {QStringLiteral("severity"), q(severityName(c.rule.severity))},
                  {QStringLiteral("state"), q(stateName(c.outcome.state))}};
    if (c.outcome.state == AlertOutcome::State::CannotEvaluate) {
        o.insert(QStringLiteral("reason"), q(c.outcome.reason));
        return o;
    }
    o.insert(QStringLiteral("unit"), q(c.unit));
    o.insert(QStringLiteral("latest_value"), c.outcome.latest.value);
    o.insert(QStringLiteral("latest_at"), q(formatIsoUtc(c.outcome.latest.ts)));
    if (c.outcome.state == AlertOutcome::State::Firing) {
        const AlertFiring f = firingOf(c, 0);
        o.insert(QStringLiteral("crossed_at"), q(formatIsoUtc(f.crossedAt)));
        o.insert(QStringLiteral("value"), f.value);
        o.insert(QStringLiteral("source"), q(f.source));
        o.insert(QStringLiteral("detail"), q(f.detail));
        o.insert(QStringLiteral("crossings"), c.outcome.crossings);
        o.insert(QStringLiteral("new"), isNew(round, c));
    }
    return o;
}

} // namespace

std::string rulesText(const std::vector<AlertRule> &rules)
{
    if (rules.empty())
        return "no watch rules (stackatlas alerts add --help)\n";
    std::string out;
    for (const AlertRule &r : rules) {
        out += r.name + "  [" + std::string(severityName(r.severity)) + (r.enabled ? "" : ", off") + "]  " +
               describeAlertRule(r) + (r.note.empty() ? "" : "  # " + r.note) + '\n';
    }
    return out;
}

std::string rulesJson(const std::vector<AlertRule> &rules)
{
    QJsonArray list;
    for (const AlertRule &r : rules) {
        list.append(QJsonObject{{QStringLiteral("name"), q(r.name)},
                                {QStringLiteral("rule"), q(describeAlertRule(r))},
                                {QStringLiteral("kind"), q(alertKindName(r.kind))},
                                {QStringLiteral("target"), q(r.target)},
                                {QStringLiteral("severity"), q(severityName(r.severity))},
                                {QStringLiteral("enabled"), r.enabled},
                                {QStringLiteral("note"), q(r.note)}});
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("rules"), list}}).toJson().toStdString();
}

std::string roundText(const AlertRound &round)
{
    if (round.checks.empty())
        return "no enabled watch rules\n";
    std::string out;
    for (const AlertCheck &c : round.checks) {
        switch (c.outcome.state) {
        case AlertOutcome::State::Firing: {
            const AlertFiring f = firingOf(c, 0);
            out += "FIRING [" + std::string(severityName(f.severity)) + "] " + firingSummary(f) +
                   (isNew(round, c) ? "  (new)" : "") + '\n';
            if (!f.detail.empty())
                out += "    " + f.detail + '\n';
            out += "    newest: " + alertValueText(c.outcome.latest.value, c.unit) + " on " +
                   formatIsoUtc(c.outcome.latest.ts) + '\n';
            break;
        }
        case AlertOutcome::State::Clear:
            out += "clear  " + c.rule.name + " (" + describeAlertRule(c.rule) + "): newest " +
                   alertValueText(c.outcome.latest.value, c.unit) + " on " +
                   formatIsoUtc(c.outcome.latest.ts) + '\n';
            break;
        case AlertOutcome::State::CannotEvaluate:
            out += "cannot evaluate  " + c.rule.name + " (" + describeAlertRule(c.rule) +
                   "): " + c.outcome.reason + '\n';
            break;
        }
    }
    return out;
}

std::string roundJson(const AlertRound &round, UnixSeconds evaluatedAt)
{
    QJsonArray firings, checks;
    for (const AlertCheck &c : round.checks) {
        const QJsonObject o = checkJson(round, c);
        checks.append(o);
        if (c.outcome.state == AlertOutcome::State::Firing)
            firings.append(o);
    }
    const QJsonObject doc{{QStringLiteral("evaluated_at"), q(formatIsoUtc(evaluatedAt))},
                          {QStringLiteral("firing"), round.firing()},
                          {QStringLiteral("firings"), firings},
                          {QStringLiteral("checks"), checks}};
    return QJsonDocument(doc).toJson().toStdString();
}

} // namespace stackatlas::cli
