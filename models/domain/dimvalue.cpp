// SPDX-License-Identifier: GPL-3.0-or-later
#include "dimvalue.h"

#include <cctype>

namespace stackatlas {

std::string normalizeDimValue(std::string value)
{
    const std::size_t point = value.find('.');
    if (point == std::string::npos || point == 0 || point + 1 == value.size())
        return value;
    std::size_t start = value[0] == '-' ? 1 : 0;
    if (start == point)
        return value;
    for (std::size_t i = start; i < value.size(); ++i)
        if (i != point && !std::isdigit(static_cast<unsigned char>(value[i])))
            return value;
    std::size_t end = value.size();
    while (end > point + 1 && value[end - 1] == '0')
        --end;
    if (end == point + 1)
        end = point; // "1.0" -> "1"
    value.resize(end);
    return value;
}

} // namespace stackatlas
