// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "appsettings.h"

#include <QDialog>
#include <QStringList>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace stackatlas {

// Edit > Settings: proxy, request timeout, automatic refresh (off by default), default GPU, theme;
// and which API keys are in use (read from the environment, shown masked, never stored).
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    SettingsDialog(const AppSettings &settings, const QStringList &gpus, QWidget *parent = nullptr);
    AppSettings settings() const;

protected:
    void done(int result) override;

private:
    QLineEdit *m_proxy;
    QSpinBox *m_timeout;
    QSpinBox *m_refresh;
    QComboBox *m_gpu;
    QComboBox *m_theme;
    QLabel *m_error;
};

// "STACKATLAS_COINGECKO_DEMO_KEY: set (…a1b2)" lines for the keys the app reads.
QString apiKeyStatusText();

} // namespace stackatlas
