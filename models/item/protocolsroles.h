// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <Qt>

namespace stackatlas {

// Roles of ProtocolsModel, in a header the UI can include without the model.
enum ProtocolsRole
{
    SortRole = Qt::UserRole + 1, // the raw number (double) or the plain text; invalid when unknown
    EntityIdRole,
    LayerIdRole,    // empty for providers outside the stack
    EntityKindRole, // "protocol" | "provider"
};

} // namespace stackatlas
