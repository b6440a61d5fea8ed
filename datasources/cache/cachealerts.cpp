// SPDX-License-Identifier: GPL-3.0-or-later
// Watch rules and their firings: the rows behind models/alerts.
#include "cache.h"
#include "cacheprivate.h"
#include "sqlitehandle.h"

#include <sqlite3.h>

#include <algorithm>
#include <ctime>

namespace stackatlas {

using cache::Statement;
using cache::Transaction;

namespace {

constexpr const char *kRuleColumns =
    "id, name, kind, target, metric, metric2, dims, comparison, threshold, days, "
    "hours, min_per_side, severity, note, enabled, created_at";

AlertRule readRule(const Statement &q)
{
    AlertRule r;
    r.id = q.int64(0);
    r.name = q.text(1);
    r.kind = parseAlertKind(q.text(2)).value_or(AlertKind::Metric);
    r.target = q.text(3);
    r.metric = q.text(4);
    r.metric2 = q.text(5);
    r.dims = cache::decodeDimensions(q.text(6));
    r.comparison = parseComparison(q.text(7)).value_or(AlertComparison::Below);
    r.threshold = q.real(8);
    r.days = int(q.int64(9));
    r.hours = int(q.int64(10));
    r.minPerSide = int(q.int64(11));
    r.severity = parseSeverity(q.text(12)).value_or(AlertSeverity::Warning);
    r.note = q.text(13);
    r.enabled = q.int64(14) != 0;
    r.createdAt = q.int64(15);
    return r;
}

// Binds every column but id, from 1: the same order for INSERT and UPDATE.
void bindRule(Statement &q, const AlertRule &r)
{
    q.bind(1, r.name).bind(2, alertKindName(r.kind)).bind(3, r.target).bind(4, r.metric).bind(5, r.metric2);
    q.bind(6, cache::encodeDimensions(r.dims)).bind(7, comparisonName(r.comparison)).bind(8, r.threshold);
    q.bind(9, std::int64_t(r.days)).bind(10, std::int64_t(r.hours)).bind(11, std::int64_t(r.minPerSide));
    q.bind(12, severityName(r.severity)).bind(13, r.note).bind(14, std::int64_t(r.enabled ? 1 : 0));
    q.bind(15, std::int64_t(r.createdAt ? r.createdAt : std::time(nullptr)));
}

constexpr const char *kFiringColumns =
    "id, rule_name, rule_text, kind, target, severity, crossed_at, value, unit, "
    "source, detail, latest_at, latest_value, recorded_at";

AlertFiring readFiring(const Statement &q)
{
    AlertFiring f;
    f.id = q.int64(0);
    f.ruleName = q.text(1);
    f.ruleText = q.text(2);
    f.kind = parseAlertKind(q.text(3)).value_or(AlertKind::Metric);
    f.target = q.text(4);
    f.severity = parseSeverity(q.text(5)).value_or(AlertSeverity::Warning);
    f.crossedAt = q.int64(6);
    f.value = q.real(7);
    f.unit = q.text(8);
    f.source = q.text(9);
    f.detail = q.text(10);
    f.latestAt = q.int64(11);
    f.latestValue = q.real(12);
    f.recordedAt = q.int64(13);
    return f;
}

Status writeRefused(bool readOnly)
{
    return readOnly ? Status::error(StatusCode::Refused,
                                    "the rules of a snapshot or a read-only cache cannot be changed")
                    : Status::ok();
}

Status ruleWriteError(sqlite3 *db, const Statement &q, const AlertRule &rule)
{
    if (sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_UNIQUE)
        return Status::error(StatusCode::Conflict, "a rule named \"" + rule.name + "\" exists already");
    return Status::error(StatusCode::IoError, "rule not saved: " + q.error());
}

} // namespace

Result<std::vector<AlertRule>> Cache::alertRules() const
{
    Statement q(d->db.get(), std::string("SELECT ") + kRuleColumns + " FROM alert_rules ORDER BY name");
    std::vector<AlertRule> out;
    while (q.step())
        out.push_back(readRule(q));
    if (q.failed())
        return Status::error(StatusCode::IoError, "rules not read: " + q.error());
    return out;
}

Result<long long> Cache::addAlertRule(const AlertRule &rule)
{
    if (Status s = writeRefused(isReadOnly()); !s.isOk())
        return s;
    sqlite3 *db = d->db.get();
    Statement q(db,
                "INSERT INTO alert_rules(name, kind, target, metric, metric2, dims, comparison, threshold, "
                "days, hours, min_per_side, severity, note, enabled, created_at) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    bindRule(q, rule);
    q.step();
    if (q.failed())
        return ruleWriteError(db, q, rule);
    return static_cast<long long>(sqlite3_last_insert_rowid(db));
}

Status Cache::updateAlertRule(const std::string &name, const AlertRule &rule)
{
    if (Status s = writeRefused(isReadOnly()); !s.isOk())
        return s;
    sqlite3 *db = d->db.get();
    Statement q(db,
                "UPDATE alert_rules SET name = ?, kind = ?, target = ?, metric = ?, metric2 = ?, dims = ?, "
                "comparison = ?, threshold = ?, days = ?, hours = ?, min_per_side = ?, severity = ?, "
                "note = ?, enabled = ?, created_at = ? WHERE name = ?");
    bindRule(q, rule);
    q.bind(16, name);
    q.step();
    if (q.failed())
        return ruleWriteError(db, q, rule);
    if (sqlite3_changes(db) != 1)
        return Status::error(StatusCode::NotFound, "no rule named \"" + name + "\"");
    return Status::ok();
}

Status Cache::removeAlertRule(const std::string &name)
{
    if (Status s = writeRefused(isReadOnly()); !s.isOk())
        return s;
    sqlite3 *db = d->db.get();
    Statement q(db, "DELETE FROM alert_rules WHERE name = ?");
    q.bind(1, name);
    q.step();
    if (q.failed())
        return Status::error(StatusCode::IoError, "rule not removed: " + q.error());
    if (sqlite3_changes(db) != 1)
        return Status::error(StatusCode::NotFound, "no rule named \"" + name + "\"");
    return Status::ok();
}

Result<std::vector<AlertFiring>> Cache::recordAlertFirings(const std::vector<AlertFiring> &firings)
{
    if (Status s = writeRefused(isReadOnly()); !s.isOk())
        return s;
    sqlite3 *db = d->db.get();
    // Most rounds find every firing recorded already: look first, and take no write lock (nor pay a
    // commit's sync) for nothing.
    std::vector<const AlertFiring *> unseen;
    {
        Statement seen(
            db, "SELECT 1 FROM alert_firings WHERE rule_name = ? AND rule_text = ? AND crossed_at = ?");
        for (const AlertFiring &f : firings) {
            seen.reset();
            seen.bind(1, f.ruleName).bind(2, f.ruleText).bind(3, std::int64_t(f.crossedAt));
            const bool known = seen.step();
            if (seen.failed())
                return Status::error(StatusCode::IoError, "firings not read: " + seen.error());
            if (!known)
                unseen.push_back(&f);
        }
    }
    std::vector<AlertFiring> added;
    if (unseen.empty())
        return added;
    Transaction tx(db);
    if (!tx.beginStatus().isOk())
        return tx.beginStatus();
    // OR IGNORE: another process may have recorded one since it was looked for.
    Statement q(
        db, "INSERT OR IGNORE INTO alert_firings(rule_name, rule_text, kind, target, severity, crossed_at, "
            "value, unit, source, detail, latest_at, latest_value, recorded_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
    for (const AlertFiring *f : unseen) {
        q.reset();
        q.bind(1, f->ruleName).bind(2, f->ruleText).bind(3, alertKindName(f->kind)).bind(4, f->target);
        q.bind(5, severityName(f->severity))
            .bind(6, std::int64_t(f->crossedAt))
            .bind(7, f->value)
            .bind(8, f->unit);
        q.bind(9, f->source).bind(10, f->detail).bind(11, std::int64_t(f->latestAt)).bind(12, f->latestValue);
        q.bind(13, std::int64_t(f->recordedAt));
        q.step();
        if (q.failed())
            return Status::error(StatusCode::IoError, "firing not recorded: " + q.error());
        if (sqlite3_changes(db) == 1) {
            added.push_back(*f);
            added.back().id = static_cast<long long>(sqlite3_last_insert_rowid(db));
        }
    }
    if (Status s = tx.commit(); !s.isOk())
        return s;
    return added;
}

Result<std::vector<AlertFiring>> Cache::alertFirings(int limit) const
{
    Statement q(d->db.get(), std::string("SELECT ") + kFiringColumns +
                                 " FROM alert_firings ORDER BY crossed_at DESC, id DESC LIMIT ?");
    q.bind(1, std::int64_t(limit));
    std::vector<AlertFiring> out;
    while (q.step())
        out.push_back(readFiring(q));
    if (q.failed())
        return Status::error(StatusCode::IoError, "firings not read: " + q.error());
    return out;
}

Result<std::vector<AlertFiring>> Cache::claimUnnotifiedAlertFirings(UnixSeconds now)
{
    if (Status s = writeRefused(isReadOnly()); !s.isOk())
        return s;
    Statement q(d->db.get(), std::string("UPDATE alert_firings SET notified_at = ? WHERE notified_at IS NULL "
                                         "RETURNING ") +
                                 kFiringColumns);
    q.bind(1, std::int64_t(now));
    std::vector<AlertFiring> out;
    while (q.step())
        out.push_back(readFiring(q));
    if (q.failed())
        return Status::error(StatusCode::IoError, "firings not claimed: " + q.error());
    std::sort(out.begin(), out.end(), [](const AlertFiring &a, const AlertFiring &b) { return a.id < b.id; });
    return out;
}

Status Cache::releaseAlertFirings(const std::vector<long long> &ids)
{
    if (Status s = writeRefused(isReadOnly()); !s.isOk())
        return s;
    Transaction tx(d->db.get());
    if (!tx.beginStatus().isOk())
        return tx.beginStatus();
    Statement q(d->db.get(), "UPDATE alert_firings SET notified_at = NULL WHERE id = ?");
    for (long long id : ids) {
        q.reset();
        q.bind(1, std::int64_t(id));
        q.step();
        if (q.failed())
            return Status::error(StatusCode::IoError, "firing not released: " + q.error());
    }
    return tx.commit();
}

} // namespace stackatlas
