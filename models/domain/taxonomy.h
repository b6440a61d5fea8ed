// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "status.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stackatlas {

// The research's map of the Web3 AI stack: layers (bottom to top), their categories, the entities
// (protocols inside the stack, compute providers outside it), typed dependencies, the research's
// cited figures and the GPU spellings providers use. Loaded from resources/taxonomy/taxonomy.json
// into every new cache; value types only.

struct Layer
{
    std::string id;
    std::string name;
    std::string description;
};

struct Category
{
    std::string id;
    std::string layerId;
    std::string name;
    std::string description;
};

// How a compute provider sells GPUs. "Centralized" classes sit on the incumbents' side of the
// price-war comparison.
struct ProviderClass
{
    std::string id;
    std::string name;
    bool centralized = false;
    std::string description;
};

// A market sector as CoinGecko groups tokens (its category ids). Sector totals
// (category_market_cap_usd, category_volume_usd) are stored under the sector id. A sector may
// match one of our categories; "artificial-intelligence" or "depin" span several.
struct Sector
{
    std::string id; // CoinGecko's category id, e.g. "ai-agents"
    std::string name;
    std::string coingeckoCategory;
    std::string categoryId; // our category it matches, or empty

    bool operator==(const Sector &) const = default;
};

enum class EntityKind
{
    Protocol,
    Provider,
    // A market yardstick (BTC, ETH, NVIDIA, the Nasdaq-100's QQQ): its prices are stored and
    // chartable, but it sits outside the stack, so no layer, map or total ever counts it.
    Benchmark
};

struct Entity
{
    std::string id;
    EntityKind kind = EntityKind::Protocol;
    std::string name;
    std::string categoryId;    // protocols only
    std::string providerClass; // providers always; compute protocols that rent GPUs too
    std::string tokenSymbol;
    std::string coingeckoId;   // empty: not confirmed (see idNote)
    std::string defillamaSlug; // empty: not confirmed
    std::string idNote;        // why an id is empty or ambiguous, with evidence
    std::string website;
    std::vector<std::string> aliases; // other spellings in data files ("vast.ai", "rndr")

    bool operator==(const Entity &) const = default;
};

enum class DependencyOrigin
{
    Taxonomy,
    User
};

// "from depends on to": compute serves training, so open-model-training -> compute.
struct Dependency
{
    std::string fromId; // a category, an entity or a provider class
    std::string toId;
    std::string kind; // one of dependencyKinds()
    std::string evidence;
    DependencyOrigin origin = DependencyOrigin::Taxonomy;
};

// One of the research's quantitative claims, with what it measures and who said it.
struct Claim
{
    std::string id;
    std::string statement;
    double value = 0;
    std::optional<double> valueHigh; // for ranges such as 40-60 %
    std::string unit;
    std::string scope;
    std::string date; // as precise as the source is: "2025", "2025-02"
    std::string source;
    std::vector<std::string> subjects; // the categories, entities or classes it is about
};

struct GpuModel
{
    std::string key;  // "h100-80gb"
    std::string name; // "NVIDIA H100 80GB"
    std::optional<int> memoryGb;
    std::string family; // "h100": spellings that do not name the memory resolve through it
};

// A provider's spelling of a GPU. Either gpu names the model, or family does and the memory size
// (given with the offer) picks the model.
struct GpuAlias
{
    std::string spelling;
    std::string gpu;
    std::string family;
    std::string form; // sxm | pcie | nvl | empty
};

// A cloud instance type sold as a bundle of GPUs (AWS p5.48xlarge = 8 x H100 80GB SXM).
struct InstanceType
{
    std::string id;
    std::string providerId;
    std::string gpu;
    std::string form;
    int gpuCount = 1;
};

struct Taxonomy
{
    std::vector<Layer> layers; // bottom (infrastructure) to top (application)
    std::vector<Category> categories;
    std::vector<ProviderClass> providerClasses;
    std::vector<Sector> sectors;
    std::vector<Entity> entities;
    std::vector<Dependency> dependencies;
    std::vector<Claim> claims;
    std::vector<GpuModel> gpuModels;
    std::vector<GpuAlias> gpuAliases;
    std::vector<InstanceType> instanceTypes;

    const Layer *layer(std::string_view id) const;
    const Category *category(std::string_view id) const;
    const ProviderClass *providerClass(std::string_view id) const;
    const Sector *sector(std::string_view id) const;
    const GpuModel *gpuModel(std::string_view key) const;
    // The model's display name ("NVIDIA H100 80GB"), or the key itself when the taxonomy lacks it.
    std::string gpuName(std::string_view key) const;
    const Sector *sectorByCoinGeckoCategory(std::string_view category) const;
    const Entity *entityByCoinGeckoId(std::string_view coingeckoId) const;
    const Entity *entity(std::string_view id) const;
    // The entities a name users have can mean, ignoring case: an id or alias names one ("Vast.ai"
    // -> vast-ai); otherwise a display name, token symbol or CoinGecko id ("io" -> io-net), which
    // may name several (ambiguous: the caller refuses it and lists them).
    std::vector<const Entity *> entitiesBySpelling(std::string_view spelling) const;
    // The one entity a spelling names; nullptr when none or several.
    const Entity *entityBySpelling(std::string_view spelling) const;
    // Why a spelling names no single entity: "unknown entity "x"" or "ambiguous entity "x": a (A), b (B)".
    std::string entitySpellingProblem(std::string_view spelling) const;
    // The layer an entity sits in (through its category), or nullptr for providers.
    const Layer *layerOf(const Entity &entity) const;
    int layerIndex(std::string_view layerId) const;
    std::vector<const Entity *> protocols() const;
    bool hasNode(std::string_view id) const; // a category, entity or provider class
};

const std::vector<std::string> &dependencyKinds();
std::string_view toString(EntityKind kind);
std::string_view toString(DependencyOrigin origin);

// A rule the taxonomy breaks, and where: the section ("entities") and the item's index in it.
struct TaxonomyProblem
{
    std::string section;
    std::size_t index = 0;
    std::string message;
};

// Cross-references between sections, unique ids, allowed kinds and classes. Empty when consistent.
// The file parser maps each problem to its line; edits made in the app go through the same rules.
std::vector<TaxonomyProblem> validateTaxonomy(const Taxonomy &taxonomy);

} // namespace stackatlas
