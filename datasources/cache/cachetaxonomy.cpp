// SPDX-License-Identifier: GPL-3.0-or-later
// The taxonomy half of the Cache repository: layers, categories, entities, dependencies, claims
// and the GPU tables, written as one transaction and read back into a domain Taxonomy.
#include "cache.h"

#include "cacheprivate.h"

#include <sqlite3.h>

#include <algorithm>

namespace stackatlas {

using cache::Statement;

namespace {

std::string joinLines(const std::vector<std::string> &items)
{
    std::string out;
    for (const auto &s : items)
        out += (out.empty() ? "" : "\n") + s;
    return out;
}

std::vector<std::string> splitLines(const std::string &text)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        out.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    return out;
}

// Runs one prepared INSERT per item; stops at the first failure.
template <typename T, typename Bind>
Status insertAll(sqlite3 *db, const char *sql, const std::vector<T> &items, Bind bind)
{
    Statement q(db, sql);
    if (!q.isValid())
        return Status::error(StatusCode::Internal, q.prepareError());
    for (std::size_t i = 0; i < items.size(); ++i) {
        q.reset();
        bind(q, items[i], std::int64_t(i));
        q.step();
        if (q.failed())
            return Status::error(StatusCode::IoError, q.error());
    }
    return Status::ok();
}

} // namespace

bool Cache::hasTaxonomy() const
{
    Statement q(d->db.get(), "SELECT count(*) FROM layers");
    return q.step() && q.int64(0) > 0;
}

namespace {

// Layers, categories, provider classes, sectors and entities, in their order.
Status insertStructure(sqlite3 *db, const Taxonomy &t)
{
    Status s;
    if (s.isOk())
        s = insertAll(db, "INSERT INTO layers(id, position, name, description) VALUES(?,?,?,?)", t.layers,
                      [](Statement &q, const Layer &l, std::int64_t i) {
                          q.bind(1, l.id).bind(2, i).bind(3, l.name).bind(4, l.description);
                      });
    if (s.isOk())
        s = insertAll(
            db, "INSERT INTO categories(id, layer_id, position, name, description) VALUES(?,?,?,?,?)",
            t.categories, [](Statement &q, const Category &c, std::int64_t i) {
                q.bind(1, c.id).bind(2, c.layerId).bind(3, i).bind(4, c.name).bind(5, c.description);
            });
    if (s.isOk())
        s = insertAll(
            db,
            "INSERT INTO provider_classes(id, position, name, centralized, description) VALUES(?,?,?,?,?)",
            t.providerClasses, [](Statement &q, const ProviderClass &c, std::int64_t i) {
                q.bind(1, c.id).bind(2, i).bind(3, c.name).bind(4, std::int64_t(c.centralized));
                q.bind(5, c.description);
            });
    if (s.isOk())
        s = insertAll(
            db, "INSERT INTO sectors(id, position, name, coingecko_category, category_id) VALUES(?,?,?,?,?)",
            t.sectors, [](Statement &q, const Sector &sec, std::int64_t i) {
                q.bind(1, sec.id).bind(2, i).bind(3, sec.name).bind(4, sec.coingeckoCategory);
                if (sec.categoryId.empty())
                    q.bindNull(5);
                else
                    q.bind(5, sec.categoryId);
            });
    if (s.isOk())
        s = insertAll(
            db,
            "INSERT INTO entities(id, position, kind, name, category_id, provider_class, token_symbol,"
            " coingecko_id, defillama_slug, id_note, website, aliases) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)",
            t.entities, [](Statement &q, const Entity &e, std::int64_t i) {
                q.bind(1, e.id).bind(2, i).bind(3, toString(e.kind)).bind(4, e.name);
                if (e.categoryId.empty())
                    q.bindNull(5);
                else
                    q.bind(5, e.categoryId);
                if (e.providerClass.empty())
                    q.bindNull(6);
                else
                    q.bind(6, e.providerClass);
                q.bind(7, e.tokenSymbol).bind(8, e.coingeckoId).bind(9, e.defillamaSlug).bind(10, e.idNote);
                q.bind(11, e.website).bind(12, joinLines(e.aliases));
            });
    return s;
}

// The research's claims and the GPU vocabulary: models, aliases, cloud instance types.
Status insertClaimsAndGpus(sqlite3 *db, const Taxonomy &t)
{
    Status s;
    if (s.isOk())
        s = insertAll(db,
                      "INSERT INTO claims(id, position, statement, value, value_high, unit, scope, date, "
                      "source, subjects)"
                      " VALUES(?,?,?,?,?,?,?,?,?,?)",
                      t.claims, [](Statement &q, const Claim &c, std::int64_t i) {
                          q.bind(1, c.id).bind(2, i).bind(3, c.statement).bind(4, c.value);
                          if (c.valueHigh)
                              q.bind(5, *c.valueHigh);
                          else
                              q.bindNull(5);
                          q.bind(6, c.unit)
                              .bind(7, c.scope)
                              .bind(8, c.date)
                              .bind(9, c.source)
                              .bind(10, joinLines(c.subjects));
                      });
    if (s.isOk())
        s = insertAll(db, "INSERT INTO gpu_models(key, position, name, memory_gb, family) VALUES(?,?,?,?,?)",
                      t.gpuModels, [](Statement &q, const GpuModel &g, std::int64_t i) {
                          q.bind(1, g.key).bind(2, i).bind(3, g.name);
                          if (g.memoryGb)
                              q.bind(4, std::int64_t(*g.memoryGb));
                          else
                              q.bindNull(4);
                          q.bind(5, g.family);
                      });
    if (s.isOk())
        s = insertAll(db, "INSERT INTO gpu_aliases(spelling, position, gpu, family, form) VALUES(?,?,?,?,?)",
                      t.gpuAliases, [](Statement &q, const GpuAlias &a, std::int64_t i) {
                          q.bind(1, a.spelling).bind(2, i).bind(3, a.gpu).bind(4, a.family).bind(5, a.form);
                      });
    if (s.isOk())
        s = insertAll(
            db,
            "INSERT INTO instance_types(id, position, provider, gpu, form, gpu_count) VALUES(?,?,?,?,?,?)",
            t.instanceTypes, [](Statement &q, const InstanceType &it, std::int64_t i) {
                q.bind(1, it.id).bind(2, i).bind(3, it.providerId).bind(4, it.gpu).bind(5, it.form);
                q.bind(6, std::int64_t(it.gpuCount));
            });
    return s;
}

} // namespace

Status Cache::replaceTaxonomy(const Taxonomy &t)
{
    if (m_mode == Mode::ReadOnly)
        return Status::error(StatusCode::Refused, "the cache is open read-only");
    const auto problems = validateTaxonomy(t);
    if (!problems.empty())
        return Status::error(StatusCode::InvalidInput, "taxonomy rejected: " + problems.front().message);

    sqlite3 *db = d->db.get();
    // The user's edges survive a reload when both ends still exist.
    std::vector<Dependency> userEdges;
    {
        Statement q(
            db, "SELECT from_id, to_id, kind, evidence FROM dependencies WHERE origin = 'user' ORDER BY id");
        while (q.step()) {
            Dependency dep{q.text(0), q.text(1), q.text(2), q.text(3), DependencyOrigin::User};
            if (t.hasNode(dep.fromId) && t.hasNode(dep.toId))
                userEdges.push_back(std::move(dep));
        }
    }

    cache::Transaction tx(db);
    if (!tx.beginStatus().isOk())
        return tx.beginStatus();
    Status s = cache::exec(db, "DELETE FROM instance_types; DELETE FROM gpu_aliases; DELETE FROM gpu_models;"
                               " DELETE FROM claims; DELETE FROM dependencies; DELETE FROM entities;"
                               " DELETE FROM sectors; DELETE FROM provider_classes; DELETE FROM categories;"
                               " DELETE FROM layers;");
    auto step = [&](Status next) {
        if (s.isOk())
            s = std::move(next);
    };
    step(insertStructure(db, t));
    std::vector<Dependency> edges = t.dependencies;
    edges.insert(edges.end(), userEdges.begin(), userEdges.end());
    step(insertAll(db,
                   "INSERT INTO dependencies(from_id, to_id, kind, evidence, origin) VALUES(?,?,?,?,?)"
                   " ON CONFLICT(from_id, to_id, kind) DO NOTHING",
                   edges, [](Statement &q, const Dependency &dep, std::int64_t) {
                       q.bind(1, dep.fromId).bind(2, dep.toId).bind(3, dep.kind).bind(4, dep.evidence);
                       q.bind(5, toString(dep.origin));
                   }));
    step(insertClaimsAndGpus(db, t));
    step(tx.commit());
    if (!s.isOk())
        return Status::error(s.code(), "taxonomy not saved, the cache is unchanged: " + s.message());
    return Status::ok();
}

Status Cache::replaceDependency(const std::optional<Dependency> &remove, const std::optional<Dependency> &add)
{
    if (m_mode == Mode::ReadOnly)
        return Status::error(StatusCode::Refused, "the cache is open read-only");
    sqlite3 *db = d->db.get();
    if (add) {
        auto t = taxonomy();
        if (!t.isOk())
            return t.status();
        if (!t.value().hasNode(add->fromId) || !t.value().hasNode(add->toId) || add->fromId == add->toId)
            return Status::error(StatusCode::InvalidInput, "an edge must join two different known nodes");
        const auto &kinds = dependencyKinds();
        if (std::find(kinds.begin(), kinds.end(), add->kind) == kinds.end())
            return Status::error(StatusCode::InvalidInput, "unknown dependency kind \"" + add->kind + "\"");
        if (add->evidence.empty())
            return Status::error(StatusCode::InvalidInput, "an edge needs an evidence note");
    }
    cache::Transaction tx(db);
    if (!tx.beginStatus().isOk())
        return tx.beginStatus();
    if (remove) {
        Statement q(db, "DELETE FROM dependencies WHERE from_id = ? AND to_id = ? AND kind = ?");
        q.bind(1, remove->fromId).bind(2, remove->toId).bind(3, remove->kind);
        q.step();
        if (q.failed() || sqlite3_changes(db) != 1)
            return Status::error(StatusCode::NotFound, "no edge " + remove->fromId + " -> " + remove->toId +
                                                           " (" + remove->kind + ")");
    }
    if (add) {
        Statement q(db, "INSERT INTO dependencies(from_id, to_id, kind, evidence, origin) VALUES(?,?,?,?,?)");
        q.bind(1, add->fromId)
            .bind(2, add->toId)
            .bind(3, add->kind)
            .bind(4, add->evidence)
            .bind(5, toString(add->origin));
        q.step();
        if (q.failed())
            return Status::error(StatusCode::Conflict, "the edge " + add->fromId + " -> " + add->toId + " (" +
                                                           add->kind + ") exists already");
    }
    return tx.commit();
}

Status Cache::resetDependencies(const Taxonomy &original)
{
    if (m_mode == Mode::ReadOnly)
        return Status::error(StatusCode::Refused, "the cache is open read-only");
    sqlite3 *db = d->db.get();
    cache::Transaction tx(db);
    if (!tx.beginStatus().isOk())
        return tx.beginStatus();
    Status s = cache::exec(db, "DELETE FROM dependencies");
    Statement q(
        db, "INSERT INTO dependencies(from_id, to_id, kind, evidence, origin) VALUES(?,?,?,?,'taxonomy')");
    for (const auto &dep : original.dependencies) {
        if (!s.isOk())
            break;
        q.reset();
        q.bind(1, dep.fromId).bind(2, dep.toId).bind(3, dep.kind).bind(4, dep.evidence);
        q.step();
        if (q.failed())
            s = Status::error(StatusCode::IoError, q.error());
    }
    if (s.isOk())
        s = tx.commit();
    return s;
}

Result<Taxonomy> Cache::taxonomy() const
{
    sqlite3 *db = d->db.get();
    Taxonomy t;
    Statement layers(db, "SELECT id, name, description FROM layers ORDER BY position");
    while (layers.step())
        t.layers.push_back({layers.text(0), layers.text(1), layers.text(2)});
    Statement cats(db, "SELECT id, layer_id, name, description FROM categories ORDER BY position");
    while (cats.step())
        t.categories.push_back({cats.text(0), cats.text(1), cats.text(2), cats.text(3)});
    Statement classes(db,
                      "SELECT id, name, centralized, description FROM provider_classes ORDER BY position");
    while (classes.step())
        t.providerClasses.push_back(
            {classes.text(0), classes.text(1), classes.int64(2) != 0, classes.text(3)});
    Statement sectors(
        db, "SELECT id, name, coingecko_category, coalesce(category_id, '') FROM sectors ORDER BY position");
    while (sectors.step())
        t.sectors.push_back({sectors.text(0), sectors.text(1), sectors.text(2), sectors.text(3)});
    Statement ents(
        db, "SELECT id, kind, name, coalesce(category_id, ''), coalesce(provider_class, ''), token_symbol,"
            " coingecko_id, defillama_slug, id_note, website, aliases FROM entities ORDER BY position");
    while (ents.step()) {
        Entity e;
        e.id = ents.text(0);
        e.kind = ents.text(1) == "protocol"    ? EntityKind::Protocol
                 : ents.text(1) == "benchmark" ? EntityKind::Benchmark
                                               : EntityKind::Provider;
        e.name = ents.text(2);
        e.categoryId = ents.text(3);
        e.providerClass = ents.text(4);
        e.tokenSymbol = ents.text(5);
        e.coingeckoId = ents.text(6);
        e.defillamaSlug = ents.text(7);
        e.idNote = ents.text(8);
        e.website = ents.text(9);
        e.aliases = splitLines(ents.text(10));
        t.entities.push_back(std::move(e));
    }
    Statement deps(db, "SELECT from_id, to_id, kind, evidence, origin FROM dependencies ORDER BY id");
    while (deps.step()) {
        t.dependencies.push_back(
            {deps.text(0), deps.text(1), deps.text(2), deps.text(3),
             deps.text(4) == "user" ? DependencyOrigin::User : DependencyOrigin::Taxonomy});
    }
    Statement claims(db, "SELECT id, statement, value, value_high, unit, scope, date, source, subjects FROM "
                         "claims ORDER BY position");
    while (claims.step()) {
        Claim c;
        c.id = claims.text(0);
        c.statement = claims.text(1);
        c.value = claims.real(2);
        if (!claims.isNull(3))
            c.valueHigh = claims.real(3);
        c.unit = claims.text(4);
        c.scope = claims.text(5);
        c.date = claims.text(6);
        c.source = claims.text(7);
        c.subjects = splitLines(claims.text(8));
        t.claims.push_back(std::move(c));
    }
    Statement gpus(db, "SELECT key, name, memory_gb, family FROM gpu_models ORDER BY position");
    while (gpus.step()) {
        GpuModel g{gpus.text(0), gpus.text(1), std::nullopt, gpus.text(3)};
        if (!gpus.isNull(2))
            g.memoryGb = int(gpus.int64(2));
        t.gpuModels.push_back(std::move(g));
    }
    Statement aliases(db, "SELECT spelling, gpu, family, form FROM gpu_aliases ORDER BY position");
    while (aliases.step())
        t.gpuAliases.push_back({aliases.text(0), aliases.text(1), aliases.text(2), aliases.text(3)});
    Statement inst(db, "SELECT id, provider, gpu, form, gpu_count FROM instance_types ORDER BY position");
    while (inst.step())
        t.instanceTypes.push_back(
            {inst.text(0), inst.text(1), inst.text(2), inst.text(3), int(inst.int64(4))});

    for (const Statement *q :
         {&layers, &cats, &classes, &sectors, &ents, &deps, &claims, &gpus, &aliases, &inst}) {
        if (q->failed() || !q->isValid())
            return Status::error(StatusCode::IoError, "cannot read the taxonomy: " +
                                                          (q->isValid() ? q->error() : q->prepareError()));
    }
    return t;
}

} // namespace stackatlas
