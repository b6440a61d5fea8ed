// SPDX-License-Identifier: GPL-3.0-or-later
// stackatlas alerts add|list|remove|enable|disable|check: watch rules kept in the cache.
#include "alertsoutput.h"
#include "cli.h"
#include "clicommon.h"
#include "commandcontext.h"

#include "models/alerts/alertcheck.h"
#include "models/alerts/desktopnotifier.h"
#include "models/domain/textutil.h"

#include <QCoreApplication>

#include <ctime>

namespace stackatlas::cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("cli", text);
}

struct AddOptions
{
    QCommandLineOption index{QStringLiteral("index"), tr("Watch the price advantage index of a GPU."),
                             QStringLiteral("GPU")};
    QCommandLineOption providerClass{QStringLiteral("class"),
                                     tr("Watch the daily median price of a provider class's providers."),
                                     QStringLiteral("CLASS")};
    QCommandLineOption gpu{QStringLiteral("gpu"), tr("With --class: the GPU priced."), QStringLiteral("GPU")};
    QCommandLineOption entity{QStringLiteral("entity"), tr("Watch a metric of an entity (id or alias)."),
                              QStringLiteral("ID")};
    QCommandLineOption metric{QStringLiteral("metric"), tr("The metric watched."), QStringLiteral("M")};
    QCommandLineOption dim{QStringLiteral("dim"), tr("Only the series with this dimension; repeatable."),
                           QStringLiteral("KEY=VALUE")};
    QCommandLineOption ratio{QStringLiteral("ratio"), tr("One metric over another at the same moment."),
                             QStringLiteral("METRIC:METRIC")};
    QCommandLineOption stale{QStringLiteral("stale"), tr("Fire when this source has not been refreshed."),
                             QStringLiteral("SOURCE")};
    QCommandLineOption hours{QStringLiteral("hours"), tr("With --stale: how old its newest reading may be."),
                             QStringLiteral("N")};
    QCommandLineOption below{QStringLiteral("below"), tr("Fire when the value is below X."),
                             QStringLiteral("X")};
    QCommandLineOption above{QStringLiteral("above"), tr("Fire when the value is above X."),
                             QStringLiteral("X")};
    QCommandLineOption changePct{QStringLiteral("change-pct"),
                                 tr("Fire on a change of more than X % (negative: a fall) in --days."),
                                 QStringLiteral("X")};
    QCommandLineOption days{QStringLiteral("days"), tr("With --change-pct: the window in days."),
                            QStringLiteral("N")};
    QCommandLineOption minPerSide{QStringLiteral("min-per-side"),
                                  tr("With --index: read only days with at least N providers a side "
                                     "(default 1; the price-war pane summarises days with 2)."),
                                  QStringLiteral("N"), QStringLiteral("1")};
    QCommandLineOption severity{QStringLiteral("severity"), tr("info, warning (default) or critical."),
                                QStringLiteral("LEVEL"), QStringLiteral("warning")};
    QCommandLineOption note{QStringLiteral("note"), tr("A note kept with the rule."), QStringLiteral("TEXT")};
    QCommandLineOption disabled{QStringLiteral("disabled"), tr("Add the rule switched off.")};
};

std::optional<double> number(const QCommandLineParser &p, const QCommandLineOption &o)
{
    const auto v = parseFiniteDouble(p.value(o).toStdString());
    if (!v)
        printError(tr("--%1 takes a number, not \"%2\"").arg(o.names().first(), p.value(o)));
    return v;
}

std::optional<int> wholeNumber(const QCommandLineParser &p, const QCommandLineOption &o)
{
    bool ok = false;
    const int v = p.value(o).toInt(&ok);
    if (!ok) {
        printError(tr("--%1 takes a whole number, not \"%2\"").arg(o.names().first(), p.value(o)));
        return std::nullopt;
    }
    return v;
}

// --below / --above, exactly one.
bool readBound(const QCommandLineParser &p, const AddOptions &o, AlertRule &rule)
{
    if (p.isSet(o.below) == p.isSet(o.above)) {
        printError(tr("give one of --below X or --above X"));
        return false;
    }
    const QCommandLineOption &which = p.isSet(o.below) ? o.below : o.above;
    const auto v = number(p, which);
    if (!v)
        return false;
    rule.comparison = p.isSet(o.below) ? AlertComparison::Below : AlertComparison::Above;
    rule.threshold = *v;
    return true;
}

// What the rule watches, from the one of --index, --entity (with --metric or --ratio) or --stale.
bool readTarget(const QCommandLineParser &p, const AddOptions &o, AlertRule &rule)
{
    const int targets = int(p.isSet(o.index)) + int(p.isSet(o.entity)) + int(p.isSet(o.stale)) +
                        int(p.isSet(o.providerClass));
    if (targets != 1) {
        printError(tr("give one of --index GPU, --class CLASS --gpu GPU, --entity ID or --stale SOURCE"));
        return false;
    }
    if (p.isSet(o.providerClass)) {
        rule.kind = AlertKind::ClassMedian;
        rule.target = p.value(o.providerClass).toStdString();
        if (!p.isSet(o.gpu)) {
            printError(tr("--class needs --gpu GPU"));
            return false;
        }
        rule.dims["gpu"] = p.value(o.gpu).toStdString();
        return readBound(p, o, rule);
    }
    if (p.isSet(o.index)) {
        rule.kind = AlertKind::Index;
        rule.target = p.value(o.index).toStdString();
        const auto n = wholeNumber(p, o.minPerSide);
        rule.minPerSide = n.value_or(0);
        return n && readBound(p, o, rule);
    }
    if (p.isSet(o.stale)) {
        rule.kind = AlertKind::Stale;
        rule.target = p.value(o.stale).toStdString();
        if (!p.isSet(o.hours)) {
            printError(tr("--stale needs --hours N"));
            return false;
        }
        const auto n = wholeNumber(p, o.hours);
        rule.hours = n.value_or(0);
        return n.has_value();
    }
    rule.target = p.value(o.entity).toStdString();
    for (const QString &pair : p.values(o.dim)) {
        const qsizetype eq = pair.indexOf(u'=');
        if (eq <= 0) {
            printError(tr("--dim takes KEY=VALUE, not \"%1\"").arg(pair));
            return false;
        }
        rule.dims[pair.left(eq).toStdString()] = pair.mid(eq + 1).toStdString();
    }
    if (p.isSet(o.ratio) == p.isSet(o.metric)) {
        printError(tr("--entity needs one of --metric M or --ratio METRIC:METRIC"));
        return false;
    }
    if (p.isSet(o.ratio)) {
        const QStringList parts = p.value(o.ratio).split(u':');
        if (parts.size() != 2 || !rule.dims.empty()) {
            printError(tr("--ratio takes METRIC:METRIC (fdv_usd:market_cap_usd) and no --dim"));
            return false;
        }
        rule.kind = AlertKind::Ratio;
        rule.metric = parts[0].toStdString();
        rule.metric2 = parts[1].toStdString();
        return readBound(p, o, rule);
    }
    rule.metric = p.value(o.metric).toStdString();
    if (!p.isSet(o.changePct)) {
        rule.kind = AlertKind::Metric;
        return readBound(p, o, rule);
    }
    rule.kind = AlertKind::Change;
    if (p.isSet(o.below) || p.isSet(o.above) || !p.isSet(o.days)) {
        printError(tr("--change-pct X takes --days N and neither --below nor --above"));
        return false;
    }
    const auto pct = number(p, o.changePct);
    const auto days = wholeNumber(p, o.days);
    if (!pct || !days)
        return false;
    rule.threshold = *pct;
    rule.comparison = *pct < 0 ? AlertComparison::Below : AlertComparison::Above;
    rule.days = *days;
    return true;
}

int add(const QStringList &args)
{
    CommandContext ctx(args);
    QCommandLineParser &parser = ctx.parser();
    const AddOptions o;
    ctx.addOptions({o.index, o.providerClass, o.gpu, o.entity, o.metric, o.dim, o.ratio, o.stale, o.hours,
                    o.below, o.above, o.changePct, o.days, o.minPerSide, o.severity, o.note, o.disabled});
    ctx.addCache(false);
    if (auto exit = ctx.parse(
            QStringLiteral("Add a watch rule to the cache. It is checked against the data (unknown GPU, "
                           "entity, metric, dimension or source is refused) and evaluated after every "
                           "fetch and import, and by stackatlas alerts check."),
            QStringLiteral("NAME")))
        return *exit;
    if (parser.positionalArguments().size() != 1) {
        printError(tr("alerts add needs one NAME"));
        return UsageError;
    }
    AlertRule rule;
    rule.name = parser.positionalArguments().first().toStdString();
    rule.note = parser.value(o.note).toStdString();
    rule.enabled = !parser.isSet(o.disabled);
    const auto severity = parseSeverity(parser.value(o.severity).toStdString());
    if (!severity) {
        printError(tr("--severity is info, warning or critical, not \"%1\"").arg(parser.value(o.severity)));
        return UsageError;
    }
    rule.severity = *severity;
    if (!readTarget(parser, o, rule))
        return UsageError;
    if (!ctx.open())
        return Failure;
    auto checked = checkedAlertRule(*ctx.cache(), *ctx.taxonomy(), rule);
    if (!checked.isOk()) {
        printError(
            tr("rule \"%1\" refused: %2")
                .arg(QString::fromStdString(rule.name), QString::fromStdString(checked.status().message())));
        return UsageError;
    }
    if (auto id = ctx.cache()->addAlertRule(checked.value()); !id.isOk()) {
        printError(id.status().message());
        return id.status().code() == StatusCode::Conflict ? UsageError : Failure;
    }
    printOut(tr("added %1: %2\n")
                 .arg(QString::fromStdString(rule.name),
                      QString::fromStdString(describeAlertRule(checked.value()))));
    return Success;
}

int list(const QStringList &args)
{
    CommandContext ctx(args);
    ctx.addFormat({QStringLiteral("text"), QStringLiteral("json")});
    ctx.addCache(true);
    if (auto exit = ctx.parse(QStringLiteral("Print the watch rules kept in the cache (or a snapshot).")))
        return *exit;
    if (!ctx.open(false))
        return Failure;
    const auto rules = ctx.cache()->alertRules();
    if (!rules.isOk()) {
        printError(rules.status().message());
        return Failure;
    }
    printOut(ctx.format() == QLatin1String("json") ? rulesJson(rules.value()) : rulesText(rules.value()));
    return Success;
}

// remove, enable, disable: one NAME.
int change(const QStringList &args, const QString &what)
{
    CommandContext ctx(args);
    ctx.addCache(false);
    if (auto exit = ctx.parse(tr("%1 the watch rule called NAME.").arg(what), QStringLiteral("NAME")))
        return *exit;
    if (ctx.parser().positionalArguments().size() != 1) {
        printError(tr("alerts %1 needs one NAME").arg(args.first()));
        return UsageError;
    }
    const std::string name = ctx.parser().positionalArguments().first().toStdString();
    if (!ctx.open(false))
        return Failure;
    Cache &cache = *ctx.cache();
    Status s = Status::ok();
    if (args.first() == QLatin1String("remove")) {
        s = cache.removeAlertRule(name);
    } else {
        auto rules = cache.alertRules();
        if (!rules.isOk()) {
            printError(rules.status().message());
            return Failure;
        }
        s = Status::error(StatusCode::NotFound, "no rule named \"" + name + "\"");
        for (AlertRule rule : rules.value()) {
            if (rule.name == name) {
                rule.enabled = args.first() == QLatin1String("enable");
                s = cache.updateAlertRule(name, rule);
            }
        }
    }
    if (!s.isOk()) {
        printError(s.message());
        return s.code() == StatusCode::NotFound ? UsageError : Failure;
    }
    return Success;
}

// Every firing not yet shown (this round's, or one a fetch recorded before it), each once: a
// firing is claimed before it is shown, and given back if it could not be.
void notifyUnshown(Cache &cache)
{
    if (!DesktopNotifier::available()) {
        printError(tr("no desktop notification service on the session bus: firings not shown (they "
                      "are shown by the next check that finds one)"));
        return;
    }
    auto claimed = cache.claimUnnotifiedAlertFirings(UnixSeconds(std::time(nullptr)));
    if (!claimed.isOk()) {
        printError(claimed.status().message());
        return;
    }
    std::vector<long long> notShown;
    for (const AlertFiring &f : claimed.value()) {
        if (Status s = DesktopNotifier::notify(f); !s.isOk()) {
            printError(s.message());
            notShown.push_back(f.id);
        }
    }
    if (Status s = cache.releaseAlertFirings(notShown); !s.isOk())
        printError(s.message());
}

int check(const QStringList &args)
{
    CommandContext ctx(args);
    const QCommandLineOption notify(QStringLiteral("notify"),
                                    tr("Show each new firing as a desktop notification (D-Bus)."));
    ctx.addOptions({notify});
    ctx.addFormat({QStringLiteral("text"), QStringLiteral("json")});
    ctx.addCache(true);
    if (auto exit = ctx.parse(QStringLiteral(
            "Evaluate every enabled rule against the cache (or --snapshot FILE, read-only) and print "
            "each firing with its rule, value, date and source, and each rule that cannot be evaluated "
            "with why. A firing is recorded once per crossing (not in a snapshot). Exit 3 when a rule "
            "fires, 0 when none does.")))
        return *exit;
    if (!ctx.open())
        return Failure;
    auto round = runAlertRound(*ctx.cache(), *ctx.taxonomy(), true);
    if (!round.isOk()) {
        printError(round.status().message());
        return Failure;
    }
    const AlertRound &r = round.value();
    // A snapshot is never written; a cache that cannot be written (opened read-only) is said so.
    if (ctx.cache()->isReadOnly() && !ctx.parser().isSet(QStringLiteral("snapshot")) && r.firing() > 0)
        printError(tr("%1 cannot be written: firings judged, not recorded")
                       .arg(QString::fromStdString(ctx.cache()->path())));
    printOut(ctx.format() == QLatin1String("json") ? roundJson(r, alertClock(*ctx.cache())) : roundText(r));
    if (ctx.parser().isSet(notify) && !ctx.cache()->isReadOnly())
        notifyUnshown(*ctx.cache());
    return r.firing() > 0 ? PartialSuccess : Success;
}

} // namespace

int alertsCommand(const QStringList &args)
{
    const QString sub = args.size() > 1 ? args.at(1) : QString();
    const QStringList rest = args.mid(1);
    if (sub == QLatin1String("add"))
        return add(rest);
    if (sub == QLatin1String("list"))
        return list(rest);
    if (sub == QLatin1String("remove"))
        return change(rest, tr("Remove"));
    if (sub == QLatin1String("enable"))
        return change(rest, tr("Switch on"));
    if (sub == QLatin1String("disable"))
        return change(rest, tr("Switch off"));
    if (sub == QLatin1String("check"))
        return check(rest);
    if (sub == QLatin1String("--help") || sub == QLatin1String("-h")) {
        printOut(QStringLiteral(
            "Usage: stackatlas alerts add NAME --index GPU (--below X | --above X) [--min-per-side N]\n"
            "       stackatlas alerts add NAME --class CLASS --gpu GPU (--below X | --above X)\n"
            "       stackatlas alerts add NAME --entity ID --metric M [--dim KEY=VALUE]...\n"
            "                             (--below X | --above X | --change-pct X --days N)\n"
            "       stackatlas alerts add NAME --entity ID --ratio METRIC:METRIC (--below X | --above X)\n"
            "       stackatlas alerts add NAME --stale SOURCE --hours N\n"
            "         each with [--severity info|warning|critical] [--note TEXT] [--disabled] [--cache "
            "PATH]\n"
            "       stackatlas alerts list [--format text|json] [--cache PATH | --snapshot FILE]\n"
            "       stackatlas alerts remove|enable|disable NAME [--cache PATH]\n"
            "       stackatlas alerts check [--format text|json] [--notify] [--cache PATH | --snapshot "
            "FILE]\n"
            "\n"
            "check exits 3 when a rule fires, 0 when none does.\n"));
        return Success;
    }
    printError(tr("alerts needs add, list, remove, enable, disable or check (stackatlas alerts --help)"));
    return UsageError;
}

} // namespace stackatlas::cli
