// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"
#include "clicommon.h"
#include "commandcontext.h"
#include "datasources/fetch/collectorlock.h"

#include "datasources/fetch/fetchpipeline.h"
#include "datasources/http/canceltoken.h"
#include "datasources/settings/fetchsettings.h"

#include <QCoreApplication>

#include <cstdio>
#include <set>
#include <unistd.h>

namespace stackatlas::cli {
namespace {

QString sourcesHelp()
{
    AdapterRegistry registry;
    registerBuiltinAdapters(registry);
    QString text =
        QStringLiteral("Sources and their endpoint defaults (--endpoint NAME=BASE replaces the base, "
                       "path prefix included):\n");
    for (const SourceAdapter *a : registry.all()) {
        const AdapterInfo info = a->info();
        text += QCoreApplication::translate("cli", "  %1 %2  (%3 requests/min)%4\n")
                    .arg(QString::fromStdString(info.id), -11)
                    .arg(QString::fromStdString(info.defaultBase))
                    .arg(info.requestsPerMinute)
                    .arg(info.keyHint.empty() ? QString()
                                              : QCoreApplication::translate("cli", "; key: ") +
                                                    QString::fromStdString(info.keyHint));
    }
    return text;
}

} // namespace

namespace {

// Progress on stderr: a bar on a terminal, a plain line when each source finishes for logs.
std::function<void(const std::vector<SourceProgress> &)> progressPrinter(bool terminal)
{
    auto reported = std::make_shared<std::set<std::string>>();
    return [terminal, reported](const std::vector<SourceProgress> &progress) {
        if (!terminal) {
            for (const auto &p : progress) {
                const bool over =
                    p.state == SourceProgress::State::Done || p.state == SourceProgress::State::Failed;
                if (over && reported->insert(p.source).second)
                    std::fprintf(stderr, "stackatlas: %s %s after %d of %d requests, %.1f kB\n",
                                 p.source.c_str(), p.state == SourceProgress::State::Done ? "done" : "failed",
                                 p.done, p.planned, double(p.bytes) / 1e3);
            }
            return;
        }
        int planned = 0, done = 0;
        long long bytes = 0;
        for (const auto &p : progress) {
            planned += p.planned;
            done += p.done;
            bytes += p.bytes;
        }
        const int width = 30;
        const int filled = planned ? std::min(width, done * width / planned) : 0;
        std::fprintf(
            stderr, "\r[%s%s] %d/%d requests, %.1f MB", std::string(std::size_t(filled), '#').c_str(),
            std::string(std::size_t(width - filled), '-').c_str(), done, planned, double(bytes) / 1e6);
        std::fflush(stderr);
    };
}

// A line a source; exit 3 when some failed, 1 when all did.
int reportOutcomes(const std::vector<SourceOutcome> &outcomes)
{
    int failed = 0;
    for (const auto &o : outcomes) {
        if (!o.status.isOk()) {
            ++failed;
            printError(
                QCoreApplication::translate("cli", "%1: failed: %2")
                    .arg(QString::fromStdString(o.source), QString::fromStdString(o.status.message())));
            continue;
        }
        printOut(QCoreApplication::translate("cli", "%1: %2, %3 values stored%4, %5 warnings\n")
                     .arg(QString::fromStdString(o.source), QString::fromStdString(o.run.status))
                     .arg(o.stored)
                     .arg(o.unchanged
                              ? QCoreApplication::translate("cli", " (%1 more unchanged)").arg(o.unchanged)
                              : QString())
                     .arg(o.warnings.size()));
        for (const auto &w : o.warnings)
            std::fprintf(stderr, "stackatlas: %s: warning: %s\n", o.source.c_str(), w.c_str());
    }
    if (failed == 0)
        return Success;
    return failed == int(outcomes.size()) ? Failure : PartialSuccess;
}

} // namespace

int fetchCommand(const QStringList &args)
{
    CommandContext ctx(args);
    QCommandLineParser &parser = ctx.parser();
    const QCommandLineOption sources(
        QStringLiteral("sources"),
        QCoreApplication::translate("cli", "Comma-separated sources (default: all)."),
        QStringLiteral("LIST"));
    const QCommandLineOption endpoint(
        QStringLiteral("endpoint"),
        QCoreApplication::translate("cli", "Replace a source's base URL; repeatable."),
        QStringLiteral("NAME=BASE"));
    const QCommandLineOption timeout(
        QStringLiteral("timeout"),
        QCoreApplication::translate("cli", "Seconds one request may take (default 60)."),
        QStringLiteral("SECONDS"));
    const QCommandLineOption proxy(
        QStringLiteral("proxy"),
        QStringLiteral("Proxy URL (http, https or socks5h), or \"none\" (default: the "
                       "environment's http_proxy / https_proxy)."),
        QStringLiteral("URL"));
    const QCommandLineOption sheet(
        QStringLiteral("pricesheet"),
        QStringLiteral("List-price CSV for the pricesheet source (default: pricesheet.csv "
                       "in the app's data folder if present, else the built-in one)."),
        QStringLiteral("FILE"));
    ctx.addOptions({sources, endpoint, timeout, proxy, sheet});
    ctx.addCache(false);
    if (auto exit =
            ctx.parse(QStringLiteral("Fetch live metrics from each source into the cache: each source on "
                                     "its own thread, its records in one transaction, a failed source's "
                                     "earlier data kept. Exit 3 when some sources failed, 1 when all did. "
                                     "API keys come from the environment only.\n\n") +
                      sourcesHelp()))
        return *exit;

    FetchOptions options;
    if (parser.isSet(sources)) {
        for (const QString &s : parser.value(sources).split(u',', Qt::SkipEmptyParts))
            options.sources.push_back(s.trimmed().toStdString());
    }
    for (const QString &pair : parser.values(endpoint)) {
        const qsizetype eq = pair.indexOf(u'=');
        if (eq <= 0) {
            printError(
                QCoreApplication::translate("cli", "--endpoint takes NAME=BASE, not \"%1\"").arg(pair));
            return UsageError;
        }
        options.bases[pair.left(eq).toStdString()] = pair.mid(eq + 1).toStdString();
    }
    if (parser.isSet(timeout)) {
        bool ok = false;
        const double seconds = parser.value(timeout).toDouble(&ok);
        if (!ok || seconds <= 0 || seconds > 3600) {
            printError(QCoreApplication::translate("cli", "--timeout takes seconds between 0 and 3600"));
            return UsageError;
        }
        options.limits.totalTimeoutMs = long(seconds * 1000);
        options.limits.connectTimeoutMs =
            std::min(options.limits.connectTimeoutMs, options.limits.totalTimeoutMs);
        options.limits.lowSpeedSeconds =
            std::max(1L, std::min(options.limits.lowSpeedSeconds, long(seconds)));
    }
    options.proxy = parser.value(proxy).toStdString();
    options.keys = apiKeysFromEnvironment();
    options.userAgent = "StackAtlas/" + QCoreApplication::applicationVersion().toStdString();

    AdapterRegistry registry;
    registerBuiltinAdapters(registry, priceSheetPath(parser.value(sheet)));
    if (!ctx.open(false))
        return Failure;
    auto &cache = ctx.cache();
    CollectorLock lock(cache->path());
    if (!lock.tryAcquire()) {
        // The timer and the open app fetch the same sources: the one already at it brings the data,
        // so this one stops without recording a second run of it.
        printError(QString::fromStdString(lock.holder()) + QStringLiteral("; this fetch skipped"));
        return Success;
    }
    FetchPipeline pipeline(registry, *cache, options);
    if (Status s = pipeline.validate(); !s.isOk()) {
        printError(QString::fromStdString(s.message()));
        return UsageError;
    }

    const bool terminal = isatty(STDERR_FILENO);
    CancelToken cancel;
    auto outcomes = pipeline.run(cancel, progressPrinter(terminal));
    if (terminal)
        std::fputc('\n', stderr);

    const int exit = reportOutcomes(outcomes);
    checkAlertsAfterWrite(*cache);
    if (const std::string offline = offlineSummary(outcomes); !offline.empty())
        std::fprintf(stderr, "stackatlas: %s\n", offline.c_str());
    return exit;
}

} // namespace stackatlas::cli
