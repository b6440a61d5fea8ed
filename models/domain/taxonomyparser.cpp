// SPDX-License-Identifier: GPL-3.0-or-later
#include "taxonomyparser.h"
#include "taxonomysections.h"

#include "jsonobject.h"
#include "jsonreader.h"

#include <functional>
#include <set>
#include <stdexcept>

namespace stackatlas {
namespace {

constexpr int kFormatVersion = 1;
using json::FieldError;
using json::ObjectReader;

template <typename T>
std::vector<T> readSection(ObjectReader &root, const char *key, const char *itemName,
                           const std::function<T(ObjectReader &)> &readItem,
                           std::vector<std::size_t> &offsets)
{
    std::vector<T> out;
    for (const auto &item : root.array(key).items) {
        ObjectReader r(item, itemName);
        out.push_back(readItem(r));
        r.finish();
        offsets.push_back(item.offset);
    }
    return out;
}

} // namespace

namespace {

Entity readEntity(ObjectReader &r)
{
    Entity e;
    e.id = r.string("id");
    const std::string kind = r.string("kind");
    if (kind != "protocol" && kind != "provider" && kind != "benchmark")
        throw FieldError(r.get("kind")->offset,
                         "\"kind\" must be \"protocol\", \"provider\" or \"benchmark\"");
    e.kind = kind == "protocol"   ? EntityKind::Protocol
             : kind == "provider" ? EntityKind::Provider
                                  : EntityKind::Benchmark;
    e.name = r.string("name");
    e.categoryId = r.optionalString("category");
    e.providerClass = r.optionalString("provider_class");
    e.tokenSymbol = r.optionalString("token");
    e.coingeckoId = r.optionalString("coingecko_id");
    e.defillamaSlug = r.optionalString("defillama_slug");
    e.idNote = r.optionalString("id_note");
    e.website = r.optionalString("website");
    e.aliases = r.stringList("aliases");
    return e;
}

Claim readClaim(ObjectReader &r)
{
    Claim c;
    c.id = r.string("id");
    c.statement = r.string("statement");
    c.value = r.number("value");
    c.valueHigh = r.optionalNumber("value_high");
    c.unit = r.string("unit");
    c.scope = r.string("scope");
    c.date = r.string("date");
    c.source = r.string("source");
    c.subjects = r.stringList("subjects");
    return c;
}

GpuModel readGpuModel(ObjectReader &r)
{
    GpuModel g;
    g.key = r.string("key");
    g.name = r.string("name");
    if (const auto mem = r.optionalWholeNumber("memory_gb", 1, 100000))
        g.memoryGb = *mem;
    g.family = r.optionalString("family");
    return g;
}

InstanceType readInstanceType(ObjectReader &r)
{
    InstanceType it;
    it.id = r.string("id");
    it.providerId = r.string("provider");
    it.gpu = r.string("gpu");
    it.form = r.optionalString("form");
    it.gpuCount = int(r.number("gpu_count"));
    return it;
}

} // namespace

namespace taxonomyformat {

// A full taxonomy must hold every section (sectors excepted); an overlay holds the ones it needs
// and may not hold layers or claims: the research's structure and its cited figures are the
// shipped file's.
void readSections(json::ObjectReader &root, const JsonValue &doc, Kind kind, Taxonomy &t, Offsets &offsets)
{
    const bool overlay = kind == Kind::Overlay;
    auto wanted = [&](const char *key) {
        return !overlay || doc.find(key) != nullptr;
    };
    if (overlay) {
        for (const char *fixed : {"layers", "claims"}) {
            if (const JsonValue *v = doc.find(fixed))
                throw FieldError(v->offset, std::string("an overlay cannot add ") + fixed +
                                                " (they are the shipped taxonomy's); load a whole taxonomy "
                                                "with taxonomy --load instead");
        }
    } else {
        t.layers = readSection<Layer>(
            root, "layers", "a layer",
            [](ObjectReader &r) {
                return Layer{r.string("id"), r.string("name"), r.optionalString("description")};
            },
            offsets["layers"]);
    }
    if (wanted("categories"))
        t.categories = readSection<Category>(
            root, "categories", "a category",
            [](ObjectReader &r) {
                return Category{r.string("id"), r.string("layer"), r.string("name"),
                                r.optionalString("description")};
            },
            offsets["categories"]);
    if (wanted("provider_classes"))
        t.providerClasses = readSection<ProviderClass>(
            root, "provider_classes", "a provider class",
            [](ObjectReader &r) {
                return ProviderClass{r.string("id"), r.string("name"), r.boolean("centralized", false),
                                     r.optionalString("description")};
            },
            offsets["provider_classes"]);
    if (doc.find("sectors")) {
        t.sectors = readSection<Sector>(
            root, "sectors", "a sector",
            [](ObjectReader &r) {
                return Sector{r.string("id"), r.string("name"), r.string("coingecko_category"),
                              r.optionalString("category")};
            },
            offsets["sectors"]);
    }
    if (wanted("entities"))
        t.entities = readSection<Entity>(root, "entities", "an entity", readEntity, offsets["entities"]);
    if (wanted("dependencies"))
        t.dependencies = readSection<Dependency>(
            root, "dependencies", "a dependency",
            [](ObjectReader &r) {
                return Dependency{r.string("from"), r.string("to"), r.string("kind"), r.string("evidence"),
                                  DependencyOrigin::Taxonomy};
            },
            offsets["dependencies"]);
    if (!overlay)
        t.claims = readSection<Claim>(root, "claims", "a claim", readClaim, offsets["claims"]);
    if (wanted("gpu_models"))
        t.gpuModels =
            readSection<GpuModel>(root, "gpu_models", "a GPU model", readGpuModel, offsets["gpu_models"]);
    if (wanted("gpu_aliases"))
        t.gpuAliases = readSection<GpuAlias>(
            root, "gpu_aliases", "a GPU alias",
            [](ObjectReader &r) {
                return GpuAlias{r.string("spelling"), r.optionalString("gpu"), r.optionalString("family"),
                                r.optionalString("form")};
            },
            offsets["gpu_aliases"]);
    if (wanted("instance_types"))
        t.instanceTypes = readSection<InstanceType>(root, "instance_types", "an instance type",
                                                    readInstanceType, offsets["instance_types"]);
}

std::string describeProblems(const std::vector<TaxonomyProblem> &problems, const Offsets &offsets,
                             std::string_view text, const std::string &fileName)
{
    const auto &p = problems.front();
    const auto it = offsets.find(p.section);
    const std::size_t offset = it != offsets.end() && p.index < it->second.size() ? it->second[p.index] : 0;
    std::string message = fileName + ":" + std::to_string(positionAt(text, offset).line) + ": " + p.message;
    if (problems.size() > 1)
        message += " (and " + std::to_string(problems.size() - 1) + " more problems)";
    return message;
}

std::string syntaxError(std::string_view text, const JsonError &syntax, const std::string &fileName)
{
    const TextPosition pos = positionAt(text, syntax.offset);
    return fileName + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column) + ": " +
           syntax.reason;
}

std::string fieldError(std::string_view text, const json::FieldError &e, const std::string &fileName)
{
    return fileName + ":" + std::to_string(positionAt(text, e.offset).line) + ": " + e.what();
}

} // namespace taxonomyformat

Result<Taxonomy> parseTaxonomy(std::string_view text, const std::string &fileName)
{
    JsonError syntax;
    auto parsed = parseJson(text, {}, &syntax);
    if (!parsed.isOk()) {
        return Status::error(StatusCode::InvalidInput, taxonomyformat::syntaxError(text, syntax, fileName));
    }
    const JsonValue &doc = parsed.value();

    Taxonomy t;
    taxonomyformat::Offsets offsets; // section -> item offsets, for problems
    try {
        ObjectReader root(doc, "the taxonomy");
        if (root.string("format") != "stackatlas-taxonomy")
            throw FieldError(root.get("format")->offset, "\"format\" must be \"stackatlas-taxonomy\"");
        const double version = root.number("version");
        if (version != kFormatVersion)
            throw FieldError(root.get("version")->offset, "format version " + root.get("version")->text +
                                                              " is not supported (this app reads version 1)");
        root.optionalString("description");
        root.optionalString("sources");

        taxonomyformat::readSections(root, doc, taxonomyformat::Kind::Taxonomy, t, offsets);
        root.finish();
    } catch (const FieldError &e) {
        return Status::error(StatusCode::InvalidInput, taxonomyformat::fieldError(text, e, fileName));
    }

    if (const auto problems = validateTaxonomy(t); !problems.empty())
        return Status::error(StatusCode::InvalidInput,
                             taxonomyformat::describeProblems(problems, offsets, text, fileName));
    return t;
}

} // namespace stackatlas
