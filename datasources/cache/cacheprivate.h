// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cache.h"
#include "sqlitehandle.h"

namespace stackatlas {

struct Cache::Private
{
    cache::SqliteDb db;
};

namespace cache {

// Dimensions are stored as one canonical text so (entity, metric, source, dims) can be UNIQUE.
// Keys are identifiers; values escape '%', ';' and '=' as %25, %3B, %3D.
std::string encodeDimensions(const Dimensions &dims);
Dimensions decodeDimensions(const std::string &text);
// One dimension's value from an encoded set, without decoding the others.
std::optional<std::string> dimensionValue(const std::string &text, const std::string &key);

// The columns every fetch_runs query selects, in the order readRun reads them.
extern const char *const kRunColumns;
FetchRun readRun(const Statement &q);

} // namespace cache
} // namespace stackatlas
