// SPDX-License-Identifier: GPL-3.0-or-later
#include "valueformat.h"

#include <QDateTime>
#include <QLocale>

#include <cmath>

namespace stackatlas {

QString formatUsdCompact(double value)
{
    const double a = std::abs(value);
    const QString sign = value < 0 ? QStringLiteral("-") : QString();
    if (a >= 1e12)
        return sign + QStringLiteral("$%1T").arg(a / 1e12, 0, 'f', 2);
    if (a >= 1e9)
        return sign + QStringLiteral("$%1B").arg(a / 1e9, 0, 'f', 2);
    if (a >= 1e6)
        return sign + QStringLiteral("$%1M").arg(a / 1e6, 0, 'f', 1);
    if (a >= 1e3)
        return sign + QStringLiteral("$%1K").arg(a / 1e3, 0, 'f', 1);
    return sign + QStringLiteral("$%1").arg(a, 0, 'f', 0);
}

QString formatUsdPrice(double value)
{
    const double a = std::abs(value);
    // Four significant digits for sub-dollar tokens; cents above.
    int decimals = 2;
    if (a > 0 && a < 1)
        decimals = std::min(8, 3 - int(std::floor(std::log10(a))));
    return QStringLiteral("$") +
           QLocale::c().toString(value, 'f', decimals).replace(QStringLiteral(","), QString());
}

QString formatRatio(double value)
{
    return QStringLiteral("%1×").arg(value, 0, 'f', 2);
}

QString formatUtcDateTime(qint64 unixSeconds)
{
    return QDateTime::fromSecsSinceEpoch(unixSeconds, Qt::UTC)
        .toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

} // namespace stackatlas
