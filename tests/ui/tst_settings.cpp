// SPDX-License-Identifier: GPL-3.0-or-later
// Preferences: a round trip through a real settings file, validation, a hand-damaged file, the
// dialog refusing a bad proxy, and API keys shown masked, never stored.
#include "datasources/settings/keystore.h"
#include "models/item/appsettings.h"
#include "support/warnings.h"
#include "ui/dialogs/settingsdialog.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace stackatlas;

class tst_Settings : public QObject
{
    Q_OBJECT

private slots:
    void init() { stackatlas::test::failOnUnexpectedWarnings(); }
    void roundTrip();
    void validation();
    void displayFormats();
    void dialogRefusesBadInput();
    void keysAreMaskedAndNeverSaved();
    void withoutAKeyringTheEnvironmentIsUsed();
};

void tst_Settings::roundTrip()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.conf"));
    AppSettings a;
    a.proxy = QStringLiteral("socks5://127.0.0.1:1080");
    a.timeoutSeconds = 45;
    a.autoRefreshMinutes = 30;
    a.defaultGpu = QStringLiteral("rtx-4090");
    a.theme = QStringLiteral("dark");
    a.defaultMetric = QStringLiteral("price_usd");
    a.numberFormat = QStringLiteral("system");
    a.dateFormat = QStringLiteral("system");
    a.staleDailyDays = 5;
    a.staleGpuDays = 14;
    a.staleMonthlyDays = 62;
    {
        QSettings s(path, QSettings::IniFormat);
        QVERIFY(a.save(s).isOk());
    }
    QSettings s(path, QSettings::IniFormat);
    QCOMPARE(AppSettings::load(s), a);
    // defaults when nothing is stored: automatic refresh off
    QSettings empty(dir.filePath(QStringLiteral("none.conf")), QSettings::IniFormat);
    QCOMPARE(AppSettings::load(empty).autoRefreshMinutes, 0);
    QCOMPARE(AppSettings::load(empty).theme, QStringLiteral("system"));
    QCOMPARE(AppSettings::load(empty).stalenessWindows(), StalenessWindows{}); // 3, 7 and 45 days
    QCOMPARE(AppSettings::load(s).stalenessWindows().gpuPrices, UnixSeconds(14 * 86400));
    // a file that cannot be written (here its folder is a file) is an error, not silence
    QFile blocker(dir.filePath(QStringLiteral("not-a-folder")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    QSettings unwritable(dir.filePath(QStringLiteral("not-a-folder/s.conf")), QSettings::IniFormat);
    const Status failed = a.save(unwritable);
    QVERIFY(!failed.isOk());
    QVERIFY2(failed.message().find("not-a-folder/s.conf") != std::string::npos, failed.message().c_str());
    // a hand-damaged file falls back to the defaults
    QSettings bad(dir.filePath(QStringLiteral("bad.conf")), QSettings::IniFormat);
    bad.setValue(QStringLiteral("network/timeoutSeconds"), -3);
    QCOMPARE(AppSettings::load(bad), AppSettings{});
}

void tst_Settings::validation()
{
    AppSettings s;
    QVERIFY(s.validate().isOk());
    for (const char *proxy : {"proxy:3128", "ftp://x:21", "http://", "not a url"}) {
        s.proxy = QString::fromLatin1(proxy);
        QVERIFY2(!s.validate().isOk(), proxy);
    }
    s = {};
    s.autoRefreshMinutes = 2; // sources limit their rates
    QVERIFY(!s.validate().isOk());
    s = {};
    s.timeoutSeconds = 1;
    QVERIFY(!s.validate().isOk());
    s = {};
    s.theme = QStringLiteral("pink");
    QVERIFY(!s.validate().isOk());
    s = {};
    s.defaultMetric = QStringLiteral("volume");
    QVERIFY(!s.validate().isOk());
    s = {};
    s.numberFormat = QStringLiteral("roman");
    QVERIFY(!s.validate().isOk());
    s = {};
    s.dateFormat = QStringLiteral("julian");
    QVERIFY(!s.validate().isOk());
    s = {};
    s.staleDailyDays = 0; // nothing would ever be current
    QVERIFY(!s.validate().isOk());
    s = {};
    s.staleMonthlyDays = 20; // shorter than a month: every monthly value unknown half the time
    QVERIFY(!s.validate().isOk());
}

void tst_Settings::displayFormats()
{
    const qint64 t = 1749022980; // 2025-06-04 07:43 UTC
    // Plain and ISO by default, whatever the machine's locale.
    QCOMPARE(formatUsdPrice(1234.5), QStringLiteral("$1234.50"));
    QCOMPARE(formatUsdCompact(2.5e9), QStringLiteral("$2.50B"));
    QCOMPARE(formatUtcDateTime(t), QStringLiteral("2025-06-04 07:43 UTC"));
    QCOMPARE(formatUtcDate(t), QStringLiteral("2025-06-04"));
    AppSettings german;
    german.numberFormat = QStringLiteral("system");
    german.dateFormat = QStringLiteral("system");
    DisplayFormat f = german.displayFormat();
    QVERIFY(f.localeNumbers && f.localeDates);
    f.locale = QLocale(QLocale::German, QLocale::Germany);
    setDisplayFormat(f);
    QCOMPARE(formatUsdPrice(1234.5), QStringLiteral("$1.234,50"));
    QCOMPARE(formatUsdCompact(2.5e9), QStringLiteral("$2,50B"));
    QCOMPARE(formatUtcDate(t), QStringLiteral("04.06.25"));
    QCOMPARE(formatUtcDateTime(t), QStringLiteral("04.06.25 07:43 UTC"));
    QCOMPARE(dayAxisFormat(), QStringLiteral("dd.MM.yy"));
    setDisplayFormat({});
    QCOMPARE(formatUsdPrice(1234.5), QStringLiteral("$1234.50"));
}

void tst_Settings::dialogRefusesBadInput()
{
    SettingsDialog dialog(AppSettings{}, {{QStringLiteral("h100-80gb"), QStringLiteral("NVIDIA H100 80GB")},
                                          {QStringLiteral("rtx-4090"), QStringLiteral("NVIDIA RTX 4090")}});
    dialog.show();
    auto *proxy = dialog.findChild<QLineEdit *>();
    QVERIFY(proxy);
    proxy->setText(QStringLiteral("proxy-without-scheme:3128"));
    dialog.accept();
    QVERIFY(dialog.isVisible()); // kept open, with the reason shown
    // For looking at it: STACKATLAS_SCREENSHOT_DIR=DIR saves the dialog as it is now.
    if (const QString shots = qEnvironmentVariable("STACKATLAS_SCREENSHOT_DIR"); !shots.isEmpty())
        dialog.grab().save(shots + QStringLiteral("/settings-dialog.png"));
    proxy->setText(QStringLiteral("http://proxy.example:3128"));
    // GPUs are shown by name and kept by key; formats by what they look like
    for (QComboBox *combo : dialog.findChildren<QComboBox *>()) {
        if (combo->accessibleName() == QLatin1String("Default GPU")) {
            QCOMPARE(combo->currentText(), QStringLiteral("NVIDIA H100 80GB"));
            combo->setCurrentIndex(combo->findData(QStringLiteral("rtx-4090")));
        }
        if (combo->accessibleName() == QLatin1String("Number format"))
            combo->setCurrentIndex(combo->findData(QStringLiteral("system")));
    }
    QCOMPARE(dialog.settings().defaultGpu, QStringLiteral("rtx-4090"));
    QCOMPARE(dialog.settings().numberFormat, QStringLiteral("system"));
    dialog.accept();
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.settings().proxy, QStringLiteral("http://proxy.example:3128"));
}

void tst_Settings::keysAreMaskedAndNeverSaved()
{
    const QByteArray key = "cg-demo-SECRET-value-1234";
    qputenv("STACKATLAS_COINGECKO_DEMO_KEY", key);
    const QString text = apiKeyStatusText();
    QVERIFY(text.contains(QStringLiteral("STACKATLAS_COINGECKO_DEMO_KEY: set")));
    QVERIFY(!text.contains(QString::fromLatin1(key)));
    QVERIFY(!text.contains(QStringLiteral("SECRET")));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.conf"));
    {
        QSettings s(path, QSettings::IniFormat);
        QVERIFY(AppSettings{}.save(s).isOk());
    }
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(!f.readAll().contains(key));
    qunsetenv("STACKATLAS_COINGECKO_DEMO_KEY");
}

void tst_Settings::withoutAKeyringTheEnvironmentIsUsed()
{
    // No session bus (a server, CI): the keyring is not tried, the environment is, and it says so.
    const QByteArray bus = qgetenv("DBUS_SESSION_BUS_ADDRESS");
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    qputenv("STACKATLAS_VASTAI_KEY", "vast-key-123");
    QVERIFY(!keystore::keyringReachable());
    QElapsedTimer timer;
    timer.start();
    const keystore::LoadedKeys loaded = keystore::load();
    QCOMPARE(loaded.keys.at("vastai").value, std::string("vast-key-123"));
    QVERIFY(loaded.message.contains(QStringLiteral("No keyring is running")));
    const Status stored = keystore::write(QStringLiteral("vastai"), QStringLiteral("x"));
    QCOMPARE(stored.code(), StatusCode::NotFound);
    QVERIFY(timer.elapsed() < 2000); // never waits on a keyring that is not there
    QCOMPARE(keystore::write(QStringLiteral("vastai"), QStringLiteral("a\r\nX-Evil: 1")).code(),
             StatusCode::InvalidInput);
    // the dialog disables key entry and explains why
    SettingsDialog dialog(AppSettings{}, {}, false);
    QVERIFY(dialog.enteredKeys().isEmpty());
    for (QLineEdit *edit : dialog.findChildren<QLineEdit *>())
        if (edit->echoMode() == QLineEdit::Password)
            QVERIFY(!edit->isEnabled());
    qunsetenv("STACKATLAS_VASTAI_KEY");
    if (!bus.isEmpty())
        qputenv("DBUS_SESSION_BUS_ADDRESS", bus);
}

QTEST_MAIN(tst_Settings)
#include "tst_settings.moc"
