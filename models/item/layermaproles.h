// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <Qt>

namespace stackatlas {

// Roles of LayerMapModel. Values are raw doubles, or invalid when unknown.
enum LayerMapRole
{
    NodeIdRole = Qt::UserRole + 100,
    NodeKindRole, // "layer" | "category" | "entity"
    MarketCapRole,
    FdvRole,
    Volume24hRole,
    Fees30dRole,
    Change24hRole, // percent
    Change7dRole,
    Change30dRole,
    FdvOverMcRole,
    LayerIndexRole, // 0 = infrastructure ... 3 = application, 4 = providers band
    ProvenanceRole, // one line per figure: metric, value, source, as-of
};

} // namespace stackatlas
