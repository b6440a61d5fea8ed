// SPDX-License-Identifier: GPL-3.0-or-later
// A cache the user cannot write (a read-only file system or folder, a full disk): the commands
// that only read still read it, leaving nothing beside it, and a command that writes says why it
// cannot in the user's words, never "not a readable SQLite database".
#include "support/clirun.h"
#include "support/warnings.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace stackatlas;

class tst_ReadOnlyCache : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void readOnlyPlace();
    void fullDisk();

private:
    // Mounts a tmpfs of `size` on the folder (root only); false where mounting is not allowed.
    bool mount(const char *size);
    void readersReadWriterSaysWhy(const QString &why);
    QStringList besideTheCache() const { return QDir(m_place).entryList(QDir::Files | QDir::Hidden); }
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_place; // the cache's folder
    QString m_cache;
    bool m_mounted = false;
};

void tst_ReadOnlyCache::init()
{
    test::failOnUnexpectedWarnings();
    m_dir = std::make_unique<QTemporaryDir>();
    m_place = m_dir->filePath(QStringLiteral("place"));
    QVERIFY(QDir().mkpath(m_place));
    m_cache = m_place + QStringLiteral("/cache.sqlite");
}

void tst_ReadOnlyCache::cleanup()
{
    if (m_mounted)
        QProcess::execute(QStringLiteral("umount"), {m_place});
    m_mounted = false;
    QFile::setPermissions(m_place, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
}

bool tst_ReadOnlyCache::mount(const char *size)
{
    m_mounted = geteuid() == 0 &&
                QProcess::execute(QStringLiteral("mount"),
                                  {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                                   QStringLiteral("size=") + QLatin1String(size), QStringLiteral("tmpfs"),
                                   m_place}) == 0;
    return m_mounted;
}

void tst_ReadOnlyCache::readersReadWriterSaysWhy(const QString &why)
{
    const QStringList before = besideTheCache();
    const QString bin = QStringLiteral(STACKATLAS_BINARY);
    const auto sources = test::runCli(bin, {QStringLiteral("sources"), QStringLiteral("--cache"), m_cache});
    QVERIFY2(sources.exitCode == 0, qPrintable(sources.err));
    QVERIFY2(sources.out.contains(QStringLiteral("coingecko")), qPrintable(sources.out.left(300)));
    const auto query = test::runCli(bin, {QStringLiteral("query"), QStringLiteral("--entity"),
                                          QStringLiteral("render"), QStringLiteral("--metric"),
                                          QStringLiteral("price_usd"), QStringLiteral("--cache"), m_cache});
    QVERIFY2(query.exitCode == 0, qPrintable(query.err));
    QVERIFY(query.out.count(u'\n') > 10);
    const QString csv = test::writeTestFile(QDir(m_dir->path()), "one.csv",
                                            "entity,metric,unit,timestamp,value,source\n"
                                            "render,price_usd,USD,2025-01-20,7.1,test\n");
    const auto import =
        test::runCli(bin, {QStringLiteral("import-csv"), csv, QStringLiteral("--cache"), m_cache});
    QCOMPARE(import.exitCode, 1);
    QVERIFY2(import.err.contains(QStringLiteral("cannot write to %1: %2").arg(m_cache, why)),
             qPrintable(import.err));
    for (const QString &err : {sources.err, query.err, import.err})
        QVERIFY2(!err.contains(QStringLiteral("not a readable SQLite database")), qPrintable(err));
    QCOMPARE(besideTheCache(), before); // no -wal, no -shm, no journal
}

void tst_ReadOnlyCache::readOnlyPlace()
{
    const bool mounted = mount("16m");
    QVERIFY(test::privateCopy(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE), m_cache));
    if (mounted) {
        QCOMPARE(QProcess::execute(QStringLiteral("mount"),
                                   {QStringLiteral("-o"), QStringLiteral("remount,ro"), m_place}),
                 0);
        readersReadWriterSaysWhy(QStringLiteral("it is on a read-only file system"));
    } else {
        QVERIFY(QFile::setPermissions(m_cache, QFile::ReadOwner));
        QVERIFY(QFile::setPermissions(m_place, QFile::ReadOwner | QFile::ExeOwner));
        readersReadWriterSaysWhy(QStringLiteral("the file is read-only (Permission denied)"));
    }
}

void tst_ReadOnlyCache::fullDisk()
{
    if (!mount("16m"))
        QSKIP("a full disk needs a tmpfs, which only root may mount here");
    QVERIFY(test::privateCopy(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE), m_cache));
    QFile filler(m_place + QStringLiteral("/.filler"));
    QVERIFY(filler.open(QIODevice::WriteOnly | QIODevice::Unbuffered));
    const QByteArray block(64 * 1024, 'x');
    while (filler.write(block) == block.size())
        ;
    filler.close();
    readersReadWriterSaysWhy(QStringLiteral("the disk is full (0 KiB free)"));
}

QTEST_GUILESS_MAIN(tst_ReadOnlyCache)
#include "tst_readonlycache.moc"
