// SPDX-License-Identifier: GPL-3.0-or-later
#include "valueformat.h"

#include <QDateTime>

#include <cmath>

namespace stackatlas {

namespace {
// The format and its number locale, built once when set: table cells format on every paint.
struct State
{
    DisplayFormat format;
    QLocale numbers = format.numberLocale();
};
State &state()
{
    static State s;
    return s;
}
const DisplayFormat &current()
{
    return state().format;
}
} // namespace

QLocale DisplayFormat::numberLocale() const
{
    if (localeNumbers)
        return locale;
    QLocale plain = QLocale::c();
    plain.setNumberOptions(QLocale::OmitGroupSeparator);
    return plain;
}

void setDisplayFormat(const DisplayFormat &format)
{
    state() = {format, format.numberLocale()};
}

const QLocale &displayNumberLocale()
{
    return state().numbers;
}

const DisplayFormat &displayFormat()
{
    return current();
}

QString formatDecimal(double value, int decimals)
{
    return state().numbers.toString(value, 'f', decimals);
}

QString formatUsdCompact(double value)
{
    const double a = std::abs(value);
    const QString sign = value < 0 ? QStringLiteral("-") : QString();
    if (a >= 1e12)
        return sign + QStringLiteral("$%1T").arg(formatDecimal(a / 1e12, 2));
    if (a >= 1e9)
        return sign + QStringLiteral("$%1B").arg(formatDecimal(a / 1e9, 2));
    if (a >= 1e6)
        return sign + QStringLiteral("$%1M").arg(formatDecimal(a / 1e6, 1));
    if (a >= 1e3)
        return sign + QStringLiteral("$%1K").arg(formatDecimal(a / 1e3, 1));
    return sign + QStringLiteral("$%1").arg(formatDecimal(a, 0));
}

QString formatUsdPrice(double value)
{
    const double a = std::abs(value);
    // Four significant digits for sub-dollar tokens; cents above.
    int decimals = 2;
    if (a > 0 && a < 1)
        decimals = std::min(8, 3 - int(std::floor(std::log10(a))));
    return QStringLiteral("$") + formatDecimal(value, decimals);
}

QString formatRatio(double value)
{
    return QStringLiteral("%1×").arg(formatDecimal(value, 2));
}

QString formatUtcDateTime(qint64 unixSeconds)
{
    const QDateTime t = QDateTime::fromSecsSinceEpoch(unixSeconds, Qt::UTC);
    if (current().localeDates)
        return current().locale.toString(t, QLocale::ShortFormat) + QStringLiteral(" UTC");
    return t.toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

QString formatUtcDate(qint64 unixSeconds)
{
    const QDate d = QDateTime::fromSecsSinceEpoch(unixSeconds, Qt::UTC).date();
    return current().localeDates ? current().locale.toString(d, QLocale::ShortFormat)
                                 : d.toString(Qt::ISODate);
}

QString dayAxisFormat()
{
    return current().localeDates ? current().locale.dateFormat(QLocale::ShortFormat)
                                 : QStringLiteral("yyyy-MM-dd");
}

QString monthAxisFormat()
{
    return current().localeDates ? QStringLiteral("MMM yyyy") : QStringLiteral("yyyy-MM");
}

} // namespace stackatlas
