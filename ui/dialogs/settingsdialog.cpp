// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dialogs/settingsdialog.h"

#include "datasources/team/teamsync.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

namespace stackatlas {

QString apiKeyStatusText()
{
    QString out;
    for (const char *name :
         {"STACKATLAS_COINGECKO_PRO_KEY", "STACKATLAS_COINGECKO_DEMO_KEY", "STACKATLAS_VASTAI_KEY"}) {
        const QString value = qEnvironmentVariable(name).trimmed();
        out += QString::fromLatin1(name) + QStringLiteral(": ") +
               (value.isEmpty()
                    ? QObject::tr("not set")
                    : QObject::tr("set (…%1)").arg(value.right(std::min<qsizetype>(4, value.size() / 4)))) +
               QLatin1Char('\n');
    }
    return out.trimmed();
}

SettingsDialog::SettingsDialog(const AppSettings &s, const QList<QPair<QString, QString>> &gpus,
                               bool keyringAvailable, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Settings"));
    m_proxy = new QLineEdit(s.proxy, this);
    m_proxy->setPlaceholderText(tr("http://proxy.example:3128 (empty: the environment's)"));
    m_proxy->setAccessibleName(tr("Proxy"));
    m_timeout = new QSpinBox(this);
    m_timeout->setRange(5, 600);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setValue(s.timeoutSeconds);
    m_timeout->setAccessibleName(tr("Request timeout"));
    m_refresh = new QSpinBox(this);
    m_refresh->setRange(0, 1440);
    m_refresh->setSpecialValueText(tr("off"));
    m_refresh->setSuffix(tr(" min"));
    m_refresh->setValue(s.autoRefreshMinutes);
    m_refresh->setAccessibleName(tr("Automatic refresh interval"));
    m_notify = new QCheckBox(tr("Show a watch rule's new firing as a desktop notification"), this);
    m_notify->setChecked(s.notifyAlerts);
    m_notify->setAccessibleName(tr("Desktop notifications for alerts"));
    m_gpu = new QComboBox(this);
    // Named as the panes name them, kept by key.
    for (const auto &[key, name] : gpus)
        m_gpu->addItem(name.isEmpty() ? key : name, key);
    if (m_gpu->findData(s.defaultGpu) < 0)
        m_gpu->addItem(s.defaultGpu, s.defaultGpu); // not priced in this cache, still the choice
    m_gpu->setCurrentIndex(m_gpu->findData(s.defaultGpu));
    m_gpu->setAccessibleName(tr("Default GPU"));
    m_theme = new QComboBox(this);
    m_theme->addItem(tr("Follow the system"), QStringLiteral("system"));
    m_theme->addItem(tr("Light"), QStringLiteral("light"));
    m_theme->addItem(tr("Dark"), QStringLiteral("dark"));
    m_theme->setCurrentIndex(std::max(0, m_theme->findData(s.theme)));
    m_theme->setAccessibleName(tr("Theme"));
    m_metric = new QComboBox(this);
    m_metric->addItem(tr("Market cap"), QStringLiteral("market_cap_usd"));
    m_metric->addItem(tr("Token price"), QStringLiteral("price_usd"));
    m_metric->setCurrentIndex(std::max(0, m_metric->findData(s.defaultMetric)));
    m_metric->setAccessibleName(tr("Default indexed measure"));
    addFormatChoices(s);
    addStalenessChoices(s);
    auto *keys = new QLabel(apiKeyStatusText(), this);
    keys->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QLabel *keysNote = addKeyFields(keyringAvailable);
    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c0392b"));
    auto *form = new QFormLayout;
    form->addRow(tr("Proxy:"), m_proxy);
    form->addRow(tr("Request timeout:"), m_timeout);
    form->addRow(tr("Automatic refresh:"), m_refresh);
    form->addRow(tr("Alerts:"), m_notify);
    addTeamFields(s, form);
    form->addRow(tr("Default GPU:"), m_gpu);
    form->addRow(tr("Default indexed measure:"), m_metric);
    form->addRow(tr("Theme:"), m_theme);
    form->addRow(tr("Numbers:"), m_numbers);
    form->addRow(tr("Dates:"), m_dates);
    // Past its window a value is unknown at the date shown, not an older figure passed off as current.
    auto *windowsNote = new QLabel(tr("How old a value may be at the date shown and still count; older "
                                      "values are unknown unless \"Show stale values\" is on."),
                                   this);
    windowsNote->setWordWrap(true);
    form->addRow(tr("Staleness windows:"), windowsNote);
    form->addRow(tr("Market data:"), m_staleDaily);
    form->addRow(tr("GPU prices:"), m_staleGpu);
    form->addRow(tr("Monthly series:"), m_staleMonthly);
    form->addRow(tr("API keys:"), keys);
    for (QLineEdit *edit : m_keys)
        form->addRow(edit->property("label").toString(), edit);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(keysNote);
    layout->addWidget(new QLabel(tr("Proxy, timeout and theme apply from the next start."), this));
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

// The team's PostgreSQL store: its URL (never with a password: validate() refuses one) and
// whether Refresh also asks the public APIs.
void SettingsDialog::addTeamFields(const AppSettings &s, QFormLayout *form)
{
    m_teamUrl = new QLineEdit(s.teamUrl, this);
    m_teamUrl->setPlaceholderText(tr("postgresql://analyst@dbhost/teamdb (empty: no team store)"));
    m_teamUrl->setAccessibleName(tr("Team database URL"));
    m_teamUrl->setToolTip(tr("Refresh pulls what the team's collector pushed. The password comes from the "
                             "keyring (below) or ~/.pgpass, never from here."));
    m_teamPublic = new QCheckBox(tr("Refresh also fetches from the public APIs"), this);
    m_teamPublic->setChecked(s.teamAlsoFetchPublic);
    m_teamPublic->setAccessibleName(tr("Also fetch from the public APIs"));
    form->addRow(tr("Team database:"), m_teamUrl);
    form->addRow(QString(), m_teamPublic);
}

// A password field per key the keyring can hold (disabled without a keyring), and the note under
// them that says where keys come from and where they never go.
QLabel *SettingsDialog::addKeyFields(bool keyringAvailable)
{
    auto *keysNote = new QLabel(
        keyringAvailable
            ? tr("Keys typed below are stored in the desktop keyring and used from the next start; "
                 "the environment variables above are the fallback. Keys are never written to the settings, "
                 "the cache, snapshots, reports or logs.")
            : tr("No keyring is running, so keys come from the environment variables above, read when "
                 "StackAtlas starts. Keys are never written to the settings, the cache, snapshots, reports "
                 "or logs."),
        this);
    for (const auto &[entry, label] : std::vector<std::pair<QString, QString>>{
             {QStringLiteral("coingecko-demo"), tr("CoinGecko demo key:")},
             {QStringLiteral("coingecko-pro"), tr("CoinGecko pro key:")},
             {QStringLiteral("vastai"), tr("Vast.ai key:")},
             {QString::fromLatin1(team::kPasswordEntry), tr("Team database password:")}}) {
        auto *edit = new QLineEdit(this);
        edit->setEchoMode(QLineEdit::Password);
        edit->setPlaceholderText(keyringAvailable ? tr("unchanged") : tr("needs a running keyring"));
        edit->setEnabled(keyringAvailable);
        edit->setAccessibleName(label);
        edit->setProperty("label", label);
        m_keys.insert(entry, edit);
    }
    keysNote->setWordWrap(true);
    return keysNote;
}

// How old a value may be at the date shown, per kind of series (AppSettings::stalenessWindows).
void SettingsDialog::addStalenessChoices(const AppSettings &s)
{
    const auto days = [this](int value, int min, int max, const QString &name) {
        auto *box = new QSpinBox(this);
        box->setRange(min, max);
        box->setSuffix(tr(" days"));
        box->setValue(value);
        box->setAccessibleName(name);
        return box;
    };
    m_staleDaily = days(s.staleDailyDays, 1, 30, tr("Market data stays current for"));
    m_staleGpu = days(s.staleGpuDays, 1, 60, tr("GPU prices stay current for"));
    m_staleMonthly = days(s.staleMonthlyDays, 28, 120, tr("Monthly series stay current for"));
}

// The number and date formats, each choice showing what it looks like on this machine's locale.
void SettingsDialog::addFormatChoices(const AppSettings &s)
{
    DisplayFormat plain, local;
    local.localeNumbers = local.localeDates = true;
    const double sampleNumber = 1234567.891;
    const qint64 sampleTime = 1749022980; // 2025-06-04 07:43 UTC
    m_numbers = new QComboBox(this);
    m_numbers->addItem(tr("Plain: %1").arg(plain.numberLocale().toString(sampleNumber, 'f', 2)),
                       QStringLiteral("plain"));
    m_numbers->addItem(tr("This system's (%1): %2")
                           .arg(local.locale.name(), local.numberLocale().toString(sampleNumber, 'f', 2)),
                       QStringLiteral("system"));
    m_numbers->setCurrentIndex(std::max(0, m_numbers->findData(s.numberFormat)));
    m_numbers->setAccessibleName(tr("Number format"));
    m_dates = new QComboBox(this);
    const QDateTime sampleDate = QDateTime::fromSecsSinceEpoch(sampleTime, Qt::UTC);
    m_dates->addItem(tr("ISO: %1").arg(sampleDate.toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"))),
                     QStringLiteral("iso"));
    m_dates->addItem(tr("This system's: %1 UTC").arg(local.locale.toString(sampleDate, QLocale::ShortFormat)),
                     QStringLiteral("system"));
    m_dates->setCurrentIndex(std::max(0, m_dates->findData(s.dateFormat)));
    m_dates->setAccessibleName(tr("Date format"));
}

QMap<QString, QString> SettingsDialog::enteredKeys() const
{
    QMap<QString, QString> out;
    for (auto it = m_keys.begin(); it != m_keys.end(); ++it)
        if (!it.value()->text().trimmed().isEmpty())
            out.insert(it.key(), it.value()->text().trimmed());
    return out;
}

AppSettings SettingsDialog::settings() const
{
    AppSettings s;
    s.proxy = m_proxy->text().trimmed();
    s.timeoutSeconds = m_timeout->value();
    s.autoRefreshMinutes = m_refresh->value();
    s.notifyAlerts = m_notify->isChecked();
    s.teamUrl = m_teamUrl->text().trimmed();
    s.teamAlsoFetchPublic = m_teamPublic->isChecked();
    s.defaultGpu = m_gpu->currentData().toString();
    s.theme = m_theme->currentData().toString();
    s.defaultMetric = m_metric->currentData().toString();
    s.numberFormat = m_numbers->currentData().toString();
    s.dateFormat = m_dates->currentData().toString();
    s.staleDailyDays = m_staleDaily->value();
    s.staleGpuDays = m_staleGpu->value();
    s.staleMonthlyDays = m_staleMonthly->value();
    return s;
}

void SettingsDialog::done(int result)
{
    if (result == QDialog::Accepted) {
        Status s = settings().validate();
        if (s.isOk())
            s = settings().checkTeamUrl();
        if (!s.isOk()) {
            m_error->setText(QString::fromStdString(s.message())); // stays open with what was typed
            adjustSize();                                          // room for the reason
            return;
        }
    }
    QDialog::done(result);
}

} // namespace stackatlas
