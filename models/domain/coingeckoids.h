// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "status.h"
#include "taxonomy.h"

#include <string>
#include <string_view>
#include <vector>

namespace stackatlas {

// One coin of CoinGecko's /coins/list.
struct CoinListing
{
    std::string id;
    std::string symbol;
    std::string name;
};

// /coins/list: [{id, symbol, name}, ...]. Anything else is refused, naming what it is.
Result<std::vector<CoinListing>> parseCoinsList(std::string_view text);

struct CoinGeckoIdChange
{
    std::string entity;
    std::string from;
    std::string to;
    std::string why; // "symbol IO and name io.net"
};

// What a /coins/list says of the CoinGecko ids the taxonomy records.
struct CoinGeckoIdReview
{
    std::size_t listed = 0;                 // coins in the list
    std::vector<std::string> confirmed;     // entities whose id is listed
    std::vector<CoinGeckoIdChange> renames; // id not listed, one coin with its symbol and name is
    std::vector<std::string> unlisted;      // id not listed, no single successor: "io-net (io)"
    std::vector<std::string> ambiguous;     // id not listed, several successors: "x (old): a, b"
};

// An id the list lacks is renamed only when exactly one listed coin, not claimed by another
// entity, has the entity's token symbol and its name (or an alias), ignoring case and punctuation.
// A list may be a subset of CoinGecko's: an id missing from it is reported, never removed.
CoinGeckoIdReview reviewCoinGeckoIds(const Taxonomy &taxonomy, const std::vector<CoinListing> &coins);

// Applies the renames: the new id, and the old one kept as an alias where no entity answers to it,
// so files that still use it keep resolving.
void applyCoinGeckoRenames(Taxonomy &taxonomy, const std::vector<CoinGeckoIdChange> &renames);

// One line per finding: "renamed io-net's CoinGecko id io -> io-net (symbol IO and name io.net)".
std::vector<std::string> describeReview(const CoinGeckoIdReview &review);

} // namespace stackatlas
