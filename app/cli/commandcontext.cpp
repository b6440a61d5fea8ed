// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandcontext.h"

#include "clicommon.h"

#include "models/item/appsettings.h"

#include <QCoreApplication>
#include <QSettings>

namespace stackatlas::cli {

CommandContext::CommandContext(QStringList args) : m_args(std::move(args)) {}

void CommandContext::addFormat(const QStringList &formats)
{
    m_formats = formats;
    m_parser.addOption(QCommandLineOption(
        QStringLiteral("format"),
        QCoreApplication::translate("cli", "Output format: %1.").arg(formats.join(QStringLiteral(", "))),
        QStringLiteral("FORMAT"), formats.value(0)));
}

void CommandContext::addCache(bool snapshotToo)
{
    m_snapshotToo = snapshotToo;
    m_parser.addOption(cacheOption());
    if (snapshotToo)
        m_parser.addOption(snapshotOption());
}

namespace {
QCommandLineOption asOfOption()
{
    return {QStringLiteral("as-of"),
            QCoreApplication::translate(
                "cli",
                "Show figures as they stood at T (ISO-8601 or Unix seconds; a date alone is the whole of "
                "that UTC day): each the newest value at or "
                "before T within its staleness window (3 days for market data, 7 for GPU prices, 45 "
                "for monthly series, or as set in the app's Settings), else unknown. Default: the newest "
                "data in the cache."),
            QStringLiteral("T")};
}
QCommandLineOption staleOption()
{
    return {QStringLiteral("show-stale"),
            QCoreApplication::translate("cli", "Also show values older than their window, marked stale.")};
}
} // namespace

void CommandContext::addAsOf()
{
    m_asOfWanted = true;
    m_parser.addOption(asOfOption());
    m_parser.addOption(staleOption());
}

std::optional<int> CommandContext::parse(const QString &description, const QString &positional)
{
    if (auto exit = parseCommand(m_parser, m_args, description, positional))
        return exit;
    if (m_asOfWanted) {
        // The windows the desktop app is set to, so a figure the window calls unknown is unknown
        // here too (the defaults when nothing was set).
        QSettings stored(settingsOrganization(), settingsOrganization());
        m_asOf.windows = AppSettings::load(stored).stalenessWindows();
        m_asOf.includeStale = m_parser.isSet(staleOption());
        if (m_parser.isSet(asOfOption())) {
            const TimeParse t = parseAsOf(m_parser.value(asOfOption()).toStdString());
            if (!t.value) {
                printError(QStringLiteral("--as-of: %1").arg(QString::fromStdString(t.error)));
                return UsageError;
            }
            m_asOf.at = t.value;
        }
    }
    if (!m_formats.isEmpty() && !m_formats.contains(format())) {
        printError(QCoreApplication::translate("cli", "--format must be %1, not \"%2\"")
                       .arg(m_formats.join(QStringLiteral(" or ")), format()));
        return UsageError;
    }
    return std::nullopt;
}

QString CommandContext::format() const
{
    return m_formats.isEmpty() ? QString() : m_parser.value(QStringLiteral("format"));
}

bool CommandContext::open(bool withTaxonomy)
{
    m_cache = openCacheOrReport(m_parser, m_snapshotToo);
    if (!m_cache)
        return false;
    if (withTaxonomy) {
        m_taxonomy = taxonomyOrReport(*m_cache);
        if (!m_taxonomy)
            return false;
    }
    return true;
}

} // namespace stackatlas::cli
