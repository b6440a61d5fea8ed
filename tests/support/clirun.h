// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace stackatlas::test {

// One run of the stackatlas binary (STACKATLAS_BINARY), as a script sees it.
struct CliRun
{
    int exitCode = -1; // -1: crashed or timed out
    QString out;
    QString err;
};

inline CliRun runCli(const QString &binary, const QStringList &args,
                     const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(binary, args);
    if (!p.waitForFinished(60000)) {
        p.kill();
        return {};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

// Writes `contents` to `name` in `dir`; returns its path.
inline QString writeTestFile(const QDir &dir, const char *name, const QByteArray &contents)
{
    const QString path = dir.filePath(QString::fromLatin1(name));
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(contents);
    return path;
}

// A private copy of a file (owner read and write only, as a cache is); false when it failed.
inline bool privateCopy(const QString &source, const QString &target)
{
    return QFile::copy(source, target) && QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner);
}

} // namespace stackatlas::test
