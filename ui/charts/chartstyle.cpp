// SPDX-License-Identifier: GPL-3.0-or-later
#include "chartstyle.h"

#include "models/item/valueformat.h"

#include <cmath>
#include <map>

namespace stackatlas {

QString formatValue(double v, const std::string &unit)
{
    QString number;
    const double a = std::fabs(v);
    // Money in the app's one form ($3.45B), as tables, tiles and the report write it.
    if (unit == "USD" && a >= 1e3)
        return formatUsdCompact(v);
    if (a >= 100)
        number = formatDecimal(v, 0);
    else if (a >= 1)
        number = formatDecimal(v, 2);
    else
        number = displayNumberLocale().toString(v, 'g', 3);
    if (unit == "ratio")
        return number + QStringLiteral("x");
    if (unit == "percent")
        return number + QStringLiteral(" %");
    if (unit == "index")
        return number;
    return number + QLatin1Char(' ') + QString::fromStdString(unit);
}

QColor groupColour(const std::string &group, bool dark)
{
    static const std::map<std::string, QColor> colours{
        // provider classes
        {"decentralized", QColor(0x1f, 0x8a, 0x4c)},
        {"marketplace", QColor(0x12, 0x8c, 0x9e)},
        {"neocloud", QColor(0x7b, 0x4f, 0xc9)},
        {"hyperscaler", QColor(0xd9, 0x48, 0x1c)},
        {"centralized-ai-api", QColor(0x8a, 0x6d, 0x3b)},
        // layers, as on the layer map but saturated enough for lines
        {"infrastructure", QColor(0x1a, 0x73, 0xe8)},
        {"middleware", QColor(0x2e, 0x9e, 0x5b)},
        {"model", QColor(0xe3, 0x74, 0x00)},
        {"application", QColor(0xc2, 0x18, 0x5b)},
        // bars
        {"market_cap_usd", QColor(0x1a, 0x73, 0xe8)},
        {"fdv_usd", QColor(0xe3, 0x74, 0x00)},
        {"category_market_cap_usd", QColor(0x1a, 0x73, 0xe8)},
        {"category_volume_usd", QColor(0x2e, 0x9e, 0x5b)},
        {"index", QColor(0x1a, 0x73, 0xe8)},
        {"claims", QColor(0x5f, 0x63, 0x68)},
    };
    const auto it = colours.find(group);
    QColor c = it != colours.end() ? it->second : QColor(0x5f, 0x63, 0x68);
    return dark ? c.lighter(135) : c;
}

} // namespace stackatlas
