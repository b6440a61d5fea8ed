// SPDX-License-Identifier: GPL-3.0-or-later
#include "moneyformat.h"

#include "chartdata.h"

#include <cmath>

namespace stackatlas {

std::string formatUsdShort(double value)
{
    const double a = std::abs(value);
    const std::string sign = value < 0 ? "-" : "";
    if (a >= 1e12)
        return sign + "$" + formatFixed(a / 1e12, 2) + "T";
    if (a >= 1e9)
        return sign + "$" + formatFixed(a / 1e9, 2) + "B";
    if (a >= 1e6)
        return sign + "$" + formatFixed(a / 1e6, 1) + "M";
    if (a >= 1e3)
        return sign + "$" + formatFixed(a / 1e3, 1) + "K";
    return sign + "$" + formatFixed(a, 0);
}

std::string formatGrouped(double value)
{
    const long long whole = std::llround(value);
    const std::string digits = std::to_string(whole < 0 ? -whole : whole);
    std::string out = whole < 0 ? "-" : "";
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return out;
}

} // namespace stackatlas
