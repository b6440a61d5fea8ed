// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "status.h"
#include "taxonomy.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace stackatlas {

struct ResolvedGpu
{
    std::string gpu;  // canonical key, "a100-80gb"
    std::string form; // sxm | pcie | nvl | empty when the spelling does not say
};

// A GPU's form factor as providers write it ("SXM5", "SXM4", "PCIe", "NVL") in the one spelling
// the cache keeps: sxm, pcie or nvl; anything else lower-cased as given; empty stays empty.
std::string normalizeGpuForm(std::string_view raw);

// Turns providers' GPU spellings into canonical keys using the taxonomy's alias table. Matching
// ignores case and treats '-', '_' and spaces alike ("A100_SXM_80GB" = "a100 sxm 80gb"). A
// spelling that names only a family ("A100 SXM4") needs the offer's memory size to pick a model.
// A spelling the table does not hold is read as a known name with a memory size and a form beside
// it: "H200_141GB", "GH200_96GB", "A100 SXM4 40GB", "V100 32Gi" (a size that contradicts a fixed
// model's is refused, not rounded).
class GpuResolver
{
public:
    explicit GpuResolver(const Taxonomy &taxonomy);

    Result<ResolvedGpu> resolve(std::string_view spelling, std::optional<int> memoryGb = std::nullopt) const;
    bool isCanonical(std::string_view key) const;

    static std::string normalize(std::string_view spelling);

private:
    std::map<std::string, GpuAlias> m_aliases;                  // normalized spelling -> alias
    std::map<std::string, std::map<int, std::string>> m_family; // family -> memory GB -> key
    std::map<std::string, GpuModel> m_models;
};

} // namespace stackatlas
