// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFlags>
#include <QMetaType>
#include <QStringList>

namespace stackatlas {

// What an edit, an import or a refresh changed in the cache. Panes re-read only what they show:
// the price war listens for points and events, the dependency graph for dependencies and points
// (its exposure sums market caps), and so on.
enum class DataChange : unsigned
{
    Points = 1u << 0,       // series and their values (sources say whose, empty: any)
    Taxonomy = 1u << 1,     // layers, categories, entities, GPUs
    Dependencies = 1u << 2, // the dependency edges (the user's edits)
    Events = 1u << 3,       // dated events (the dataset's and the user's)
    Claims = 1u << 4,       // the research's claims, including the user's usage split
    Runs = 1u << 5,         // fetch and import runs (Activity, Sources)
    AsOf = 1u << 6,         // the date figures are shown at (DataStore::setAsOf), not the data
    Alerts = 1u << 7,       // watch rules and their firings
};
Q_DECLARE_FLAGS(DataChanges, DataChange)
Q_DECLARE_OPERATORS_FOR_FLAGS(DataChanges)

struct StoreChange
{
    DataChanges what;
    QStringList sources; // whose points changed (a refresh names them); empty with Points: any source

    bool touches(DataChanges kinds) const { return (what & kinds) != 0; }
    static StoreChange everything()
    {
        return {DataChange::Points | DataChange::Taxonomy | DataChange::Dependencies | DataChange::Events |
                    DataChange::Claims | DataChange::Runs | DataChange::Alerts,
                {}};
    }
};

} // namespace stackatlas

Q_DECLARE_METATYPE(stackatlas::StoreChange)
