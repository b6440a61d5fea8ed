// SPDX-License-Identifier: GPL-3.0-or-later
#include "taxonomy.h"
#include "models/domain/textutil.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace stackatlas {
namespace {

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

template <typename T> const T *findById(const std::vector<T> &items, std::string_view id)
{
    const auto it = std::find_if(items.begin(), items.end(), [&](const T &item) { return item.id == id; });
    return it == items.end() ? nullptr : &*it;
}

// Ids are what the CLI, exports and snapshots refer to forever: lowercase, digits, '-'.
bool isValidId(std::string_view id)
{
    if (id.empty() || id.size() > 64 || id.front() == '-' || id.back() == '-')
        return false;
    return std::all_of(id.begin(), id.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

} // namespace

const Layer *Taxonomy::layer(std::string_view id) const
{
    return findById(layers, id);
}
const Category *Taxonomy::category(std::string_view id) const
{
    return findById(categories, id);
}
const ProviderClass *Taxonomy::providerClass(std::string_view id) const
{
    return findById(providerClasses, id);
}
const GpuModel *Taxonomy::gpuModel(std::string_view key) const
{
    const auto it =
        std::find_if(gpuModels.begin(), gpuModels.end(), [&](const GpuModel &g) { return g.key == key; });
    return it == gpuModels.end() ? nullptr : &*it;
}
std::string Taxonomy::gpuName(std::string_view key) const
{
    const GpuModel *g = gpuModel(key);
    return g ? g->name : std::string(key);
}
const Entity *Taxonomy::entity(std::string_view id) const
{
    return findById(entities, id);
}
const Sector *Taxonomy::sector(std::string_view id) const
{
    return findById(sectors, id);
}

const Sector *Taxonomy::sectorByCoinGeckoCategory(std::string_view category) const
{
    for (const auto &s : sectors) {
        if (s.coingeckoCategory == category)
            return &s;
    }
    return nullptr;
}

const Entity *Taxonomy::entityByCoinGeckoId(std::string_view coingeckoId) const
{
    if (coingeckoId.empty())
        return nullptr;
    for (const auto &e : entities) {
        if (e.coingeckoId == coingeckoId)
            return &e;
    }
    return nullptr;
}

std::vector<const Entity *> Taxonomy::entitiesBySpelling(std::string_view spelling) const
{
    for (const auto &e : entities) {
        if (equalsIgnoreCase(e.id, spelling))
            return {&e};
        for (const auto &alias : e.aliases)
            if (equalsIgnoreCase(alias, spelling))
                return {&e};
    }
    std::vector<const Entity *> out;
    if (spelling.empty())
        return out;
    for (const auto &e : entities)
        if (equalsIgnoreCase(e.name, spelling) || equalsIgnoreCase(e.tokenSymbol, spelling) ||
            equalsIgnoreCase(e.coingeckoId, spelling))
            out.push_back(&e);
    return out;
}

const Entity *Taxonomy::entityBySpelling(std::string_view spelling) const
{
    const auto found = entitiesBySpelling(spelling);
    return found.size() == 1 ? found.front() : nullptr;
}

std::string Taxonomy::entitySpellingProblem(std::string_view spelling) const
{
    const auto found = entitiesBySpelling(spelling);
    if (found.size() < 2)
        return "unknown entity " + quotedInput(spelling);
    std::string list;
    for (const Entity *e : found)
        list += (list.empty() ? "" : ", ") + e->id + " (" + e->name + ")";
    return "ambiguous entity \"" + std::string(spelling) + "\": it could be " + list;
}

const Layer *Taxonomy::layerOf(const Entity &e) const
{
    const Category *c = category(e.categoryId);
    return c ? layer(c->layerId) : nullptr;
}

int Taxonomy::layerIndex(std::string_view layerId) const
{
    for (std::size_t i = 0; i < layers.size(); ++i) {
        if (layers[i].id == layerId)
            return int(i);
    }
    return -1;
}

std::vector<const Entity *> Taxonomy::protocols() const
{
    std::vector<const Entity *> out;
    for (const auto &e : entities) {
        if (e.kind == EntityKind::Protocol)
            out.push_back(&e);
    }
    return out;
}

bool Taxonomy::hasNode(std::string_view id) const
{
    return category(id) || entity(id) || providerClass(id);
}

const std::vector<std::string> &dependencyKinds()
{
    static const std::vector<std::string> kinds{"compute", "storage",    "data",     "privacy",
                                                "model",   "settlement", "framework"};
    return kinds;
}

std::string_view toString(EntityKind kind)
{
    return kind == EntityKind::Protocol   ? "protocol"
           : kind == EntityKind::Provider ? "provider"
                                          : "benchmark";
}

std::string_view toString(DependencyOrigin origin)
{
    return origin == DependencyOrigin::Taxonomy ? "taxonomy" : "user";
}

namespace {

// Checks a taxonomy section by section, collecting every problem (not only the first).
struct TaxonomyValidator
{
    const Taxonomy &t;
    std::vector<TaxonomyProblem> problems;
    std::set<std::string> ids; // one namespace for every id a dependency may name

    void problem(const char *section, std::size_t index, std::string message)
    {
        problems.push_back({section, index, std::move(message)});
    }
    void claimId(const char *section, std::size_t index, const std::string &id)
    {
        if (!isValidId(id))
            problem(section, index, "id \"" + id + "\" must be lowercase letters, digits and '-'");
        else if (!ids.insert(id).second)
            problem(section, index, "id \"" + id + "\" is used twice");
    }
    void structure()
    {
        if (t.layers.empty())
            problem("layers", 0, "at least one layer is required");
        for (std::size_t i = 0; i < t.layers.size(); ++i)
            claimId("layers", i, t.layers[i].id);
        for (std::size_t i = 0; i < t.categories.size(); ++i) {
            const auto &c = t.categories[i];
            claimId("categories", i, c.id);
            if (!t.layer(c.layerId))
                problem("categories", i,
                        "category \"" + c.id + "\" names unknown layer \"" + c.layerId + "\"");
        }
        for (std::size_t i = 0; i < t.providerClasses.size(); ++i)
            claimId("provider_classes", i, t.providerClasses[i].id);

        std::set<std::string> sectorIds;
        for (std::size_t i = 0; i < t.sectors.size(); ++i) {
            const auto &sec = t.sectors[i];
            if (!isValidId(sec.id) || !sectorIds.insert(sec.id).second)
                problem("sectors", i, "sector id \"" + sec.id + "\" is invalid or used twice");
            if (!sec.categoryId.empty() && !t.category(sec.categoryId))
                problem("sectors", i,
                        "sector \"" + sec.id + "\" names unknown category \"" + sec.categoryId + "\"");
        }
    }
    void entities()
    {
        std::set<std::string> spellings;
        for (std::size_t i = 0; i < t.entities.size(); ++i) {
            const auto &e = t.entities[i];
            claimId("entities", i, e.id);
            if (e.name.empty())
                problem("entities", i, "entity \"" + e.id + "\" has no name");
            if (e.kind == EntityKind::Protocol && !t.category(e.categoryId))
                problem("entities", i,
                        "protocol \"" + e.id + "\" names unknown category \"" + e.categoryId + "\"");
            if (e.kind == EntityKind::Provider && !e.categoryId.empty())
                problem("entities", i,
                        "provider \"" + e.id + "\" sits outside the stack and takes no category");
            if (e.kind == EntityKind::Provider && e.providerClass.empty())
                problem("entities", i, "provider \"" + e.id + "\" needs a provider_class");
            if (e.kind == EntityKind::Benchmark && (!e.categoryId.empty() || !e.providerClass.empty()))
                problem("entities", i,
                        "benchmark \"" + e.id + "\" sits outside the stack: no category, no provider_class");
            if (!e.providerClass.empty() && !t.providerClass(e.providerClass))
                problem("entities", i,
                        "entity \"" + e.id + "\" names unknown provider_class \"" + e.providerClass + "\"");
            for (const auto &alias : e.aliases) {
                std::string lower(alias);
                std::transform(lower.begin(), lower.end(), lower.begin(),
                               [](unsigned char c) { return std::tolower(c); });
                if (!spellings.insert(lower).second)
                    problem("entities", i,
                            "alias \"" + alias + "\" of \"" + e.id + "\" is used by another entity");
            }
        }
        for (std::size_t i = 0; i < t.entities.size(); ++i) {
            // an alias equal to another entity's id would make lookups depend on order
            for (const auto &alias : t.entities[i].aliases) {
                const Entity *other = t.entity(alias);
                if (other && other->id != t.entities[i].id)
                    problem("entities", i, "alias \"" + alias + "\" is the id of another entity");
            }
        }
    }
    void dependencies()
    {
        const auto &kinds = dependencyKinds();
        std::set<std::tuple<std::string, std::string, std::string>> edges;
        for (std::size_t i = 0; i < t.dependencies.size(); ++i) {
            const auto &d = t.dependencies[i];
            if (!t.hasNode(d.fromId))
                problem("dependencies", i, "dependency from unknown node \"" + d.fromId + "\"");
            if (!t.hasNode(d.toId))
                problem("dependencies", i, "dependency to unknown node \"" + d.toId + "\"");
            if (d.fromId == d.toId)
                problem("dependencies", i, "\"" + d.fromId + "\" cannot depend on itself");
            if (std::find(kinds.begin(), kinds.end(), d.kind) == kinds.end())
                problem("dependencies", i, "unknown dependency kind \"" + d.kind + "\"");
            if (d.evidence.empty())
                problem("dependencies", i, "dependency " + d.fromId + " -> " + d.toId + " has no evidence");
            if (!edges.insert({d.fromId, d.toId, d.kind}).second)
                problem("dependencies", i,
                        "dependency " + d.fromId + " -> " + d.toId + " (" + d.kind + ") is listed twice");
        }
    }
    void claims()
    {
        std::set<std::string> claimIds;
        for (std::size_t i = 0; i < t.claims.size(); ++i) {
            const auto &c = t.claims[i];
            if (!isValidId(c.id) || !claimIds.insert(c.id).second)
                problem("claims", i, "claim id \"" + c.id + "\" is invalid or used twice");
            if (c.source.empty() || c.unit.empty())
                problem("claims", i, "claim \"" + c.id + "\" needs a unit and a source");
            for (const auto &subject : c.subjects) {
                if (!t.hasNode(subject))
                    problem("claims", i, "claim \"" + c.id + "\" is about unknown node \"" + subject + "\"");
            }
            if (c.valueHigh && *c.valueHigh < c.value)
                problem("claims", i, "claim \"" + c.id + "\" has value_high below value");
        }
    }
    void gpus()
    {
        std::set<std::string> gpuKeys;
        std::set<std::string> families;
        for (std::size_t i = 0; i < t.gpuModels.size(); ++i) {
            const auto &g = t.gpuModels[i];
            if (!isValidId(g.key) || !gpuKeys.insert(g.key).second)
                problem("gpu_models", i, "GPU key \"" + g.key + "\" is invalid or used twice");
            if (!g.family.empty())
                families.insert(g.family);
        }
        static const std::set<std::string> forms{"", "sxm", "pcie", "nvl"};
        for (std::size_t i = 0; i < t.gpuAliases.size(); ++i) {
            const auto &a = t.gpuAliases[i];
            if (a.gpu.empty() == a.family.empty())
                problem("gpu_aliases", i, "alias \"" + a.spelling + "\" needs exactly one of gpu and family");
            else if (!a.gpu.empty() && !gpuKeys.count(a.gpu))
                problem("gpu_aliases", i, "alias \"" + a.spelling + "\" names unknown GPU \"" + a.gpu + "\"");
            else if (!a.family.empty() && !families.count(a.family))
                problem("gpu_aliases", i,
                        "alias \"" + a.spelling + "\" names unknown family \"" + a.family + "\"");
            if (!forms.count(a.form))
                problem("gpu_aliases", i, "alias \"" + a.spelling + "\" has unknown form \"" + a.form + "\"");
        }
        for (std::size_t i = 0; i < t.instanceTypes.size(); ++i) {
            const auto &it = t.instanceTypes[i];
            if (!gpuKeys.count(it.gpu))
                problem("instance_types", i,
                        "instance \"" + it.id + "\" names unknown GPU \"" + it.gpu + "\"");
            if (!t.entity(it.providerId))
                problem("instance_types", i,
                        "instance \"" + it.id + "\" names unknown provider \"" + it.providerId + "\"");
            if (it.gpuCount < 1)
                problem("instance_types", i, "instance \"" + it.id + "\" needs a GPU count of at least 1");
        }
    }
};

} // namespace

std::vector<TaxonomyProblem> validateTaxonomy(const Taxonomy &t)
{
    TaxonomyValidator v{t, {}, {}};
    v.structure();
    v.entities();
    v.dependencies();
    v.claims();
    v.gpus();
    return std::move(v.problems);
}

} // namespace stackatlas
