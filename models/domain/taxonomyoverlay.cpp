// SPDX-License-Identifier: GPL-3.0-or-later
#include "taxonomyoverlay.h"
#include "taxonomysections.h"
#include "textutil.h"

#include <algorithm>

namespace stackatlas {
namespace {

using json::FieldError;
using json::ObjectReader;
using taxonomyformat::Offsets;

// Appends the overlay's items of one section, recording where each sits in the merged section:
// the base's items have no line in the overlay, so a problem found at one of them names line 1.
template <typename T>
void append(std::vector<T> &into, const std::vector<T> &items, const char *section, const Offsets &overlay,
            Offsets &merged)
{
    auto &positions = merged[section];
    positions.assign(into.size(), 0);
    if (const auto it = overlay.find(section); it != overlay.end())
        positions.insert(positions.end(), it->second.begin(), it->second.end());
    into.insert(into.end(), items.begin(), items.end());
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

// The id, or a spelling, of an entity already: an alias must name exactly one.
const Entity *entitySpelled(const Taxonomy &t, const std::string &spelling)
{
    const std::string wanted = lower(spelling);
    for (const auto &e : t.entities) {
        if (lower(e.id) == wanted)
            return &e;
        for (const auto &a : e.aliases)
            if (lower(a) == wanted)
                return &e;
    }
    return nullptr;
}

// "aliases": more spellings for entities the base (or the overlay) has.
int addEntityAliases(ObjectReader &root, Taxonomy &t)
{
    int added = 0;
    for (const auto &item : root.array("aliases").items) {
        ObjectReader r(item, "an alias entry");
        const std::string id = r.string("entity");
        auto it =
            std::find_if(t.entities.begin(), t.entities.end(), [&](const Entity &e) { return e.id == id; });
        if (it == t.entities.end())
            throw FieldError(item.offset, "aliases for unknown entity \"" + id + "\"");
        const JsonValue *list = r.get("aliases");
        for (const std::string &alias : r.stringList("aliases")) {
            if (const Entity *other = entitySpelled(t, alias))
                throw FieldError(list ? list->offset : item.offset,
                                 "\"" + alias + "\" already names " + other->id);
            it->aliases.push_back(alias);
            ++added;
        }
        r.finish();
    }
    return added;
}

void refuseKnownGpuSpellings(const Taxonomy &base, const Taxonomy &overlay, const Offsets &offsets)
{
    for (std::size_t i = 0; i < overlay.gpuAliases.size(); ++i) {
        const std::string wanted = lower(overlay.gpuAliases[i].spelling);
        for (const auto &a : base.gpuAliases)
            if (lower(a.spelling) == wanted)
                throw FieldError(offsets.at("gpu_aliases")[i],
                                 "GPU spelling \"" + overlay.gpuAliases[i].spelling +
                                     "\" is known already (" +
                                     (a.gpu.empty() ? "family " + a.family : a.gpu) + ")");
    }
}

std::string countOf(std::size_t n, const char *one, const char *many)
{
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string describeAdditions(const Taxonomy &o, int aliases)
{
    std::vector<std::string> parts;
    auto add = [&](std::size_t n, const char *one, const char *many) {
        if (n)
            parts.push_back(countOf(n, one, many));
    };
    add(o.categories.size(), "category", "categories");
    add(o.providerClasses.size(), "provider class", "provider classes");
    add(o.sectors.size(), "sector", "sectors");
    add(o.entities.size(), "entity", "entities");
    add(std::size_t(aliases), "entity spelling", "entity spellings");
    add(o.dependencies.size(), "dependency", "dependencies");
    add(o.gpuModels.size(), "GPU model", "GPU models");
    add(o.gpuAliases.size(), "GPU spelling", "GPU spellings");
    add(o.instanceTypes.size(), "instance type", "instance types");
    return parts.empty() ? std::string("nothing") : joinStrings(parts, ", ");
}

} // namespace

Result<TaxonomyWithOverlay> applyTaxonomyOverlay(const Taxonomy &base, std::string_view text,
                                                 const std::string &fileName)
{
    JsonError syntax;
    auto parsed = parseJson(text, {}, &syntax);
    if (!parsed.isOk())
        return Status::error(StatusCode::InvalidInput, taxonomyformat::syntaxError(text, syntax, fileName));
    const JsonValue &doc = parsed.value();

    Taxonomy additions;
    Offsets offsets, merged;
    TaxonomyWithOverlay out{base, {}};
    Taxonomy &t = out.taxonomy;
    try {
        ObjectReader root(doc, "the overlay");
        if (root.string("format") != "stackatlas-taxonomy-overlay")
            throw FieldError(root.get("format")->offset,
                             "\"format\" must be \"stackatlas-taxonomy-overlay\" (a whole taxonomy is "
                             "loaded with taxonomy --load, not as an overlay)");
        if (root.number("version") != 1)
            throw FieldError(root.get("version")->offset, "overlay version " + root.get("version")->text +
                                                              " is not supported (this app reads version 1)");
        root.optionalString("description");
        taxonomyformat::readSections(root, doc, taxonomyformat::Kind::Overlay, additions, offsets);
        refuseKnownGpuSpellings(base, additions, offsets);
        append(t.categories, additions.categories, "categories", offsets, merged);
        append(t.providerClasses, additions.providerClasses, "provider_classes", offsets, merged);
        append(t.sectors, additions.sectors, "sectors", offsets, merged);
        append(t.entities, additions.entities, "entities", offsets, merged);
        append(t.dependencies, additions.dependencies, "dependencies", offsets, merged);
        append(t.gpuModels, additions.gpuModels, "gpu_models", offsets, merged);
        append(t.gpuAliases, additions.gpuAliases, "gpu_aliases", offsets, merged);
        append(t.instanceTypes, additions.instanceTypes, "instance_types", offsets, merged);
        const int aliases = doc.find("aliases") ? addEntityAliases(root, t) : 0;
        root.finish();
        out.summary = describeAdditions(additions, aliases);
    } catch (const FieldError &e) {
        return Status::error(StatusCode::InvalidInput, taxonomyformat::fieldError(text, e, fileName));
    }
    if (const auto problems = validateTaxonomy(t); !problems.empty())
        return Status::error(StatusCode::InvalidInput,
                             taxonomyformat::describeProblems(problems, merged, text, fileName));
    return out;
}

} // namespace stackatlas
