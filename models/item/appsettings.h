// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/asof.h"
#include "models/domain/status.h"

#include "models/item/valueformat.h"

#include <QString>

class QSettings;

namespace stackatlas {

// The desktop app's preferences, kept in QSettings. API keys are never among them: they come from
// the environment (STACKATLAS_COINGECKO_DEMO_KEY, …) and are never written anywhere.
struct AppSettings
{
    QString proxy;              // empty: the environment's, if any
    int timeoutSeconds = 60;    // a whole request, per attempt
    int autoRefreshMinutes = 0; // 0: off
    // A watch rule's new firing as a desktop notification (else the status bar and Activity only).
    bool notifyAlerts = true;
    // A team's PostgreSQL store (datasources/team): Refresh pulls from it, and fetches from the
    // public APIs too only when asked. Never a password: that is in the keyring or ~/.pgpass.
    QString teamUrl;
    bool teamAlsoFetchPublic = false;
    QString defaultGpu = QStringLiteral("h100-80gb");
    QString theme = QStringLiteral("system"); // light | dark | system
    // What the valuation pane's indexed chart indexes: market_cap_usd | price_usd.
    QString defaultMetric = QStringLiteral("market_cap_usd");
    QString numberFormat = QStringLiteral("plain"); // plain (1234.56) | system (the locale's)
    QString dateFormat = QStringLiteral("iso");     // iso (2025-06-04) | system (the locale's)
    // How many days old a value may be at the date shown and still stand for it (asof.h).
    int staleDailyDays = 3;    // token prices, market caps, FDV, volumes, fees
    int staleGpuDays = 7;      // GPU rental prices and offer counts
    int staleMonthlyDays = 45; // series published once a month

    Status validate() const;
    // The team URL read by libpq, refused when it holds a password. Apart from validate() because
    // it loads libpq: the Settings dialog asks it, load() at start-up does not (a hand-edited URL
    // with a password is refused where it would be used, by the refresh).
    Status checkTeamUrl() const;
    static AppSettings load(QSettings &settings);
    // Written at once; an unwritable file (a full disk, a read-only home) is an error to show.
    Status save(QSettings &settings) const;
    bool operator==(const AppSettings &) const = default;
    // The number and date format for valueformat's setDisplayFormat.
    DisplayFormat displayFormat() const;
    StalenessWindows stalenessWindows() const;
};

// The QSettings every part of the desktop app uses: ~/.config/stackatlas/stackatlas.conf.
QString settingsOrganization();

} // namespace stackatlas
