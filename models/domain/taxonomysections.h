// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Shared by the taxonomy file parser and the user overlay parser: the sections they both read and
// the "FILE:LINE: reason" messages they both give. Internal to the domain library.

#include "jsonobject.h"
#include "jsonreader.h"
#include "taxonomy.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace stackatlas::taxonomyformat {

enum class Kind
{
    Taxonomy, // the whole map: every section required
    Overlay   // additions: any section but layers and claims, none required
};

using Offsets = std::map<std::string, std::vector<std::size_t>>; // section -> each item's offset

void readSections(json::ObjectReader &root, const JsonValue &doc, Kind kind, Taxonomy &t, Offsets &offsets);
// The first problem at its line, and how many more there are.
std::string describeProblems(const std::vector<TaxonomyProblem> &problems, const Offsets &offsets,
                             std::string_view text, const std::string &fileName);
std::string syntaxError(std::string_view text, const JsonError &syntax, const std::string &fileName);
std::string fieldError(std::string_view text, const json::FieldError &e, const std::string &fileName);

} // namespace stackatlas::taxonomyformat
