// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "datasources/cache/cache.h"

#include <QCommandLineParser>
#include <QStringList>

#include <memory>
#include <optional>

namespace stackatlas::cli {

// What every command does before its own work, written once: declare its options (with --format,
// --cache and --snapshot spelled the same everywhere), parse them (--help prints the command's own
// usage; a bad --format is a usage error), open the cache or a snapshot's verified private copy,
// and read the taxonomy. Each failure is reported on stderr in one line and becomes the exit code.
class CommandContext
{
public:
    // args[0] is the command's name ("query").
    explicit CommandContext(QStringList args);

    QCommandLineParser &parser() { return m_parser; }
    void addOptions(const QList<QCommandLineOption> &options) { m_parser.addOptions(options); }
    // --format, one of `formats`; the first is the default.
    void addFormat(const QStringList &formats);
    // --cache PATH; with `snapshotToo`, --snapshot FILE reads a saved snapshot instead.
    void addCache(bool snapshotToo);
    // --as-of T and --show-stale: the date figures are read at, with the staleness windows of
    // models/domain/asof.h (default: the newest data).
    void addAsOf();
    const AsOf &asOf() const { return m_asOf; }

    // Parses. nullopt: go on; else the exit code (0 after --help).
    [[nodiscard]] std::optional<int> parse(const QString &description, const QString &positional = {});
    QString format() const;

    // Opens the cache (or the snapshot) and, with `withTaxonomy`, reads its taxonomy. False after
    // saying why not; the command then returns Failure.
    [[nodiscard]] bool open(bool withTaxonomy = true);
    // After open(): the cache, and the taxonomy (as optionals, so that `cache->` and `*taxonomy`
    // read as before in the commands).
    std::unique_ptr<Cache> &cache() { return m_cache; }
    const std::optional<Taxonomy> &taxonomy() const { return m_taxonomy; }

private:
    QStringList m_args;
    QCommandLineParser m_parser;
    QStringList m_formats;
    bool m_snapshotToo = false;
    bool m_asOfWanted = false;
    AsOf m_asOf;
    std::unique_ptr<Cache> m_cache;
    std::optional<Taxonomy> m_taxonomy;
};

} // namespace stackatlas::cli
