// SPDX-License-Identifier: GPL-3.0-or-later
// The cache file itself: the schema a new cache gets, migrations forward (and a failed one that
// changes nothing), and refusal of foreign files and newer schemas without touching them.
#include "datasources/cache/cache.h"
#include "datasources/cache/cachelocation.h"
#include "datasources/cache/schema.h"
#include "datasources/taxonomy/taxonomyloader.h"
#include "support/filehash.h"
#include "support/warnings.h"

#include <sqlite3.h>

#include <QTemporaryDir>
#include <QTest>

using namespace stackatlas;
using stackatlas::test::fileHash;

namespace {

Observation obs(const std::string &entity, const std::string &metric, const std::string &unit, UnixSeconds ts,
                double value)
{
    Observation o;
    o.key = {entity, metric, "test", {}};
    o.unit = unit;
    o.ts = ts;
    o.value = value;
    o.provenance = {"test", "https://example.invalid/" + metric, 1000, ts};
    return o;
}

// Runs SQL on a file with a raw connection, as another program would.
void rawSql(const QString &path, const char *sql)
{
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
    char *err = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
    QVERIFY2(rc == SQLITE_OK, err ? err : "?");
    sqlite3_close(db);
}

std::int64_t pragmaValue(const QString &path, const char *pragma)
{
    sqlite3 *db = nullptr;
    sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt *st = nullptr;
    sqlite3_prepare_v2(db, (std::string("PRAGMA ") + pragma).c_str(), -1, &st, nullptr);
    std::int64_t v = -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

} // namespace

class tst_CacheSchema : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void createsSchema();
    void refusesForeignFile_data();
    void refusesForeignFile();
    void refusesNewerSchema();
    void migratesForward();
    void version1CacheUpgrades();
    void failedMigrationKeepsVersion();
    void olderShippedTaxonomyIsUpgraded();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString path(const char *name) const { return m_dir->filePath(QString::fromLatin1(name)); }
    std::unique_ptr<Cache> seeded(const char *name)
    {
        auto c = openUserCache(path(name));
        if (!c.isOk())
            qFatal("%s", c.status().message().c_str());
        return std::move(c).value();
    }
};

void tst_CacheSchema::init()
{
    stackatlas::test::failOnUnexpectedWarnings();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_CacheSchema::createsSchema()
{
    auto c = Cache::open(path("new.sqlite").toStdString());
    QVERIFY2(c.isOk(), c.status().message().c_str());
    c = Result<std::unique_ptr<Cache>>(Status::error(StatusCode::Internal, "closed")); // close it
    QCOMPARE(pragmaValue(path("new.sqlite"), "application_id"), std::int64_t(cache::kApplicationId));
    QCOMPARE(pragmaValue(path("new.sqlite"), "user_version"), std::int64_t(cache::currentSchemaVersion()));
    sqlite3 *db = nullptr;
    sqlite3_open(path("new.sqlite").toUtf8().constData(), &db);
    sqlite3_stmt *st = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr);
    QCOMPARE(sqlite3_step(st), SQLITE_ROW);
    QCOMPARE(QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(st, 0))), QByteArray("wal"));
    sqlite3_finalize(st);
    sqlite3_close(db);
}

void tst_CacheSchema::refusesForeignFile_data()
{
    QTest::addColumn<QByteArray>("kind");
    QTest::addColumn<QString>("reason");
    QTest::newRow("text-file") << QByteArray("text") << QStringLiteral("not a readable SQLite database");
    QTest::newRow("other-app-sqlite") << QByteArray("sqlite") << QStringLiteral("not a StackAtlas cache");
    QTest::newRow("foreign-application-id")
        << QByteArray("appid") << QStringLiteral("application_id 0x12345678");
}

void tst_CacheSchema::refusesForeignFile()
{
    QFETCH(QByteArray, kind);
    QFETCH(QString, reason);
    const QString p = path("foreign.db");
    if (kind == "text") {
        QFile f(p);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("entity,metric\n").repeated(500));
    } else if (kind == "sqlite") {
        rawSql(p, "CREATE TABLE notes(x TEXT); INSERT INTO notes VALUES('mine');");
    } else {
        rawSql(p, "PRAGMA application_id = 305419896; CREATE TABLE t(x);");
    }
    const QByteArray before = fileHash(p);
    auto c = Cache::open(p.toStdString());
    QVERIFY(!c.isOk());
    QCOMPARE(c.status().code(), StatusCode::Refused);
    QVERIFY2(QString::fromStdString(c.status().message()).contains(reason), c.status().message().c_str());
    QCOMPARE(fileHash(p), before); // never modified
    QVERIFY(!QFile::exists(p + QStringLiteral("-wal")));
}

void tst_CacheSchema::refusesNewerSchema()
{
    {
        seeded("newer.sqlite");
    }
    rawSql(path("newer.sqlite"), "PRAGMA user_version = 99;");
    const QByteArray before = fileHash(path("newer.sqlite"));
    auto c = Cache::open(path("newer.sqlite").toStdString());
    QVERIFY(!c.isOk());
    QVERIFY2(QString::fromStdString(c.status().message())
                 .contains(QStringLiteral("newer StackAtlas (schema version 99")),
             c.status().message().c_str());
    QCOMPARE(fileHash(path("newer.sqlite")), before);
}

void tst_CacheSchema::migratesForward()
{
    // A file at version 1 of a two-step history is brought to version 2, keeping its data.
    const std::vector<cache::Migration> history{
        {"first", "CREATE TABLE a(x INTEGER);"},
        {"second", "ALTER TABLE a ADD COLUMN y TEXT NOT NULL DEFAULT 'new';"},
    };
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(path("m.sqlite").toUtf8().constData(), &db), SQLITE_OK);
    QVERIFY(cache::applyMigrations(db, 0, {history[0]}).isOk());
    sqlite3_exec(db, "INSERT INTO a(x) VALUES(7)", nullptr, nullptr, nullptr);
    QVERIFY(cache::applyMigrations(db, 1, history).isOk());
    sqlite3_stmt *st = nullptr;
    sqlite3_prepare_v2(db, "SELECT x, y, (SELECT user_version FROM pragma_user_version) FROM a", -1, &st,
                       nullptr);
    QCOMPARE(sqlite3_step(st), SQLITE_ROW);
    QCOMPARE(sqlite3_column_int(st, 0), 7);
    QCOMPARE(QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(st, 1))), QByteArray("new"));
    QCOMPARE(sqlite3_column_int(st, 2), 2);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

void tst_CacheSchema::version1CacheUpgrades()
{
    // A cache written by the first schema (no events table) opens, is migrated, and keeps its data.
    const QString p = path("v1.sqlite");
    {
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(p.toUtf8().constData(), &db), SQLITE_OK);
        sqlite3_exec(db, ("PRAGMA application_id = " + std::to_string(cache::kApplicationId)).c_str(),
                     nullptr, nullptr, nullptr);
        QVERIFY(cache::applyMigrations(db, 0, {cache::migrations().front()}).isOk());
        sqlite3_close(db);
    }
    QCOMPARE(pragmaValue(p, "user_version"), std::int64_t(1));
    {
        auto c = Cache::open(p.toStdString());
        QVERIFY2(c.isOk(), c.status().message().c_str());
        QVERIFY(c.value()->replaceTaxonomy(embeddedTaxonomy().value()).isOk());
        QVERIFY(c.value()->write({obs("render", "price_usd", "USD", 100, 4.5)}).isOk());
        QVERIFY(c.value()
                    ->replaceDatasetEvents({{"2025-01-20", "", "day", "DeepSeek-R1 released", "AI model",
                                             "src", "2025-01-20", false}})
                    .isOk());
    }
    QCOMPARE(pragmaValue(p, "user_version"), std::int64_t(cache::currentSchemaVersion()));
    auto again = Cache::open(p.toStdString(), Cache::Mode::ReadOnly);
    QCOMPARE(again.value()->events().value().size(), std::size_t(1));
    QCOMPARE(again.value()->query({"render", "price_usd", {}, {}, {}}).value().front().points.front().value,
             4.5);
}

void tst_CacheSchema::failedMigrationKeepsVersion()
{
    const std::vector<cache::Migration> history{
        {"first", "CREATE TABLE a(x INTEGER);"},
        {"broken", "CREATE TABLE b(x INTEGER); ALTER TABLE missing ADD COLUMN y TEXT;"},
    };
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(path("f.sqlite").toUtf8().constData(), &db), SQLITE_OK);
    const Status s = cache::applyMigrations(db, 0, history);
    QVERIFY(!s.isOk());
    QVERIFY(QString::fromStdString(s.message()).contains(QStringLiteral("migration to version 2 (broken)")));
    sqlite3_stmt *st = nullptr;
    sqlite3_prepare_v2(db,
                       "SELECT (SELECT user_version FROM pragma_user_version),"
                       " (SELECT count(*) FROM sqlite_schema WHERE name = 'b')",
                       -1, &st, nullptr);
    QCOMPARE(sqlite3_step(st), SQLITE_ROW);
    QCOMPARE(sqlite3_column_int(st, 0), 1); // stays at the last good version
    QCOMPARE(sqlite3_column_int(st, 1), 0); // and the half-done step is rolled back
    sqlite3_finalize(st);
    sqlite3_close(db);
}

void tst_CacheSchema::olderShippedTaxonomyIsUpgraded()
{
    // A cache made by an older build holds its shipped taxonomy, here one without the B300.
    const auto hasB300 = [](const Cache &c) {
        const auto t = c.taxonomy();
        return std::any_of(t.value().gpuModels.begin(), t.value().gpuModels.end(),
                           [](const GpuModel &m) { return m.key == "b300"; });
    };
    const auto older = [&](const char *origin) {
        auto c = seeded("old.sqlite");
        Taxonomy t = embeddedTaxonomy().value();
        std::erase_if(t.gpuModels, [](const GpuModel &m) { return m.key == "b300"; });
        std::erase_if(t.gpuAliases, [](const GpuAlias &a) { return a.gpu == "b300"; });
        QVERIFY(c->replaceTaxonomy(t).isOk());
        QVERIFY(c->setMetadata("taxonomy_embedded_sha256", "an older build's").isOk());
        QVERIFY(c->setMetadata("taxonomy_origin", origin).isOk());
        QVERIFY(!hasB300(*c));
    };
    older("embedded :/stackatlas/taxonomy/taxonomy.json");
    QVERIFY(hasB300(*seeded("old.sqlite"))); // this build's GPUs, on the next open
    // A taxonomy the user loaded stays theirs.
    older("file /home/me/my-taxonomy.json");
    QVERIFY(!hasB300(*seeded("old.sqlite")));
}

QTEST_GUILESS_MAIN(tst_CacheSchema)
#include "tst_cacheschema.moc"
