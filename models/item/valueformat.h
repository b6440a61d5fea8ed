// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLocale>
#include <QString>

namespace stackatlas {

// How numbers and dates are shown on screen (Settings → Number format, Date format). Plain and ISO
// by default: what researchers paste into scripts and what CSV exports, the CLI and reports always
// use. Times are UTC and say so whatever the format.
struct DisplayFormat
{
    bool localeNumbers = false; // 1.234,56 in de_DE rather than 1234.56
    bool localeDates = false;   // 04.06.25 rather than 2025-06-04
    QLocale locale = QLocale::system();

    QLocale numberLocale() const;
};
void setDisplayFormat(const DisplayFormat &format);
const DisplayFormat &displayFormat();
// displayFormat().numberLocale(), kept from the last setDisplayFormat.
const QLocale &displayNumberLocale();

// Display forms for numbers with units. Unknown values never pass through here: the caller shows
// them as blank or "unknown".
QString formatUsdCompact(double value); // $1.23B, $456.7M, $12.3K, $950
QString formatUsdPrice(double value);   // $0.4321, $12.29, $1234.56
QString formatRatio(double value);      // 2.41×
QString formatDecimal(double value, int decimals);
QString formatUtcDateTime(qint64 unixSeconds); // 2025-06-04 07:23 UTC
QString formatUtcDate(qint64 unixSeconds);     // 2025-06-04
// QDateTimeAxis formats for a day and for a month, in the chosen date format.
QString dayAxisFormat();
QString monthAxisFormat();

} // namespace stackatlas
