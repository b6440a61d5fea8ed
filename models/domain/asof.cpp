// SPDX-License-Identifier: GPL-3.0-or-later
#include "asof.h"

namespace stackatlas {

Cadence cadenceOf(const std::string &metric)
{
    if (metric.rfind("gpu_", 0) == 0)
        return Cadence::GpuPrices;
    if (metric.find("monthly") != std::string::npos)
        return Cadence::Monthly;
    return Cadence::Daily;
}

UnixSeconds AsOf::windowFor(const std::string &metric) const
{
    switch (cadenceOf(metric)) {
    case Cadence::GpuPrices:
        return windows.gpuPrices;
    case Cadence::Monthly:
        return windows.monthly;
    case Cadence::Daily:
        break;
    }
    return windows.daily;
}

TimeParse parseAsOf(std::string_view text)
{
    TimeParse t = parseTimestamp(text);
    const bool bareDate = text.size() == 10 && text[4] == '-' && text[7] == '-';
    if (t.value && bareDate)
        *t.value += 86399;
    return t;
}

std::string windowText(UnixSeconds window)
{
    const UnixSeconds days = window / 86400;
    return std::to_string(days) + (days == 1 ? " day" : " days");
}

} // namespace stackatlas
