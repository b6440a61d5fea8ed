// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace stackatlas::cli {

// True when args name a subcommand or a CLI-only flag (--version, --help), i.e. no GUI is wanted.
bool isCliInvocation(const QStringList &args);
// Runs the command line; args excludes the program name. Returns the process exit code.
int run(const QStringList &args);

// Subcommands; args[0] is the command name.
int taxonomyCommand(const QStringList &args);
int importCsvCommand(const QStringList &args);
int queryCommand(const QStringList &args);
int sourcesCommand(const QStringList &args);
int fetchCommand(const QStringList &args);
int importPayloadCommand(const QStringList &args);
int buildDefaultDataCommand(const QStringList &args);
int exportCommand(const QStringList &args);
int depsCommand(const QStringList &args);
int priceIndexCommand(const QStringList &args);
int snapshotCommand(const QStringList &args);
int reportCommand(const QStringList &args);
int compareCommand(const QStringList &args);
int alertsCommand(const QStringList &args);
int teamCommand(const QStringList &args);

} // namespace stackatlas::cli
