// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QString>

#include <string>

namespace stackatlas {

// The colour of a provider class, a layer or a named group, consistent across panes and exports.
QColor groupColour(const std::string &group, bool dark);

// A value as the hover read-out shows it, in its unit: "1.23 bn USD", "0.75x", "15 %".
QString formatValue(double value, const std::string &unit);

} // namespace stackatlas
