// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace stackatlas {

// The application's look: "light" and "dark" use Fusion with a palette of their own, "system"
// leaves the platform's style alone. Call before any window is built.
void applyTheme(const QString &theme);

} // namespace stackatlas
