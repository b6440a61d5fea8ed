// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/status.h"

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
    QString defaultGpu = QStringLiteral("h100-80gb");
    QString theme = QStringLiteral("system"); // light | dark | system

    Status validate() const;
    static AppSettings load(QSettings &settings);
    void save(QSettings &settings) const;
    bool operator==(const AppSettings &) const = default;
};

// The QSettings every part of the desktop app uses: ~/.config/stackatlas/stackatlas.conf.
QString settingsOrganization();

} // namespace stackatlas
