// SPDX-License-Identifier: GPL-3.0-or-later
#include "coingeckoids.h"

#include "jsonreader.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace stackatlas {
namespace {

// "io.net" and "IO Net" are the same name; "Render" and "Render Token" are not (a successor must
// carry the name the taxonomy knows, in full).
std::string folded(std::string_view s)
{
    std::string out;
    for (unsigned char c : s)
        if (std::isalnum(c))
            out += char(std::tolower(c));
    return out;
}

std::string lowered(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

bool sameName(const Entity &e, const CoinListing &coin)
{
    const std::string name = folded(coin.name);
    if (name.empty())
        return false;
    if (folded(e.name) == name)
        return true;
    return std::any_of(e.aliases.begin(), e.aliases.end(),
                       [&](const std::string &a) { return folded(a) == name; });
}

} // namespace

Result<std::vector<CoinListing>> parseCoinsList(std::string_view text)
{
    auto parsed = parseJson(text);
    if (!parsed.isOk())
        return Status::error(StatusCode::InvalidInput, "coins/list: " + parsed.status().message());
    const JsonValue &root = parsed.value();
    if (!root.isArray())
        return Status::error(
            StatusCode::InvalidInput,
            std::string("coins/list: expected the array [{id, symbol, name}] it returns, got ") +
                JsonValue::typeName(root.type));
    std::vector<CoinListing> out;
    out.reserve(root.items.size());
    for (std::size_t i = 0; i < root.items.size(); ++i) {
        const JsonValue &item = root.items[i];
        const JsonValue *id = item.isObject() ? item.find("id") : nullptr;
        const JsonValue *symbol = item.isObject() ? item.find("symbol") : nullptr;
        const JsonValue *name = item.isObject() ? item.find("name") : nullptr;
        if (!id || !id->isString() || !symbol || !symbol->isString() || !name || !name->isString())
            return Status::error(StatusCode::InvalidInput, "coins/list: item " + std::to_string(i + 1) +
                                                               " is not {id, symbol, name} with strings");
        if (item.find("current_price") || item.find("market_cap"))
            return Status::error(StatusCode::InvalidInput,
                                 "coins/list: the items carry prices; this is a /coins/markets payload "
                                 "(import it with --kind markets)");
        out.push_back({id->text, symbol->text, name->text});
    }
    return out;
}

CoinGeckoIdReview reviewCoinGeckoIds(const Taxonomy &taxonomy, const std::vector<CoinListing> &coins)
{
    CoinGeckoIdReview review;
    review.listed = coins.size();
    std::set<std::string> listedIds;
    std::multimap<std::string, const CoinListing *> bySymbol;
    for (const CoinListing &c : coins) {
        listedIds.insert(c.id);
        bySymbol.emplace(lowered(c.symbol), &c);
    }
    std::set<std::string> claimed; // ids some entity records: not a successor for another
    for (const Entity &e : taxonomy.entities)
        if (!e.coingeckoId.empty())
            claimed.insert(e.coingeckoId);

    for (const Entity &e : taxonomy.entities) {
        if (e.coingeckoId.empty())
            continue;
        if (listedIds.count(e.coingeckoId)) {
            review.confirmed.push_back(e.id);
            continue;
        }
        std::vector<const CoinListing *> successors;
        if (!e.tokenSymbol.empty()) {
            const auto [from, to] = bySymbol.equal_range(lowered(e.tokenSymbol));
            for (auto it = from; it != to; ++it)
                if (!claimed.count(it->second->id) && sameName(e, *it->second))
                    successors.push_back(it->second);
        }
        if (successors.size() == 1) {
            review.renames.push_back(
                {e.id, e.coingeckoId, successors.front()->id,
                 "symbol " + successors.front()->symbol + " and name " + successors.front()->name});
        } else if (successors.empty()) {
            review.unlisted.push_back(e.id + " (" + e.coingeckoId + ")");
        } else {
            std::string names;
            for (const CoinListing *c : successors)
                names += (names.empty() ? "" : ", ") + c->id;
            review.ambiguous.push_back(e.id + " (" + e.coingeckoId + "): " + names);
        }
    }
    return review;
}

void applyCoinGeckoRenames(Taxonomy &taxonomy, const std::vector<CoinGeckoIdChange> &renames)
{
    for (const CoinGeckoIdChange &r : renames) {
        auto it = std::find_if(taxonomy.entities.begin(), taxonomy.entities.end(),
                               [&](const Entity &e) { return e.id == r.entity; });
        if (it == taxonomy.entities.end())
            continue;
        it->coingeckoId = r.to;
        // The old id keeps naming the entity in files written before the rename.
        const std::string old = lowered(r.from);
        const bool taken =
            std::any_of(taxonomy.entities.begin(), taxonomy.entities.end(), [&](const Entity &e) {
                return lowered(e.id) == old ||
                       std::any_of(e.aliases.begin(), e.aliases.end(),
                                   [&](const std::string &a) { return lowered(a) == old; });
            });
        if (!taken)
            it->aliases.push_back(r.from);
    }
}

std::vector<std::string> describeReview(const CoinGeckoIdReview &review)
{
    std::vector<std::string> lines;
    lines.push_back(std::to_string(review.listed) + " coins listed; " +
                    std::to_string(review.confirmed.size()) + " of the taxonomy's CoinGecko ids confirmed, " +
                    std::to_string(review.renames.size()) + " renamed, " +
                    std::to_string(review.unlisted.size() + review.ambiguous.size()) + " not in the list");
    for (const auto &r : review.renames)
        lines.push_back("renamed " + r.entity + "'s CoinGecko id " + r.from + " -> " + r.to + " (" + r.why +
                        "; the old id stays an alias)");
    for (const auto &a : review.ambiguous)
        lines.push_back("not renamed, several coins fit " + a);
    if (!review.unlisted.empty()) {
        std::string ids;
        for (std::size_t i = 0; i < review.unlisted.size() && i < 10; ++i)
            ids += (i ? ", " : "") + review.unlisted[i];
        if (review.unlisted.size() > 10)
            ids += " and " + std::to_string(review.unlisted.size() - 10) + " more";
        lines.push_back("not in this list (a partial list, or delisted), kept as they are: " + ids);
    }
    return lines;
}

} // namespace stackatlas
