// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/item/appsettings.h"

#include <QDialog>
#include <QMap>
#include <QStringList>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QCheckBox;
class QSpinBox;

namespace stackatlas {

// Edit > Settings: proxy, request timeout, automatic refresh (off by default), default GPU, theme;
// and which API keys are in use (read from the environment, shown masked, never stored).
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    // `keyringAvailable`: whether keys typed here can be stored in the desktop keyring.
    SettingsDialog(const AppSettings &settings, const QList<QPair<QString, QString>> &gpus,
                   bool keyringAvailable = false, QWidget *parent = nullptr);
    AppSettings settings() const;
    // Keys typed into the dialog, by keyring entry ("coingecko-demo"); empty fields are left out.
    QMap<QString, QString> enteredKeys() const;

protected:
    void done(int result) override;

private:
    void addFormatChoices(const AppSettings &s);
    void addStalenessChoices(const AppSettings &s);
    QLabel *addKeyFields(bool keyringAvailable);
    void addTeamFields(const AppSettings &s, QFormLayout *form);
    QLineEdit *m_proxy;
    QSpinBox *m_timeout;
    QSpinBox *m_refresh;
    QCheckBox *m_notify = nullptr;
    QLineEdit *m_teamUrl = nullptr;
    QCheckBox *m_teamPublic = nullptr;
    QComboBox *m_gpu;
    QComboBox *m_theme;
    QComboBox *m_metric;
    QComboBox *m_numbers;
    QComboBox *m_dates;
    QSpinBox *m_staleDaily, *m_staleGpu, *m_staleMonthly;
    QLabel *m_error;
    QMap<QString, QLineEdit *> m_keys;
};

// "STACKATLAS_COINGECKO_DEMO_KEY: set (…a1b2)" lines for the keys the app reads.
QString apiKeyStatusText();

} // namespace stackatlas
