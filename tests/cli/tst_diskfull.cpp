// SPDX-License-Identifier: GPL-3.0-or-later
// Every output on a full disk: the command fails with the OS's reason, the earlier file is left as
// it was, and nothing else is left behind. The disk is a 64 KiB tmpfs when the test may mount one
// (root), else the enospc shim (support/enospcshim.cpp) plays it through LD_PRELOAD.
#include "support/clirun.h"
#include "support/warnings.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace stackatlas;

class tst_DiskFull : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void outputKeepsTheEarlierFile_data();
    void outputKeepsTheEarlierFile();
    void firstStartCreatesNoEmptyCache();

private:
    QStringList entries() const;
    QTemporaryDir m_dir;
    QString m_full; // the full disk's folder
    bool m_mounted = false;
    QProcessEnvironment m_env;
};

void tst_DiskFull::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_full = m_dir.filePath(QStringLiteral("full"));
    QVERIFY(QDir().mkpath(m_full));
    QVERIFY(test::privateCopy(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE),
                              m_dir.filePath(QStringLiteral("cache.sqlite"))));
    m_env = QProcessEnvironment::systemEnvironment();
    m_env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    m_env.insert(QStringLiteral("STACKATLAS_CACHE"), m_dir.filePath(QStringLiteral("cache.sqlite")));
    // STACKATLAS_DISKFULL_SHIM=1 uses the shim even where a tmpfs could be mounted (to test the shim).
    if (geteuid() == 0 && qEnvironmentVariableIntValue("STACKATLAS_DISKFULL_SHIM") == 0 &&
        QProcess::execute(QStringLiteral("mount"),
                          {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                           QStringLiteral("size=64k"), QStringLiteral("tmpfs"), m_full}) == 0) {
        m_mounted = true;
        // Filled but for 8 KiB: room for the small earlier files, none for any real output.
        QFile filler(m_full + QStringLiteral("/.filler"));
        QVERIFY(filler.open(QIODevice::WriteOnly));
        filler.write(QByteArray(56 * 1024, 'x'));
        filler.close();
        qInfo("full disk: a 64 KiB tmpfs");
    } else {
        m_env.insert(QStringLiteral("LD_PRELOAD"), QStringLiteral(STACKATLAS_ENOSPC_SHIM));
        m_env.insert(QStringLiteral("STACKATLAS_ENOSPC_PREFIX"), m_full + QLatin1Char('/'));
        m_env.insert(QStringLiteral("STACKATLAS_ENOSPC_AFTER"), QStringLiteral("4096"));
        qInfo("full disk: the LD_PRELOAD shim (no tmpfs could be mounted)");
    }
}

void tst_DiskFull::cleanupTestCase()
{
    if (m_mounted)
        QProcess::execute(QStringLiteral("umount"), {m_full});
}

void tst_DiskFull::init()
{
    test::failOnUnexpectedWarnings();
    QFile::remove(m_dir.filePath(QStringLiteral("elsewhere/r.pdf")));
    // Each case starts from the same folder: the earlier files only (and the filler).
    for (const QString &e : entries())
        if (e != QLatin1String(".filler"))
            QDir(m_full + QLatin1Char('/') + e).exists()
                ? (void)QDir(m_full + QLatin1Char('/') + e).removeRecursively()
                : (void)QFile::remove(m_full + QLatin1Char('/') + e);
}

QStringList tst_DiskFull::entries() const
{
    QStringList all;
    QDirIterator it(m_full, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        all << QDir(m_full).relativeFilePath(it.next());
    all.sort();
    return all;
}

void tst_DiskFull::outputKeepsTheEarlierFile_data()
{
    QTest::addColumn<QStringList>("args"); // FULL stands for the full folder
    QTest::addColumn<QString>("earlier");  // the file the output would replace, relative to FULL
    const auto exportAs = [](const char *pane, const char *format) {
        return QStringList{QStringLiteral("export"),
                           QStringLiteral("--pane"),
                           QString::fromLatin1(pane),
                           QStringLiteral("--format"),
                           QString::fromLatin1(format),
                           QStringLiteral("--out"),
                           QStringLiteral("FULL/out.") + QString::fromLatin1(format)};
    };
    for (const char *format : {"png", "svg", "pdf", "csv"})
        QTest::newRow(qPrintable(QStringLiteral("export price-war %1").arg(QLatin1String(format))))
            << exportAs("price-war", format) << QStringLiteral("out.") + QLatin1String(format);
    QTest::newRow("export layer-map svg") << exportAs("layer-map", "svg") << QStringLiteral("out.svg");
    QTest::newRow("report") << QStringList{QStringLiteral("report"), QStringLiteral("--out"),
                                           QStringLiteral("FULL/r.pdf")}
                            << QStringLiteral("r.pdf");
    QTest::newRow("report charts folder")
        << QStringList{QStringLiteral("report"), QStringLiteral("--out"), QStringLiteral("ELSEWHERE/r.pdf"),
                       QStringLiteral("--charts-dir"), QStringLiteral("FULL/charts")}
        << QStringLiteral("charts/usage.svg");
    QTest::newRow("snapshot save") << QStringList{QStringLiteral("snapshot"), QStringLiteral("save"),
                                                  QStringLiteral("FULL/week.stackatlas")}
                                   << QStringLiteral("week.stackatlas");
}

void tst_DiskFull::outputKeepsTheEarlierFile()
{
    QFETCH(QStringList, args);
    QFETCH(QString, earlier);
    const QString target = m_full + QLatin1Char('/') + earlier;
    QVERIFY(QDir().mkpath(QFileInfo(target).path()));
    QVERIFY(QFile::exists(target) || test::writeTestFile(QDir(QFileInfo(target).path()),
                                                         qPrintable(QFileInfo(target).fileName()), "earlier")
                                             .size() > 0);
    const QStringList before = entries();
    const QString elsewhere = m_dir.filePath(QStringLiteral("elsewhere"));
    QDir().mkpath(elsewhere);
    for (QString &a : args)
        a.replace(QStringLiteral("FULL"), m_full).replace(QStringLiteral("ELSEWHERE"), elsewhere);

    const auto run = test::runCli(QStringLiteral(STACKATLAS_BINARY), args, m_env);
    QVERIFY2(run.exitCode > 0, qPrintable(run.out + run.err));
    QVERIFY2(run.err.contains(QStringLiteral("No space left on device")) ||
                 run.err.contains(QStringLiteral("disk is full")),
             qPrintable(run.err));
    QFile kept(target);
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), QByteArray("earlier"));
    QCOMPARE(entries(), before); // no partial file, no temporary left behind
    // a report whose charts could not be written is not written either
    QVERIFY(!QFile::exists(elsewhere + QStringLiteral("/r.pdf")));
}

// The cache cannot be seeded: no cache at all (a later start, with room, seeds it), never an empty
// one that would hide the sample data for good.
void tst_DiskFull::firstStartCreatesNoEmptyCache()
{
    const QStringList before = entries();
    QProcessEnvironment env = m_env;
    env.insert(QStringLiteral("STACKATLAS_CACHE"), m_full + QStringLiteral("/cache.sqlite"));
    env.insert(QStringLiteral("STACKATLAS_DEFAULT_DATA"), QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE));
    const auto run = test::runCli(QStringLiteral(STACKATLAS_BINARY), {QStringLiteral("sources")}, env);
    QVERIFY2(run.exitCode > 0, qPrintable(run.out + run.err));
    QVERIFY2(run.err.contains(QStringLiteral("cannot create the cache")) &&
                 run.err.contains(QStringLiteral("No space left on device")),
             qPrintable(run.err));
    QCOMPARE(entries(), before);
}

QTEST_GUILESS_MAIN(tst_DiskFull)
#include "tst_diskfull.moc"
