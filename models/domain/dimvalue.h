// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

namespace stackatlas {

// A dimension's value as a series' identity keeps it. A decimal written with trailing zeros after
// its point ("1.0", "2.50") is the same number as the shipped data's "1" and "2.5", and would
// otherwise make two series of one (gpus_per_instance=1.0 beside gpus_per_instance=1). Only such
// decimals change: an integer keeps its digits ("007" may be an id), and text stays as it is.
std::string normalizeDimValue(std::string value);

} // namespace stackatlas
