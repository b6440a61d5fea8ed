// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpualiases.h"

#include <cctype>
#include <cstdlib>

namespace stackatlas {

std::string GpuResolver::normalize(std::string_view spelling)
{
    std::string out;
    for (const char c : spelling) {
        if (c == '-' || c == '_' || c == ' ' || c == '\t') {
            if (!out.empty() && out.back() != ' ')
                out += ' ';
        } else {
            out += char(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

GpuResolver::GpuResolver(const Taxonomy &taxonomy)
{
    for (const auto &m : taxonomy.gpuModels) {
        m_models[m.key] = m;
        if (!m.family.empty() && m.memoryGb)
            m_family[m.family][*m.memoryGb] = m.key;
        // a canonical key is always its own spelling
        m_aliases[normalize(m.key)] = GpuAlias{m.key, m.key, {}, {}};
    }
    for (const auto &a : taxonomy.gpuAliases)
        m_aliases[normalize(a.spelling)] = a;
}

bool GpuResolver::isCanonical(std::string_view key) const
{
    return m_models.count(std::string(key)) > 0;
}

Result<ResolvedGpu> GpuResolver::resolve(std::string_view spelling, std::optional<int> memoryGb) const
{
    const auto it = m_aliases.find(normalize(spelling));
    if (it == m_aliases.end()) {
        return Status::error(StatusCode::NotFound, "unknown GPU \"" + std::string(spelling) +
                                                       "\" (add it to the taxonomy's gpu_aliases)");
    }
    const GpuAlias &alias = it->second;
    if (!alias.gpu.empty())
        return ResolvedGpu{alias.gpu, alias.form};

    const auto family = m_family.find(alias.family);
    if (!memoryGb) {
        return Status::error(StatusCode::InvalidInput,
                             "GPU \"" + std::string(spelling) +
                                 "\" comes in several memory sizes; the memory size is needed");
    }
    // Offers state memory in MiB of usable RAM (39936 for a 40 GB card): take the nearest size.
    std::string best;
    int bestDistance = 1 << 30;
    if (family != m_family.end()) {
        for (const auto &[gb, key] : family->second) {
            const int distance = std::abs(gb - *memoryGb);
            if (distance < bestDistance)
                bestDistance = distance, best = key;
        }
    }
    if (best.empty() || bestDistance * 10 > *memoryGb) {
        return Status::error(StatusCode::NotFound, "no " + alias.family + " model has " +
                                                       std::to_string(*memoryGb) + " GB of memory");
    }
    return ResolvedGpu{best, alias.form};
}

} // namespace stackatlas
