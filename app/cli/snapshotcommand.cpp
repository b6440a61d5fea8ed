// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"
#include "clicommon.h"
#include "commandcontext.h"

#include "datasources/cache/snapshot.h"
#include "datasources/cache/snapshotdiff.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>

namespace stackatlas::cli {

namespace {

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

// Each verified snapshot lives, for the life of the command, in a private folder of its own.
Result<OpenedSnapshot> openVerified(const QString &path, QTemporaryDir &dir)
{
    if (!dir.isValid())
        return Status::error(StatusCode::IoError, "cannot create a private folder for the snapshot");
    return openSnapshot(path.toStdString(), dir.path().toStdString());
}

int save(const QStringList &args)
{
    CommandContext ctx(args);
    QCommandLineParser &parser = ctx.parser();
    const QCommandLineOption title(QStringLiteral("title"),
                                   QCoreApplication::translate("cli", "A title for the snapshot."),
                                   QStringLiteral("T"));
    const QCommandLineOption note(QStringLiteral("note"),
                                  QCoreApplication::translate("cli", "A note kept with it."),
                                  QStringLiteral("N"));
    ctx.addOptions({title, note});
    ctx.addCache(false);
    if (auto exit =
            ctx.parse(QStringLiteral("Save the cache as one self-contained snapshot file: data, taxonomy "
                                     "with your edits, events and metadata, never keys or settings."),
                      QStringLiteral("FILE")))
        return *exit;
    if (parser.positionalArguments().size() != 1) {
        printError(QCoreApplication::translate("cli", "snapshot save needs one FILE"));
        return UsageError;
    }
    if (!ctx.open(false))
        return Failure;
    auto &cache = ctx.cache();
    QElapsedTimer timer;
    timer.start();
    const QString path = parser.positionalArguments().first();
    const Status s =
        saveSnapshot(*cache, path.toStdString(), parser.value(title).toStdString(),
                     parser.value(note).toStdString(), QCoreApplication::applicationVersion().toStdString());
    if (!s.isOk()) {
        printError(s.message());
        return Failure;
    }
    printOut(QCoreApplication::translate("cli", "saved %1 (%2 bytes) in %3 ms\n")
                 .arg(path)
                 .arg(QFileInfo(path).size())
                 .arg(timer.elapsed()));
    return Success;
}

int info(const QStringList &args)
{
    CommandContext ctx(args);
    QCommandLineParser &parser = ctx.parser();
    if (auto exit =
            ctx.parse(QStringLiteral("Check a snapshot file and print its metadata. The file is copied to "
                                     "a private folder and never modified."),
                      QStringLiteral("FILE")))
        return *exit;
    if (parser.positionalArguments().size() != 1) {
        printError(QCoreApplication::translate("cli", "snapshot info needs one FILE"));
        return UsageError;
    }
    QTemporaryDir dir;
    const auto opened = openVerified(parser.positionalArguments().first(), dir);
    if (!opened.isOk()) {
        printError(opened.status().message());
        return Failure;
    }
    const SnapshotMeta &m = opened.value().meta;
    QString out = QStringLiteral("title: %1\nnote: %2\ncreated at: %3\napp version: %4\nschema version: %5\n"
                                 "content hash (%6): %7\nsources:\n")
                      .arg(q(m.title), q(m.note), q(m.createdAt), q(m.appVersion))
                      .arg(m.schemaVersion)
                      .arg(q(m.contentHashKind), q(m.contentHash));
    for (const auto &[source, asOf] : m.sourceAsOf)
        out += QCoreApplication::translate("cli", "  %1: as of %2\n")
                   .arg(q(source), asOf.empty() ? QStringLiteral("-") : q(asOf));
    // The taxonomy travels with the data, the user's overlay included (its text is kept too).
    const auto overlay = opened.value().cache->metadata("taxonomy_overlay_path");
    out += QCoreApplication::translate("cli", "taxonomy overlay: %1\n")
               .arg(overlay && !overlay->empty() ? q(*overlay) : QCoreApplication::translate("cli", "none"));
    printOut(out);
    return Success;
}

int diff(const QStringList &args)
{
    CommandContext ctx(args);
    QCommandLineParser &parser = ctx.parser();
    const QCommandLineOption threshold(
        QStringLiteral("threshold"),
        QCoreApplication::translate("cli", "Report value changes of at least PCT percent (default 5)."),
        QStringLiteral("PCT"), QStringLiteral("5"));
    ctx.addOptions({threshold});
    ctx.addFormat({QStringLiteral("text"), QStringLiteral("json"), QStringLiteral("csv")});
    if (auto exit =
            ctx.parse(QStringLiteral("Compare two snapshots: entities added and removed, newest values "
                                     "that moved by at least the threshold, sources whose as-of moved, "
                                     "and taxonomy, dependency and event edits."),
                      QStringLiteral("A B")))
        return *exit;
    if (parser.positionalArguments().size() != 2) {
        printError(
            QCoreApplication::translate("cli", "snapshot diff needs two files, A (before) and B (after)"));
        return UsageError;
    }
    bool ok = false;
    const double pct = parser.value(threshold).toDouble(&ok);
    if (!ok || pct < 0 || !std::isfinite(pct)) {
        printError(QCoreApplication::translate("cli", "--threshold must be a percentage of 0 or more"));
        return UsageError;
    }
    const QString fmt = ctx.format();
    QTemporaryDir dirA, dirB;
    const auto a = openVerified(parser.positionalArguments().at(0), dirA);
    if (!a.isOk()) {
        printError(a.status().message());
        return Failure;
    }
    const auto b = openVerified(parser.positionalArguments().at(1), dirB);
    if (!b.isOk()) {
        printError(b.status().message());
        return Failure;
    }
    const auto d = diffCaches(*a.value().cache, *b.value().cache, pct);
    if (!d.isOk()) {
        printError(d.status().message());
        return Failure;
    }
    printOut(fmt == QLatin1String("json")  ? diffToJson(d.value())
             : fmt == QLatin1String("csv") ? diffToCsv(d.value())
                                           : diffToText(d.value()));
    return Success;
}

} // namespace

int snapshotCommand(const QStringList &args)
{
    const QString sub = args.size() > 1 ? args.at(1) : QString();
    const QStringList rest = args.mid(1); // the subcommand takes the command's place
    if (sub == QLatin1String("save"))
        return save(rest);
    if (sub == QLatin1String("info"))
        return info(rest);
    if (sub == QLatin1String("diff"))
        return diff(rest);
    if (sub == QLatin1String("--help") || sub == QLatin1String("-h")) {
        printOut(QStringLiteral(
            "Usage: stackatlas snapshot save FILE [--title T] [--note N] [--cache PATH]\n"
            "       stackatlas snapshot info FILE\n"
            "       stackatlas snapshot diff A B [--threshold PCT] [--format text|json|csv]\n"));
        return Success;
    }
    printError(
        QCoreApplication::translate("cli", "snapshot needs save, info or diff (stackatlas snapshot --help)"));
    return UsageError;
}

} // namespace stackatlas::cli
