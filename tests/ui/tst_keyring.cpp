// SPDX-License-Identifier: GPL-3.0-or-later
// The key store against a real Secret Service (gnome-keyring in a private D-Bus session, started by
// with-keyring.sh): keys are written, read back, preferred over the environment, removed, and a
// key that would inject an HTTP header is refused.
#include "datasources/settings/keystore.h"
#include "support/warnings.h"

#include <QTest>

using namespace stackatlas;

class tst_Keyring : public QObject
{
    Q_OBJECT

private slots:
    void init() { stackatlas::test::failOnUnexpectedWarnings(); }
    void initTestCase();
    void writeReadRemove();
    void keyringWinsOverTheEnvironment();
    void headerInjectionIsRefused();
};

void tst_Keyring::initTestCase()
{
    QVERIFY2(keystore::keyringReachable(), "no session bus: run through with-keyring.sh");
}

void tst_Keyring::writeReadRemove()
{
    const QString entry = QStringLiteral("vastai");
    const QString key = QStringLiteral("vast-key-from-the-keyring-7f3a");
    const Status written = keystore::write(entry, key + QStringLiteral("  "));
    QVERIFY2(written.isOk(), written.message().c_str());
    const auto read = keystore::read(entry);
    QVERIFY2(read.isOk(), read.status().message().c_str());
    QCOMPARE(read.value(), key); // trimmed when stored
    QVERIFY(keystore::remove(entry).isOk());
    const auto gone = keystore::read(entry);
    QVERIFY(!gone.isOk());
    QCOMPARE(gone.status().code(), StatusCode::NotFound);
    QVERIFY(keystore::load().message.contains(QLatin1String("holds no API keys")));
}

void tst_Keyring::keyringWinsOverTheEnvironment()
{
    qputenv("STACKATLAS_COINGECKO_DEMO_KEY", "demo-key-from-the-environment");
    QVERIFY(keystore::write(QStringLiteral("coingecko-demo"), QStringLiteral("demo-key-from-the-keyring"))
                .isOk());
    const keystore::LoadedKeys loaded = keystore::load();
    QVERIFY(loaded.keys.count("coingecko"));
    QCOMPARE(loaded.keys.at("coingecko").value, std::string("demo-key-from-the-keyring"));
    QCOMPARE(loaded.keys.at("coingecko").kind, std::string("demo"));
    QVERIFY2(loaded.message.contains(QLatin1String("from the keyring for: coingecko")),
             qPrintable(loaded.message));
    // the message names where keys come from, never a key
    QVERIFY(!loaded.message.contains(QLatin1String("demo-key")));
    QVERIFY(keystore::remove(QStringLiteral("coingecko-demo")).isOk());
    QCOMPARE(keystore::load().keys.at("coingecko").value, std::string("demo-key-from-the-environment"));
    qunsetenv("STACKATLAS_COINGECKO_DEMO_KEY");
}

void tst_Keyring::headerInjectionIsRefused()
{
    for (const QString &bad : {QStringLiteral("abc\r\nX-Evil: 1"), QStringLiteral("abc\ndef"),
                               QStringLiteral("abc") + QChar(0) + QStringLiteral("def")}) {
        const Status s = keystore::write(QStringLiteral("vastai"), bad);
        QVERIFY(!s.isOk());
        QCOMPARE(s.code(), StatusCode::InvalidInput);
    }
    QVERIFY(!keystore::read(QStringLiteral("vastai")).isOk()); // nothing was stored
}

QTEST_GUILESS_MAIN(tst_Keyring)
#include "tst_keyring.moc"
