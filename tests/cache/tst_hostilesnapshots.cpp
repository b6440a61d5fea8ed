// SPDX-License-Identifier: GPL-3.0-or-later
// A hostile-snapshot generator: 520 mutations of a real snapshot (header bytes, page bytes,
// truncation, appended bytes, and edits made through SQLite itself: values, rows, schema objects,
// pragmas, VACUUM). Each mutated file is judged by openSnapshot. The judge must refuse it or give
// back exactly the original content, leave the file byte for byte as it was, and leave nothing
// beside it. STACKATLAS_HOSTILE_SNAPSHOTS sets the count (tests/stress runs more).
#include "datasources/cache/cache.h"
#include "datasources/cache/cachelocation.h"
#include "datasources/cache/snapshot.h"
#include "support/filehash.h"
#include "support/snapshotdump.h"
#include "support/warnings.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <map>

using namespace stackatlas;

namespace {

// SQL a hostile editor could run on a snapshot; %1 is a random number below 100, %2 a random
// integer, %3 one below 50. Each changes the file (the test checks that it did).
const char *const kEdits[] = {
    "UPDATE points SET value = value + 1 WHERE ts = (SELECT ts FROM points ORDER BY ts LIMIT 1 OFFSET %1)",
    "DELETE FROM points WHERE ts = (SELECT ts FROM points ORDER BY ts LIMIT 1 OFFSET %1)",
    "UPDATE series SET source = 'other' WHERE id = (SELECT min(id) FROM series)",
    "INSERT INTO metadata(key, value) VALUES('added%2', 'x')",
    "UPDATE metadata SET value = 'Another title' WHERE key = 'snapshot.title'",
    "CREATE TRIGGER t%2 AFTER INSERT ON points BEGIN SELECT 1; END",
    "CREATE VIEW v%2 AS SELECT * FROM points",
    "CREATE TABLE extra%2(x)",
    "DROP TABLE events",
    "PRAGMA application_id = %2",
    "PRAGMA user_version = %3",
    "PRAGMA journal_mode = WAL",
    "UPDATE dependencies SET kind = 'storage' WHERE rowid = (SELECT min(rowid) FROM dependencies WHERE kind "
    "<> "
    "'storage')",
    "VACUUM",
    "UPDATE provenance SET source = 'evil' WHERE rowid = 1",
    "CREATE INDEX extra_index%2 ON points(value)",
    "PRAGMA page_size = 8192; VACUUM",
};
constexpr int kEditKinds = int(sizeof kEdits / sizeof kEdits[0]);

struct Tally
{
    int refused = 0;
    int identical = 0;
};

} // namespace

class tst_HostileSnapshots : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyMutationIsRefusedOrIdentical();

private:
    QString mutate(int index, QString &kind); // the mutated file's path
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QTemporaryDir m_dir;
    QString m_original;
    QByteArray m_bytes;
    QStringList m_content;
    QRandomGenerator m_rng{6122026};
};

void tst_HostileSnapshots::initTestCase()
{
    test::failOnUnexpectedWarnings();
    QVERIFY(m_dir.isValid());
    // A small cache of the shipped taxonomy and 400 values: every table has rows, and a judge's
    // pass over it is quick enough for hundreds of files.
    auto cache = openUserCache(path(QStringLiteral("cache.sqlite")));
    QVERIFY2(cache.isOk(), cache.isOk() ? "" : cache.status().message().c_str());
    std::vector<Observation> batch;
    for (int i = 0; i < 400; ++i) {
        Observation o;
        o.key = {i % 2 ? "render" : "akash", "price_usd", i % 4 < 2 ? "coingecko" : "test", {}};
        o.unit = "USD";
        o.ts = 1735689600 + (i / 4) * 86400;
        o.value = 1 + (i % 13) * 0.25;
        o.provenance = {o.key.source, "https://example.test/" + std::to_string(i % 3), 1735689600, 0};
        batch.push_back(o);
    }
    QVERIFY(cache.value()->write(batch).isOk());
    QVERIFY(cache.value()->addUserEvent({"2026-07-01", "", "", "My note", "user", "me", "", true}).isOk());
    m_original = path(QStringLiteral("original.stackatlas"));
    QVERIFY(saveSnapshot(*cache.value(), m_original.toStdString(), "Week 49", "a note", "1").isOk());
    QFile f(m_original);
    QVERIFY(f.open(QIODevice::ReadOnly));
    m_bytes = f.readAll();
    m_content = test::dump(m_original, true);
    QVERIFY(m_content.size() > 400);
    // The unmutated file opens and gives its content back: the judge is not refusing everything.
    const auto opened = openSnapshot(m_original.toStdString(), path(QStringLiteral("private")).toStdString());
    QVERIFY2(opened.isOk(), opened.isOk() ? "" : opened.status().message().c_str());
    QCOMPARE(test::dump(QString::fromStdString(opened.value().privateCopy), true), m_content);
}

QString tst_HostileSnapshots::mutate(int index, QString &kind)
{
    const QString folder = path(QStringLiteral("m%1").arg(index));
    QDir().mkpath(folder);
    const QString file = folder + QStringLiteral("/s.stackatlas");
    QByteArray bytes = m_bytes;
    const int size = int(bytes.size());
    const int group = index % 26; // interleaved, so any count covers every kind
    if (group < 5) {
        kind = QStringLiteral("header");
        const int at = m_rng.bounded(100);
        bytes[at] = char(bytes[at] ^ (1 + m_rng.bounded(255)));
    } else if (group < 12) {
        kind = QStringLiteral("page");
        const int at = 100 + m_rng.bounded(size - 108);
        for (int k = 0, n = 1 + m_rng.bounded(8); k < n; ++k)
            bytes[at + k] = char(m_rng.bounded(256));
    } else if (group < 16) {
        kind = QStringLiteral("truncation");
        const int pageSize = 4096;
        bytes.truncate(index % 2 ? m_rng.bounded(size) : pageSize * m_rng.bounded(size / pageSize));
    } else if (group < 17) {
        kind = QStringLiteral("appended");
        for (int k = 0, n = 1 + m_rng.bounded(8192); k < n; ++k)
            bytes.append(char(m_rng.bounded(256)));
    }
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly))
        return {};
    out.write(bytes);
    out.close();
    if (group >= 17) {
        const int edit = m_rng.bounded(kEditKinds);
        QString sql = QString::fromLatin1(kEdits[edit]);
        sql.replace(QStringLiteral("%1"), QString::number(m_rng.bounded(100)))
            .replace(QStringLiteral("%2"), QString::number(1 + m_rng.bounded(1 << 30)))
            .replace(QStringLiteral("%3"), QString::number(m_rng.bounded(50)));
        kind = QStringLiteral("sql: ") + sql;
        sqlite3 *db = nullptr;
        sqlite3_open(file.toUtf8().constData(), &db);
        char *error = nullptr;
        if (sqlite3_exec(db, sql.toUtf8().constData(), nullptr, nullptr, &error) != SQLITE_OK)
            qWarning("%s: %s", qPrintable(sql), error);
        sqlite3_free(error);
        sqlite3_close(db);
        QFile::remove(file + QStringLiteral("-wal"));
        QFile::remove(file + QStringLiteral("-shm"));
    }
    return file;
}

void tst_HostileSnapshots::everyMutationIsRefusedOrIdentical()
{
    const int count = qEnvironmentVariableIntValue("STACKATLAS_HOSTILE_SNAPSHOTS") > 0
                          ? qEnvironmentVariableIntValue("STACKATLAS_HOSTILE_SNAPSHOTS")
                          : 520;
    std::map<QString, Tally> tally; // by kind of mutation (the SQL edits by statement)
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < count; ++i) {
        QString kind;
        const QString file = mutate(i, kind);
        QVERIFY(!file.isEmpty());
        const QByteArray before = test::fileHash(file);
        QVERIFY2(before != test::fileHash(m_original), qPrintable(kind + QStringLiteral(" changed nothing")));
        const QString privateDir = path(QStringLiteral("p%1").arg(i));
        const auto opened = openSnapshot(file.toStdString(), privateDir.toStdString());
        const QString what = QStringLiteral("mutation %1 (%2)").arg(i).arg(kind);
        QVERIFY2(test::fileHash(file) == before, qPrintable(what + QStringLiteral(": the file was changed")));
        QVERIFY2(
            QDir(QFileInfo(file).path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot) ==
                QStringList{QStringLiteral("s.stackatlas")},
            qPrintable(what + QStringLiteral(": files appeared beside it")));
        Tally &t = tally[kind.startsWith(QLatin1String("sql: ")) ? kind.section(u' ', 1, 2) : kind];
        if (!opened.isOk()) {
            QVERIFY2(!opened.status().message().empty(), qPrintable(what));
            ++t.refused;
        } else {
            QVERIFY2(test::dump(QString::fromStdString(opened.value().privateCopy), true) == m_content,
                     qPrintable(what + QStringLiteral(": accepted with other content")));
            ++t.identical;
        }
        QDir(privateDir).removeRecursively();
        QDir(QFileInfo(file).path()).removeRecursively();
    }
    for (const auto &[kind, t] : tally)
        qInfo("%-28s %3d refused, %3d accepted with identical content", qPrintable(kind), t.refused,
              t.identical);
    qInfo("%d mutated snapshots judged in %lld ms", count, static_cast<long long>(clock.elapsed()));
}

QTEST_GUILESS_MAIN(tst_HostileSnapshots)
#include "tst_hostilesnapshots.moc"
