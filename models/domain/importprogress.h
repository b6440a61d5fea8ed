// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

namespace stackatlas {

// One line on an import under way, the same on a terminal and in the desktop's Activity pane:
// "1200000 rows, 81000 rows/s, 14.2 % of 805 MB, about 90 s left". `total` is the input's size in
// bytes, or -1 for a pipe (then the megabytes read are said instead of a percentage).
std::string describeImportProgress(long long bytes, long long total, long long rows, double seconds);

} // namespace stackatlas
