// SPDX-License-Identifier: GPL-3.0-or-later
#include "pane.h"

namespace stackatlas {

Pane::~Pane() = default;

} // namespace stackatlas
