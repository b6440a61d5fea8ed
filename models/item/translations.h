// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLocale>
#include <QString>

namespace stackatlas {

// Where the installed translations are: share/stackatlas/translations beside the binary's prefix
// (/usr/bin/stackatlas -> /usr/share/stackatlas/translations; the build tree mirrors that layout).
QString installedTranslationsDir();

// Installs Qt's own translation for `locale` (dialog buttons) and StackAtlas's from `dir`
// (stackatlas_<locale>.qm), and routes the chart texts built in the Qt-free models/domain through
// them. English needs neither. Returns how many translation files were loaded.
int loadTranslations(const QLocale &locale, const QString &dir);

} // namespace stackatlas
