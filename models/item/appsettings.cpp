// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/item/appsettings.h"

#include "datasources/team/teamsync.h"

#include <QSettings>
#include <QUrl>

namespace stackatlas {

QString settingsOrganization()
{
    return QStringLiteral("stackatlas");
}

Status AppSettings::validate() const
{
    if (!proxy.isEmpty()) {
        const QUrl url(proxy, QUrl::StrictMode);
        const QString scheme = url.scheme();
        if (!url.isValid() || url.host().isEmpty() ||
            (scheme != QLatin1String("http") && scheme != QLatin1String("https") &&
             scheme != QLatin1String("socks5") && scheme != QLatin1String("socks5h")))
            return Status::error(
                StatusCode::InvalidInput,
                "the proxy must be a URL such as http://proxy.example:3128 (http, https or socks5)");
    }
    if (timeoutSeconds < 5 || timeoutSeconds > 600)
        return Status::error(StatusCode::InvalidInput,
                             "the request timeout must be between 5 and 600 seconds");
    if (autoRefreshMinutes != 0 && (autoRefreshMinutes < 5 || autoRefreshMinutes > 1440))
        return Status::error(
            StatusCode::InvalidInput,
            "automatic refresh is off (0) or every 5 to 1440 minutes (sources limit their rates)");
    if (theme != QLatin1String("light") && theme != QLatin1String("dark") && theme != QLatin1String("system"))
        return Status::error(StatusCode::InvalidInput, "the theme is light, dark or system");
    if (defaultMetric != QLatin1String("market_cap_usd") && defaultMetric != QLatin1String("price_usd"))
        return Status::error(StatusCode::InvalidInput, "the default indexed measure is market cap or price");
    if (numberFormat != QLatin1String("plain") && numberFormat != QLatin1String("system"))
        return Status::error(StatusCode::InvalidInput, "the number format is plain or system");
    if (dateFormat != QLatin1String("iso") && dateFormat != QLatin1String("system"))
        return Status::error(StatusCode::InvalidInput, "the date format is iso or system");
    if (staleDailyDays < 1 || staleDailyDays > 30)
        return Status::error(StatusCode::InvalidInput, "daily market data may be 1 to 30 days old");
    if (staleGpuDays < 1 || staleGpuDays > 60)
        return Status::error(StatusCode::InvalidInput, "GPU prices may be 1 to 60 days old");
    if (staleMonthlyDays < 28 || staleMonthlyDays > 120)
        return Status::error(StatusCode::InvalidInput, "monthly series may be 28 to 120 days old");
    if (defaultGpu.isEmpty())
        return Status::error(StatusCode::InvalidInput, "choose a default GPU");
    return Status::ok();
}

Status AppSettings::checkTeamUrl() const
{
    if (teamUrl.trimmed().isEmpty())
        return Status::ok();
    auto password = team::urlHasPassword(teamUrl.trimmed().toStdString());
    if (!password.isOk())
        return Status::error(StatusCode::InvalidInput, "the team database: " + password.status().message());
    // Settings are a plain file: a password there would be readable by anything that reads it.
    if (password.value())
        return Status::error(StatusCode::InvalidInput,
                             "the team database's URL holds a password; keep it in the keyring (entry "
                             "team-database-password) or in ~/.pgpass instead");
    return Status::ok();
}

AppSettings AppSettings::load(QSettings &s)
{
    AppSettings a;
    a.proxy = s.value(QStringLiteral("network/proxy"), a.proxy).toString();
    a.timeoutSeconds = s.value(QStringLiteral("network/timeoutSeconds"), a.timeoutSeconds).toInt();
    a.autoRefreshMinutes = s.value(QStringLiteral("refresh/autoMinutes"), a.autoRefreshMinutes).toInt();
    a.notifyAlerts = s.value(QStringLiteral("alerts/notify"), a.notifyAlerts).toBool();
    a.teamUrl = s.value(QStringLiteral("team/url"), a.teamUrl).toString();
    a.teamAlsoFetchPublic = s.value(QStringLiteral("team/alsoFetchPublic"), a.teamAlsoFetchPublic).toBool();
    a.defaultGpu = s.value(QStringLiteral("charts/defaultGpu"), a.defaultGpu).toString();
    a.theme = s.value(QStringLiteral("appearance/theme"), a.theme).toString();
    a.defaultMetric = s.value(QStringLiteral("charts/defaultMetric"), a.defaultMetric).toString();
    a.numberFormat = s.value(QStringLiteral("appearance/numberFormat"), a.numberFormat).toString();
    a.dateFormat = s.value(QStringLiteral("appearance/dateFormat"), a.dateFormat).toString();
    a.staleDailyDays = s.value(QStringLiteral("asOf/dailyDays"), a.staleDailyDays).toInt();
    a.staleGpuDays = s.value(QStringLiteral("asOf/gpuPriceDays"), a.staleGpuDays).toInt();
    a.staleMonthlyDays = s.value(QStringLiteral("asOf/monthlyDays"), a.staleMonthlyDays).toInt();
    // A hand-edited file with a bad value falls back to the defaults rather than failing.
    return a.validate().isOk() ? a : AppSettings{};
}

Status AppSettings::save(QSettings &s) const
{
    s.setValue(QStringLiteral("network/proxy"), proxy);
    s.setValue(QStringLiteral("network/timeoutSeconds"), timeoutSeconds);
    s.setValue(QStringLiteral("refresh/autoMinutes"), autoRefreshMinutes);
    s.setValue(QStringLiteral("alerts/notify"), notifyAlerts);
    s.setValue(QStringLiteral("team/url"), teamUrl.trimmed());
    s.setValue(QStringLiteral("team/alsoFetchPublic"), teamAlsoFetchPublic);
    s.setValue(QStringLiteral("charts/defaultGpu"), defaultGpu);
    s.setValue(QStringLiteral("appearance/theme"), theme);
    s.setValue(QStringLiteral("charts/defaultMetric"), defaultMetric);
    s.setValue(QStringLiteral("appearance/numberFormat"), numberFormat);
    s.setValue(QStringLiteral("appearance/dateFormat"), dateFormat);
    s.setValue(QStringLiteral("asOf/dailyDays"), staleDailyDays);
    s.setValue(QStringLiteral("asOf/gpuPriceDays"), staleGpuDays);
    s.setValue(QStringLiteral("asOf/monthlyDays"), staleMonthlyDays);
    s.sync();
    if (s.status() != QSettings::NoError)
        return Status::error(
            StatusCode::IoError,
            "could not write the settings to " + s.fileName().toStdString() +
                (s.status() == QSettings::AccessError ? " (no access or no space)" : " (bad format)"));
    return Status::ok();
}

DisplayFormat AppSettings::displayFormat() const
{
    DisplayFormat f;
    f.localeNumbers = numberFormat == QLatin1String("system");
    f.localeDates = dateFormat == QLatin1String("system");
    f.locale = QLocale::system();
    return f;
}

StalenessWindows AppSettings::stalenessWindows() const
{
    constexpr UnixSeconds day = 86400;
    return {staleDailyDays * day, staleGpuDays * day, staleMonthlyDays * day};
}

} // namespace stackatlas
