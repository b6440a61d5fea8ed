// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/asof.h"
#include "models/domain/comparison.h"
#include "models/domain/series.h"
#include "models/domain/status.h"
#include "models/domain/taxonomy.h"

#include <QAbstractItemModel>

#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace stackatlas {

class Cache;

// The stack as a tree for the layer map: layer -> category -> entity, then one more top-level
// node for the compute providers outside the stack (provider class -> provider). Holds raw figures
// per entity; the view chooses which one sizes and which one colours a tile. GUI thread.
class LayerMapModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    struct Figures
    {
        std::optional<LatestValue> marketCap, fdv, volume24h;
        std::optional<double> fees30d; // sum of daily fees over the 30 days up to the newest day
        std::optional<double> change24h, change7d, change30d; // percent, from the price history
        std::string feesSource;
        std::optional<UnixSeconds> feesAsOf;
        bool feesStale = false; // past its window at the date shown (only when stale values are asked for)
        std::vector<std::pair<UnixSeconds, double>> sparkline; // price, last 30 days
    };

    explicit LayerMapModel(QObject *parent = nullptr);
    ~LayerMapModel() override;

    // Compare mode (AsOf::compareFrom): each protocol's, category's and layer's figure at A and at
    // B for the measures a tile can be sized by (models/domain/comparison.h).
    struct Comparison
    {
        UnixSeconds from = 0, to = 0;                                          // A and B, as resolved
        std::map<std::string, std::map<std::string, ComparedFigure>> byMetric; // metric -> id -> figure
    };
    struct Contents
    {
        Taxonomy taxonomy;
        std::map<std::string, Figures> figures;
        std::optional<Comparison> comparison;
        std::optional<UnixSeconds> at; // the date the figures are as of, as resolved (B in compare mode)
        // Why a protocol has no market cap at that date ("none before 2026-06-30"), by id.
        std::map<std::string, std::string> missingMarketCap;
    };
    // Everything the map shows, read in one go (on the data store's thread in the desktop).
    static Result<Contents> load(const Cache &cache, const AsOf &asOf = {});
    // load() and setContents() in one, for headless use (the report, exports, tests).
    Status reload(const Cache &cache, const AsOf &asOf = {});
    // When the tree keeps its shape (the usual refresh) the figures change in place, so selections
    // and expanded branches survive; a new taxonomy resets the model. This one ends compare mode.
    void setContents(const Taxonomy &taxonomy, std::map<std::string, Figures> figures);
    void setContents(Contents contents);

    const Taxonomy &taxonomy() const { return m_taxonomy; }
    const Figures *figures(const std::string &entityId) const;
    // In compare mode: the figure of a protocol, category or layer at A and B; else nullptr.
    const ComparedFigure *compared(const std::string &id, const std::string &metric) const;
    const std::optional<Comparison> &comparison() const { return m_comparison; }
    // The date the figures are as of (nullopt: an empty cache, or figures set by hand).
    std::optional<UnixSeconds> asOfDate() const { return m_at; }
    // Why a protocol has no market cap at that date, or "" (missingfigures.h).
    std::string whyNoMarketCap(const std::string &id) const
    {
        const auto it = m_missingMarketCap.find(id);
        return it == m_missingMarketCap.end() ? std::string() : it->second;
    }
    // How many protocols have a figure of `metric` at that date (in compare mode: at both dates,
    // and so a change), of how many: what a picture of the map must say beside its date.
    std::pair<int, int> coverage(const std::string &metric) const;
    // The metrics compare mode reads (the sizing measures a change can be taken of).
    static const std::vector<std::string> &comparedMetrics();
    QModelIndex indexForId(const QString &id) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    // Reads the figures the map shows from the cache; exposed for tests.
    // Each figure is the one at asOf (Cache::latestValues); price changes and fees end at that date.
    static std::map<std::string, Figures> readFigures(const Cache &cache, const Taxonomy &taxonomy,
                                                      const AsOf &asOf = {});

private:
    struct Node;
    Node *nodeAt(const QModelIndex &index) const;
    void applyContents(const Taxonomy &taxonomy, std::map<std::string, Figures> figures);
    void build();
    void announceAllChanged(const QModelIndex &parent);

    Taxonomy m_taxonomy;
    std::map<std::string, Figures> m_figures;
    std::optional<Comparison> m_comparison;
    std::optional<UnixSeconds> m_at;
    std::map<std::string, std::string> m_missingMarketCap;
    std::unique_ptr<Node> m_root;
};

} // namespace stackatlas
