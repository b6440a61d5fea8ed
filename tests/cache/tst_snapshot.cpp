// SPDX-License-Identifier: GPL-3.0-or-later
// Snapshots: save then open gives back the cache's content; every kind of hostile file is refused
// with its reason, quickly, and left byte for byte as it was; two snapshots compare.
#include "datasources/cache/cache.h"
#include "datasources/cache/snapshot.h"
#include "datasources/cache/snapshotdiff.h"
#include "datasources/cache/snapshothash.h"
#include "support/filehash.h"
#include "support/snapshotdump.h"
#include "support/warnings.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <filesystem>

using namespace stackatlas;
using stackatlas::test::dump;
using stackatlas::test::fileHash;

namespace {

const QString kDefaultData = QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE);

void patch(const QString &path, qint64 offset, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QVERIFY(f.seek(offset));
    QCOMPARE(f.write(bytes), qint64(bytes.size()));
}

std::string storedHash(const QString &path)
{
    sqlite3 *db = nullptr;
    sqlite3_open_v2(("file:" + path.toStdString() + "?immutable=1").c_str(), &db,
                    SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
    sqlite3_stmt *st = nullptr;
    sqlite3_prepare_v2(db, "SELECT value FROM metadata WHERE key = 'snapshot.content_hash'", -1, &st,
                       nullptr);
    std::string out;
    if (sqlite3_step(st) == SQLITE_ROW)
        out = reinterpret_cast<const char *>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

void sqlOn(const QString &path, const char *sql)
{
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
    QCOMPARE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
}

// The snapshot's own hash row, changed in place ("hashtext"), copied into another row
// ("hashtwice"), or given a kind nobody knows ("hashkind").
void changeHash(const QString &file, const QString &kind)
{
    if (kind == QLatin1String("hashtext")) {
        // the stored hash itself, one digit changed in place: every other byte is as saved
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        const qint64 at = bytes.indexOf(QByteArray::fromStdString(storedHash(file)));
        QVERIFY(at > 0);
        f.close();
        patch(file, at, QByteArray(1, bytes[at] == 'a' ? 'b' : 'a'));
    } else if (kind == QLatin1String("hashtwice")) {
        sqlOn(file, "UPDATE metadata SET value = (SELECT value FROM metadata WHERE key = "
                    "'snapshot.content_hash') WHERE key = 'snapshot.note'");
    } else if (kind == QLatin1String("hashkind")) {
        sqlOn(file, "UPDATE metadata SET value = 'md5' WHERE key = 'snapshot.hash_kind'");
    }
}

} // namespace

class tst_Snapshot : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void saveThenOpenGivesTheContentBack();
    void hostileFilesAreRefusedAndUntouched_data();
    void hostileFilesAreRefusedAndUntouched();
    void saveFailsCleanly();
    void rowHashedSnapshotsStillOpen();
    void pageHashAcrossPieceEdges();
    void diffOfTwoSnapshots();

private:
    QString path(const char *name) const { return m_dir->filePath(QString::fromLatin1(name)); }
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Cache> m_cache;
};

void tst_Snapshot::init()
{
    stackatlas::test::failOnUnexpectedWarnings();
    m_cache.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(QFile::copy(kDefaultData, path("cache.sqlite")));
    QFile::setPermissions(path("cache.sqlite"), QFile::ReadOwner | QFile::WriteOwner);
    auto c = Cache::open(path("cache.sqlite").toStdString());
    QVERIFY2(c.isOk(), c.status().message().c_str());
    m_cache = std::move(c.value());
    // the user's own edits travel too
    QVERIFY(m_cache->addUserEvent({"2026-07-01", "", "", "My note", "user", "me", "", true}).isOk());
    QVERIFY(m_cache->setMetadata("usage_claim", "60;25;15;mine").isOk());
}

void tst_Snapshot::saveThenOpenGivesTheContentBack()
{
    QElapsedTimer timer;
    timer.start();
    QVERIFY(saveSnapshot(*m_cache, path("s.sqlite").toStdString(), "Week 48", "a note", "9.9").isOk());
    qInfo("saved a %lld-byte snapshot in %lld ms", QFileInfo(path("s.sqlite")).size(), timer.elapsed());
    QVERIFY(!QFile::exists(path("s.sqlite-journal")));
    const QByteArray before = fileHash(path("s.sqlite"));
    const auto opened = openSnapshot(path("s.sqlite").toStdString(), path("private").toStdString());
    QVERIFY2(opened.isOk(), opened.status().message().c_str());
    QCOMPARE(opened.value().meta.title, std::string("Week 48"));
    QCOMPARE(opened.value().meta.note, std::string("a note"));
    QCOMPARE(opened.value().meta.appVersion, std::string("9.9"));
    QCOMPARE(opened.value().meta.contentHash.size(), std::size_t(64));
    // each source's as-of is stamped as it was when saved
    const auto sources = m_cache->sources().value();
    QCOMPARE(opened.value().meta.sourceAsOf.size(), sources.size());
    QCOMPARE(opened.value().meta.sourceAsOf.front().first, sources.front().source);
    QCOMPARE(opened.value().meta.sourceAsOf.front().second, formatIsoUtc(*sources.front().asOf));
    QVERIFY(opened.value().cache->isReadOnly());
    // every table, row for row (the cache through its own WAL-aware connection: checkpoint first)
    m_cache.reset();
    {
        auto again = Cache::open(path("cache.sqlite").toStdString());
        QVERIFY(again.isOk());
        QVERIFY(again.value()->compactForDistribution().isOk());
    }
    const QStringList cacheRows = dump(path("cache.sqlite"));
    QVERIFY(cacheRows.size() > 50000);
    QCOMPARE(dump(QString::fromStdString(opened.value().privateCopy)), cacheRows);
    // opening never touched the file, and left nothing beside it
    QCOMPARE(fileHash(path("s.sqlite")), before);
    for (const char *side : {"s.sqlite-wal", "s.sqlite-shm", "s.sqlite-journal"})
        QVERIFY(!QFile::exists(path(side)));
    // writes are refused on the opened snapshot
    QVERIFY(!opened.value().cache->addUserEvent({"2026-07-02", "", "", "x", "", "y", "", true}).isOk());
}

void tst_Snapshot::hostileFilesAreRefusedAndUntouched_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << "empty"
                           << "too short";
    QTest::newRow("text") << "text"
                          << "not a SQLite database";
    QTest::newRow("truncated") << "truncated"
                               << "truncated";
    QTest::newRow("odd page size") << "pagesize"
                                   << "page size";
    QTest::newRow("huge declared size") << "declared"
                                        << "declares";
    QTest::newRow("wal mode") << "wal"
                              << "WAL";
    QTest::newRow("foreign") << "foreign"
                             << "another application";
    QTest::newRow("newer") << "newer"
                           << "newer StackAtlas";
    QTest::newRow("trigger") << "trigger"
                             << "trigger";
    QTest::newRow("view") << "view"
                          << "view";
    QTest::newRow("extra table") << "table"
                                 << "tables are not those";
    QTest::newRow("value changed") << "value"
                                   << "does not match its hash";
    QTest::newRow("hash text edited") << "hashtext"
                                      << "does not match its hash";
    QTest::newRow("hash text twice") << "hashtwice"
                                     << "more than once";
    QTest::newRow("unknown hash kind") << "hashkind"
                                       << "does not know";
    QTest::newRow("corrupt page") << "corrupt"
                                  << "corrupt";
    QTest::newRow("a cache, not a snapshot") << "cache"
                                             << "no content hash";
    QTest::newRow("100 MB of garbage") << "big"
                                       << "declares";
    QTest::newRow("padded to 100 MB, header consistent") << "padded"
                                                         << "corrupt";
}

void tst_Snapshot::hostileFilesAreRefusedAndUntouched()
{
    QFETCH(QString, kind);
    QFETCH(QString, message);
    const QString file = path("hostile.sqlite");
    QVERIFY(saveSnapshot(*m_cache, file.toStdString(), "t", "", "1").isOk());
    const qint64 size = QFileInfo(file).size();
    if (kind == QLatin1String("empty") || kind == QLatin1String("text") || kind == QLatin1String("big")) {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        if (kind == QLatin1String("text"))
            f.write(QByteArray(4096, 'x'));
        if (kind == QLatin1String("big")) {
            // a real header over 100 MB of noise
            QFile good(kDefaultData);
            QVERIFY(good.open(QIODevice::ReadOnly));
            f.write(good.read(100));
            QByteArray noise(1 << 20, '\0');
            for (int i = 0; i < noise.size(); ++i)
                noise[i] = char((i * 2654435761u) >> 13);
            f.write(noise.left(noise.size() - 100));
            for (int i = 1; i < 100; ++i)
                f.write(noise);
        }
    } else if (kind == QLatin1String("padded")) {
        // a real snapshot grown to 100 MB of garbage pages, its header claiming them: integrity_check
        // has to read all of it
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadWrite));
        const QByteArray header = f.read(100);
        f.seek(size);
        QByteArray noise(1 << 20, '\0');
        for (int i = 0; i < noise.size(); ++i)
            noise[i] = char((i * 2654435761u) >> 13);
        while (f.size() < 100 * (1 << 20))
            f.write(noise);
        const qint64 pages = f.size() / 4096;
        f.close();
        QCOMPARE(QFileInfo(file).size() % 4096, 0);
        patch(file, 28, QByteArray::fromHex(QByteArray::number(pages, 16).rightJustified(8, '0')));
        patch(file, 92, header.mid(24, 4));
    } else if (kind == QLatin1String("truncated")) {
        QVERIFY(QFile::resize(file, size / 2 + 100));
    } else if (kind == QLatin1String("pagesize")) {
        patch(file, 16, QByteArray::fromHex("03e8")); // 1000
    } else if (kind == QLatin1String("declared")) {
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray header = f.read(100);
        f.close();
        patch(file, 28, QByteArray::fromHex("7fffffff"));
        patch(file, 92, header.mid(24, 4)); // "valid for" the change counter, so SQLite would trust it
    } else if (kind == QLatin1String("wal")) {
        patch(file, 18, QByteArray::fromHex("0202"));
    } else if (kind == QLatin1String("foreign")) {
        patch(file, 68, QByteArray::fromHex("12345678"));
    } else if (kind == QLatin1String("newer")) {
        patch(file, 60, QByteArray::fromHex("00000063"));
    } else if (kind == QLatin1String("trigger")) {
        sqlOn(file, "CREATE TRIGGER evil AFTER INSERT ON events BEGIN DELETE FROM points; END;");
    } else if (kind == QLatin1String("view")) {
        sqlOn(file, "CREATE VIEW evil AS SELECT * FROM points");
    } else if (kind == QLatin1String("table")) {
        sqlOn(file, "CREATE TABLE extra(x)");
    } else if (kind == QLatin1String("value")) {
        sqlOn(file, "UPDATE points SET value = value * 2 WHERE ts = (SELECT min(ts) FROM points)");
    } else if (kind.startsWith(QLatin1String("hash"))) {
        changeHash(file, kind);
    } else if (kind == QLatin1String("corrupt")) {
        // scribble over the middle of the file's pages
        patch(file, (size / 4096 / 2) * 4096 + 8, QByteArray(2000, '\x5a'));
    } else if (kind == QLatin1String("cache")) {
        QVERIFY(QFile::remove(file));
        QVERIFY(QFile::copy(kDefaultData, file));
    }
    for (const char *side : {"-wal", "-shm", "-journal"})
        QFile::remove(file + QLatin1String(side));
    const QByteArray before = fileHash(file);
    QElapsedTimer timer;
    timer.start();
    const auto opened = openSnapshot(file.toStdString(), path("private").toStdString());
    const qint64 ms = timer.elapsed();
    QVERIFY2(!opened.isOk(), qPrintable(kind));
    QCOMPARE(opened.status().code(), StatusCode::Refused);
    QVERIFY2(QString::fromStdString(opened.status().message()).contains(message),
             opened.status().message().c_str());
    QVERIFY2(ms < 5000, qPrintable(QString::number(ms)));
    QCOMPARE(fileHash(file), before);
    for (const char *side : {"-wal", "-shm", "-journal"})
        QVERIFY(!QFile::exists(file + QLatin1String(side)));
    // nothing left in the private folder either
    QVERIFY(QDir(path("private")).entryList(QDir::Files).isEmpty());
}

void tst_Snapshot::saveFailsCleanly()
{
    // into a missing folder, over a directory, over the cache itself: errors, nothing written
    QVERIFY(!saveSnapshot(*m_cache, path("nope/s.sqlite").toStdString(), "", "", "1").isOk());
    QVERIFY(!saveSnapshot(*m_cache, m_dir->path().toStdString(), "", "", "1").isOk());
    QVERIFY(!saveSnapshot(*m_cache, path("cache.sqlite").toStdString(), "", "", "1").isOk());
    // an existing snapshot is replaced whole, atomically
    QFile old(path("s.sqlite"));
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("old");
    old.close();
    QVERIFY(saveSnapshot(*m_cache, path("s.sqlite").toStdString(), "new", "", "1").isOk());
    QVERIFY(openSnapshot(path("s.sqlite").toStdString(), path("private").toStdString()).isOk());
    const QStringList leftovers =
        QDir(m_dir->path()).entryList({QStringLiteral(".*tmp*")}, QDir::Files | QDir::Hidden);
    QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(QLatin1Char(' '))));
}

void tst_Snapshot::rowHashedSnapshotsStillOpen()
{
    // A snapshot as versions before page hashes saved it: no hash kind, SHA-256 over the rows.
    const QString file = path("old.sqlite");
    QVERIFY(saveSnapshot(*m_cache, file.toStdString(), "old", "", "1").isOk());
    sqlOn(file, "DELETE FROM metadata WHERE key = 'snapshot.hash_kind'");
    {
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(file.toUtf8().constData(), &db), SQLITE_OK);
        const auto rows = snapshothash::hashRows(db, "snapshot.content_hash");
        sqlite3_close(db);
        QVERIFY(rows.isOk());
        sqlOn(file, ("UPDATE metadata SET value = '" + rows.value() + "' WHERE key = 'snapshot.content_hash'")
                        .c_str());
    }
    auto opened = openSnapshot(file.toStdString(), path("private").toStdString());
    QVERIFY2(opened.isOk(), opened.status().message().c_str());
    QCOMPARE(opened.value().meta.contentHashKind, std::string(snapshothash::kRowsLabel));
    // one changed row is still caught by the row hash
    sqlOn(file, "UPDATE points SET value = value * 2 WHERE ts = (SELECT min(ts) FROM points)");
    const auto changed = openSnapshot(file.toStdString(), path("private2").toStdString());
    QVERIFY(!changed.isOk());
    QVERIFY(QString::fromStdString(changed.status().message()).contains(QLatin1String("does not match")));
    // saved again from the opened one, it carries a page hash (the old hash text lies in freed
    // space of its page and must not confuse the new one)
    QVERIFY(saveSnapshot(*opened.value().cache, path("again.sqlite").toStdString(), "again", "", "1").isOk());
    const auto again = openSnapshot(path("again.sqlite").toStdString(), path("private3").toStdString());
    QVERIFY2(again.isOk(), again.status().message().c_str());
    QCOMPARE(again.value().meta.contentHashKind, std::string(snapshothash::kPagesLabel));
}

void tst_Snapshot::pageHashAcrossPieceEdges()
{
    // The hash text where two 1 MiB pieces meet: found once, blanked on both sides, and any text
    // of its length there gives the same hash; a byte changed anywhere else changes it.
    QByteArray bytes(5 * (1 << 19), '\0');
    for (int i = 0; i < bytes.size(); ++i)
        bytes[i] = char((i * 2654435761u) >> 11);
    const qint64 at = (1 << 20) - 30;
    const auto hashWith = [&](const QByteArray &text, qint64 offset, qint64 flip = -1) {
        QByteArray b = bytes;
        b.replace(int(offset), text.size(), text);
        if (flip >= 0)
            b[int(flip)] = char(b[int(flip)] ^ 1);
        QFile f(path("pieces.bin"));
        f.open(QIODevice::WriteOnly | QIODevice::Truncate);
        f.write(b);
        f.close();
        return snapshothash::hashPages(path("pieces.bin").toStdString(), text.toStdString());
    };
    const QByteArray a(64, 'a'), b(64, 'b');
    const auto first = hashWith(a, at);
    QVERIFY2(first.isOk(), first.status().message().c_str());
    QCOMPARE(first.value().slotOffset, std::uint64_t(at));
    QCOMPARE(hashWith(b, at).value().hex, first.value().hex);
    QVERIFY(hashWith(a, at, 3).value().hex != first.value().hex);
    QVERIFY(hashWith(a, at, (2 << 20) + 7).value().hex != first.value().hex);
    // twice: once more straddling the next edge
    bytes.replace((2 << 20) - 10, 64, a);
    const auto again = hashWith(a, at);
    QVERIFY(!again.isOk());
    QVERIFY(QString::fromStdString(again.status().message()).contains(QLatin1String("more than once")));
    // absent: the file as written, asked for a text that is not in it
    const auto absent = snapshothash::hashPages(path("pieces.bin").toStdString(), std::string(64, 'q'));
    QVERIFY(!absent.isOk());
    QVERIFY(QString::fromStdString(absent.status().message()).contains(QLatin1String("not in its bytes")));
}

void tst_Snapshot::diffOfTwoSnapshots()
{
    QVERIFY(saveSnapshot(*m_cache, path("a.sqlite").toStdString(), "A", "", "1").isOk());
    // a week later: AWS cuts again, a new event, a user's dependency edge, a source moves on
    Observation o{{"aws",
                   "gpu_hourly_usd",
                   "aws-price-list",
                   {{"form", "sxm"},
                    {"gpu", "h100-80gb"},
                    {"instance", "p5.48xlarge"},
                    {"region", "us-east-1"},
                    {"rental", "on_demand"},
                    {"stat", "list"}}},
                  "USD/GPU-hour",
                  parseTimestamp("2026-08-29T07:00:00Z").value.value(),
                  3.44,
                  {"aws-price-list", "test", 1, parseTimestamp("2026-08-29T07:00:00Z").value.value()}};
    QVERIFY(m_cache->write({o}).isOk());
    QVERIFY(m_cache->addUserEvent({"2026-08-29", "", "", "AWS cuts again", "user", "me", "", true}).isOk());
    QVERIFY(
        m_cache->replaceDependency(std::nullopt, Dependency{"eliza", "render", "compute", "test"}).isOk());
    QVERIFY(saveSnapshot(*m_cache, path("b.sqlite").toStdString(), "B", "", "1").isOk());
    const auto a = openSnapshot(path("a.sqlite").toStdString(), path("pa").toStdString());
    const auto b = openSnapshot(path("b.sqlite").toStdString(), path("pb").toStdString());
    QVERIFY(a.isOk() && b.isOk());
    const auto d = diffCaches(*a.value().cache, *b.value().cache, 10);
    QVERIFY2(d.isOk(), d.status().message().c_str());
    QCOMPARE(d.value().changes.size(), std::size_t(1));
    QCOMPARE(d.value().changes[0].before, 6.88);
    QCOMPARE(d.value().changes[0].after, 3.44);
    QCOMPARE(d.value().changes[0].percent, -50.0);
    QCOMPARE(d.value().eventsAdded, std::vector<std::string>{"2026-08-29: AWS cuts again [yours]"});
    QCOMPARE(d.value().dependenciesAdded, std::vector<std::string>{"eliza -> render (compute)"});
    QCOMPARE(d.value().sources.size(), std::size_t(1));
    QCOMPARE(d.value().sources[0].source, std::string("aws-price-list"));
    QVERIFY(d.value().entitiesAdded.empty());
    // above the change's size: no value change reported
    QVERIFY(diffCaches(*a.value().cache, *b.value().cache, 60).value().changes.empty());
    // the same snapshot twice: nothing
    QVERIFY(diffCaches(*a.value().cache, *a.value().cache, 0).value().isEmpty());
    QVERIFY(diffToCsv(d.value()).find("value_changed,") != std::string::npos);
    QVERIFY(diffToJson(d.value()).find("\"percent\": -50") != std::string::npos);
}

QTEST_GUILESS_MAIN(tst_Snapshot)
#include "tst_snapshot.moc"
