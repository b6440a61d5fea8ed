// SPDX-License-Identifier: GPL-3.0-or-later
#include "layermapmodel.h"

#include "layermaproles.h"
#include "valueformat.h"

#include "datasources/cache/cache.h"
#include "models/item/missingfiguresloader.h"

#include <QStringList>

#include <algorithm>

namespace stackatlas {

struct LayerMapModel::Node
{
    QString id;
    QString name;
    QString kind; // layer | category | entity
    int layerIndex = 0;
    Node *parent = nullptr;
    std::vector<std::unique_ptr<Node>> children;

    int row() const
    {
        if (!parent)
            return 0;
        for (std::size_t i = 0; i < parent->children.size(); ++i) {
            if (parent->children[i].get() == this)
                return int(i);
        }
        return 0;
    }
    Node *add(QString childId, QString childName, QString childKind, int layer)
    {
        auto n = std::make_unique<Node>();
        n->id = std::move(childId);
        n->name = std::move(childName);
        n->kind = std::move(childKind);
        n->layerIndex = layer;
        n->parent = this;
        children.push_back(std::move(n));
        return children.back().get();
    }
};

namespace {

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

// Percent change from the point nearest to (newest - window), if one lies within tolerance.
std::optional<double> changeOver(const std::vector<StoredPoint> &points, UnixSeconds window,
                                 UnixSeconds tolerance)
{
    if (points.size() < 2)
        return std::nullopt;
    const StoredPoint &last = points.back();
    const UnixSeconds target = last.ts - window;
    const StoredPoint *best = nullptr;
    for (const auto &p : points) {
        if (p.ts >= last.ts)
            break;
        if (!best || std::llabs(p.ts - target) < std::llabs(best->ts - target))
            best = &p;
    }
    if (!best || std::llabs(best->ts - target) > tolerance || best->value <= 0)
        return std::nullopt;
    return (last.value / best->value - 1.0) * 100.0;
}

} // namespace

LayerMapModel::LayerMapModel(QObject *parent) : QAbstractItemModel(parent), m_root(std::make_unique<Node>())
{}
LayerMapModel::~LayerMapModel() = default;

std::map<std::string, LayerMapModel::Figures>
LayerMapModel::readFigures(const Cache &cache, const Taxonomy &taxonomy, const AsOf &asOf)
{
    std::map<std::string, Figures> out;
    const std::optional<UnixSeconds> at = cache.resolve(asOf);
    if (!at)
        return out;
    auto latest = cache.latestValues({"market_cap_usd", "fdv_usd", "volume_24h_usd"}, asOf);
    if (latest.isOk()) {
        for (const auto &v : latest.value()) {
            Figures &f = out[v.entityId];
            if (v.metric == "market_cap_usd")
                f.marketCap = v;
            else if (v.metric == "fdv_usd")
                f.fdv = v;
            else
                f.volume24h = v;
        }
    }
    constexpr UnixSeconds day = 86400;
    // One pass a metric over every entity, not two queries a protocol; only the taxonomy's
    // protocols are kept. Endpoints are not read: the figures name their source and date.
    const auto every = [&cache, &asOf, at](const char *metric) {
        SeriesQuery q{"", metric, {}, {}, at};
        q.withEndpoints = false;
        std::map<std::string, std::vector<SeriesData>> byEntity;
        if (auto series = cache.query(q); series.isOk())
            for (SeriesData &s : series.value())
                // Nothing after the date, and nothing whose newest point there is past its window.
                if (s.key.dims.empty() && !s.points.empty() &&
                    (asOf.includeStale || *at - s.points.back().ts <= asOf.windowFor(metric)))
                    byEntity[s.key.entityId].push_back(std::move(s));
        return byEntity;
    };
    const auto prices = every("price_usd");
    const auto fees = every("fees_usd");
    for (const Entity *e : taxonomy.protocols()) {
        // Price changes come from one undimensioned price series (the source with the newest point),
        // so a change is never computed across sources.
        if (const auto it = prices.find(e->id); it != prices.end()) {
            const SeriesData *best = nullptr;
            for (const auto &s : it->second)
                if (!best || s.points.back().ts > best->points.back().ts)
                    best = &s;
            Figures &f = out[e->id];
            f.change24h = changeOver(best->points, day, day / 2);
            f.change7d = changeOver(best->points, 7 * day, day + day / 2);
            f.change30d = changeOver(best->points, 30 * day, 3 * day);
            for (const auto &p : best->points) {
                if (p.ts >= best->points.back().ts - 30 * day)
                    f.sparkline.emplace_back(p.ts, p.value);
            }
        }
        if (const auto it = fees.find(e->id); it != fees.end()) {
            // The first undimensioned series in (source, dims) order, as before.
            const SeriesData &s = it->second.front();
            const UnixSeconds newest = s.points.back().ts;
            double sum = 0;
            for (const auto &p : s.points) {
                if (p.ts > newest - 30 * day)
                    sum += p.value;
            }
            Figures &f = out[e->id];
            f.fees30d = sum;
            f.feesSource = s.key.source;
            f.feesAsOf = newest;
            f.feesStale = *at - newest > asOf.windowFor("fees_usd");
        }
    }
    return out;
}

Result<LayerMapModel::Contents> LayerMapModel::load(const Cache &cache, const AsOf &asOf)
{
    auto taxonomy = cache.taxonomy();
    if (!taxonomy.isOk())
        return taxonomy.status();
    Contents out{std::move(taxonomy).value(), {}, std::nullopt, cache.resolve(asOf), {}};
    out.figures = readFigures(cache, out.taxonomy, asOf);
    if (out.at) {
        // Each unpriced tile says why, not only "no data".
        std::vector<std::string> known;
        for (const auto &[id, f] : out.figures)
            if (f.marketCap && !f.marketCap->stale)
                known.push_back(id);
        auto missing = loadMissingFigures(cache, out.taxonomy, "market_cap_usd", known, *out.at,
                                          asOf.windowFor("market_cap_usd"));
        if (!missing.isOk())
            return missing.status();
        for (const MissingFigure &m : missing.value())
            out.missingMarketCap[m.entityId] = m.reason;
    }
    if (!asOf.compareFrom)
        return out;
    // Compare mode: the same rules at A and at B, one source at both ends where one has both.
    const auto to = cache.resolve(asOf);
    if (!to)
        return out;
    const AsOf atA = asOf.atCompareFrom();
    auto candidatesA = cache.latestValueCandidates(comparedMetrics(), atA);
    auto candidatesB = cache.latestValueCandidates(comparedMetrics(), asOf);
    if (!candidatesA.isOk())
        return candidatesA.status();
    if (!candidatesB.isOk())
        return candidatesB.status();
    Comparison comparison{*asOf.compareFrom, *to, {}};
    for (const std::string &metric : comparedMetrics())
        for (const CompareLevel level : {CompareLevel::Protocol, CompareLevel::Category, CompareLevel::Layer})
            for (ComparedFigure &f :
                 compareDates(out.taxonomy, candidatesA.value(), candidatesB.value(), metric, level))
                comparison.byMetric[metric][f.id] = std::move(f);
    out.comparison = std::move(comparison);
    return out;
}

const std::vector<std::string> &LayerMapModel::comparedMetrics()
{
    static const std::vector<std::string> metrics{"market_cap_usd", "fdv_usd", "volume_24h_usd"};
    return metrics;
}

void LayerMapModel::setContents(Contents contents)
{
    // Set before the figures, whose change announcement repaints the views.
    m_comparison = std::move(contents.comparison);
    m_at = contents.at;
    m_missingMarketCap = std::move(contents.missingMarketCap);
    applyContents(contents.taxonomy, std::move(contents.figures));
}

std::pair<int, int> LayerMapModel::coverage(const std::string &metric) const
{
    int known = 0, total = 0;
    for (const Entity *e : m_taxonomy.protocols()) {
        ++total;
        if (m_comparison) {
            const ComparedFigure *f = compared(e->id, metric);
            known += f && f->change() ? 1 : 0;
            continue;
        }
        const auto it = m_figures.find(e->id);
        if (it == m_figures.end())
            continue;
        const Figures &f = it->second;
        const std::optional<LatestValue> &v = metric == "market_cap_usd" ? f.marketCap
                                              : metric == "fdv_usd"      ? f.fdv
                                                                         : f.volume24h;
        known += v && !v->stale ? 1 : 0;
    }
    return {known, total};
}

const ComparedFigure *LayerMapModel::compared(const std::string &id, const std::string &metric) const
{
    if (!m_comparison)
        return nullptr;
    const auto m = m_comparison->byMetric.find(metric);
    if (m == m_comparison->byMetric.end())
        return nullptr;
    const auto f = m->second.find(id);
    return f == m->second.end() ? nullptr : &f->second;
}

Status LayerMapModel::reload(const Cache &cache, const AsOf &asOf)
{
    auto contents = load(cache, asOf);
    if (!contents.isOk())
        return contents.status();
    setContents(std::move(contents).value());
    return Status::ok();
}

namespace {
// What decides the tree's rows: the ids and names in the order build() lays them out.
std::vector<std::string> treeShape(const Taxonomy &t)
{
    std::vector<std::string> out;
    for (const Layer &l : t.layers)
        out.push_back("L" + l.id + "|" + l.name);
    for (const Category &c : t.categories)
        out.push_back("C" + c.id + "|" + c.name + "|" + c.layerId);
    for (const Entity &e : t.entities)
        out.push_back("E" + e.id + "|" + e.name + "|" + e.categoryId + "|" + e.providerClass +
                      (e.kind == EntityKind::Protocol ? "|p" : "|o"));
    for (const ProviderClass &pc : t.providerClasses)
        out.push_back("P" + pc.id + "|" + pc.name);
    return out;
}
} // namespace

void LayerMapModel::setContents(const Taxonomy &taxonomy, std::map<std::string, Figures> figures)
{
    setContents(
        Contents{taxonomy, std::move(figures), std::nullopt, std::nullopt, {}}); // no comparison, no date
}

void LayerMapModel::applyContents(const Taxonomy &taxonomy, std::map<std::string, Figures> figures)
{
    if (m_root && treeShape(taxonomy) == treeShape(m_taxonomy)) {
        m_taxonomy = taxonomy;
        m_figures = std::move(figures);
        announceAllChanged({});
        return;
    }
    beginResetModel();
    m_taxonomy = taxonomy;
    m_figures = std::move(figures);
    build();
    endResetModel();
}

void LayerMapModel::announceAllChanged(const QModelIndex &parent)
{
    const int rows = rowCount(parent);
    if (rows == 0)
        return;
    emit dataChanged(index(0, 0, parent), index(rows - 1, columnCount(parent) - 1, parent));
    for (int r = 0; r < rows; ++r)
        announceAllChanged(index(r, 0, parent));
}

void LayerMapModel::build()
{
    m_root = std::make_unique<Node>();
    for (std::size_t l = 0; l < m_taxonomy.layers.size(); ++l) {
        const Layer &layer = m_taxonomy.layers[l];
        Node *ln = m_root->add(q(layer.id), q(layer.name), QStringLiteral("layer"), int(l));
        for (const auto &c : m_taxonomy.categories) {
            if (c.layerId != layer.id)
                continue;
            Node *cn = ln->add(q(c.id), q(c.name), QStringLiteral("category"), int(l));
            for (const auto &e : m_taxonomy.entities) {
                if (e.kind == EntityKind::Protocol && e.categoryId == c.id)
                    cn->add(q(e.id), q(e.name), QStringLiteral("entity"), int(l));
            }
        }
    }
    // The incumbents and marketplaces beside the stack, grouped by class (decentralized networks
    // that are protocols already sit in the stack; only those that are not appear here).
    const int providersIndex = int(m_taxonomy.layers.size());
    Node *pn = m_root->add(QStringLiteral("providers"), tr("Compute providers"), QStringLiteral("layer"),
                           providersIndex);
    for (const auto &pc : m_taxonomy.providerClasses) {
        Node *cn = nullptr;
        for (const auto &e : m_taxonomy.entities) {
            if (e.kind != EntityKind::Provider || e.providerClass != pc.id)
                continue;
            if (!cn)
                cn = pn->add(q(pc.id), q(pc.name), QStringLiteral("category"), providersIndex);
            cn->add(q(e.id), q(e.name), QStringLiteral("entity"), providersIndex);
        }
    }
}

const LayerMapModel::Figures *LayerMapModel::figures(const std::string &entityId) const
{
    const auto it = m_figures.find(entityId);
    return it == m_figures.end() ? nullptr : &it->second;
}

LayerMapModel::Node *LayerMapModel::nodeAt(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex LayerMapModel::indexForId(const QString &id) const
{
    std::vector<const Node *> stack{m_root.get()};
    while (!stack.empty()) {
        const Node *n = stack.back();
        stack.pop_back();
        for (const auto &c : n->children) {
            if (c->id == id)
                return createIndex(c->row(), 0, c.get());
            stack.push_back(c.get());
        }
    }
    return {};
}

QModelIndex LayerMapModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column != 0 || row < 0)
        return {};
    const Node *p = nodeAt(parent);
    if (row >= int(p->children.size()))
        return {};
    return createIndex(row, 0, p->children[std::size_t(row)].get());
}

QModelIndex LayerMapModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const Node *n = nodeAt(child);
    if (!n->parent || n->parent == m_root.get())
        return {};
    return createIndex(n->parent->row(), 0, n->parent);
}

int LayerMapModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(nodeAt(parent)->children.size());
}

int LayerMapModel::columnCount(const QModelIndex &) const
{
    return 1;
}

QVariant LayerMapModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node *n = nodeAt(index);
    switch (role) {
    case Qt::DisplayRole:
        return n->name;
    case NodeIdRole:
        return n->id;
    case NodeKindRole:
        return n->kind;
    case LayerIndexRole:
        return n->layerIndex;
    default:
        break;
    }
    if (n->kind != QLatin1String("entity"))
        return {};
    const Figures *f = figures(n->id.toStdString());
    if (!f)
        return {};
    auto val = [](const std::optional<LatestValue> &v) {
        return v ? QVariant(v->value) : QVariant();
    };
    auto opt = [](const std::optional<double> &v) {
        return v ? QVariant(*v) : QVariant();
    };
    switch (role) {
    case MarketCapRole:
        return val(f->marketCap);
    case FdvRole:
        return val(f->fdv);
    case Volume24hRole:
        return val(f->volume24h);
    case Fees30dRole:
        return opt(f->fees30d);
    case Change24hRole:
        return opt(f->change24h);
    case Change7dRole:
        return opt(f->change7d);
    case Change30dRole:
        return opt(f->change30d);
    case FdvOverMcRole:
        if (f->marketCap && f->fdv && f->marketCap->value > 0 && f->marketCap->ts == f->fdv->ts &&
            f->marketCap->provenance.source == f->fdv->provenance.source)
            return f->fdv->value / f->marketCap->value;
        return {};
    case ProvenanceRole: {
        QStringList lines;
        for (const auto &[label, v] :
             {std::pair{tr("Market cap"), &f->marketCap}, std::pair{tr("FDV"), &f->fdv},
              std::pair{tr("24h volume"), &f->volume24h}}) {
            if (*v)
                lines << tr("%1: %2 (%3, as of %4)%5")
                             .arg(label, formatUsdCompact((*v)->value), q((*v)->provenance.source),
                                  formatUtcDateTime((*v)->ts),
                                  (*v)->stale ? tr(", stale: older than its window") : QString());
            else
                lines << tr("%1: unknown").arg(label);
        }
        if (f->fees30d)
            lines << tr("Fees, 30 days: %1 (%2, to %3)%4")
                         .arg(formatUsdCompact(*f->fees30d), q(f->feesSource),
                              formatUtcDateTime(*f->feesAsOf),
                              f->feesStale ? tr(", stale: older than its window") : QString());
        return lines.join(u'\n');
    }
    default:
        return {};
    }
}

} // namespace stackatlas
