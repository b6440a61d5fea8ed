// SPDX-License-Identifier: GPL-3.0-or-later
// The registry of adapters and the list of the ones StackAtlas ships.
#include "sourceadapter.h"

#include "akash/akashadapter.h"
#include "coingecko/coingeckoadapter.h"
#include "defillama/defillamaadapter.h"
#include "pricesheet/pricesheetadapter.h"
#include "vastai/vastaiadapter.h"

namespace stackatlas {

void AdapterRegistry::add(std::unique_ptr<SourceAdapter> adapter)
{
    m_adapters.push_back(std::move(adapter));
}

SourceAdapter *AdapterRegistry::find(std::string_view id) const
{
    for (const auto &a : m_adapters) {
        if (a->info().id == id)
            return a.get();
    }
    return nullptr;
}

std::vector<SourceAdapter *> AdapterRegistry::all() const
{
    std::vector<SourceAdapter *> out;
    for (const auto &a : m_adapters)
        out.push_back(a.get());
    return out;
}

void registerBuiltinAdapters(AdapterRegistry &registry, const std::string &priceSheetPath)
{
    registry.add(std::make_unique<CoinGeckoAdapter>());
    registry.add(std::make_unique<DefiLlamaAdapter>());
    registry.add(std::make_unique<AkashAdapter>());
    registry.add(std::make_unique<VastAiAdapter>());
    registry.add(std::make_unique<PriceSheetAdapter>(priceSheetPath));
}

} // namespace stackatlas
