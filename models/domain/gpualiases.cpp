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

std::string normalizeGpuForm(std::string_view raw)
{
    std::string lower;
    for (const char c : raw)
        if (c != ' ' && c != '-' && c != '_')
            lower += char(std::tolower(static_cast<unsigned char>(c)));
    if (lower.rfind("sxm", 0) == 0)
        return "sxm";
    if (lower.rfind("pcie", 0) == 0 || lower == "pci")
        return "pcie";
    if (lower.rfind("nvl", 0) == 0)
        return "nvl";
    return lower;
}

namespace {

// "141gb", "80gi", "96gib", "40g" -> the number; anything else (a bare "4090" included) -> nullopt.
std::optional<int> memoryToken(std::string_view token)
{
    std::size_t digits = 0;
    while (digits < token.size() && std::isdigit(static_cast<unsigned char>(token[digits])))
        ++digits;
    const std::string_view unit = token.substr(digits);
    if (digits == 0 || digits > 4 || (unit != "gb" && unit != "gib" && unit != "gi" && unit != "g"))
        return std::nullopt;
    return std::atoi(std::string(token.substr(0, digits)).c_str());
}

bool isFormToken(std::string_view token)
{
    return token == "pcie" || token == "nvl" || (token.rfind("sxm", 0) == 0 && token.size() <= 4);
}

} // namespace

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
    const std::string normalized = normalize(spelling);
    auto it = m_aliases.find(normalized);
    std::string spelledForm;
    if (it == m_aliases.end()) {
        // Read the memory size and form off the spelling, and the rest as a known name.
        std::string base;
        std::optional<int> spelledMemory;
        std::size_t start = 0;
        while (start <= normalized.size()) {
            const std::size_t end = std::min(normalized.find(' ', start), normalized.size());
            const std::string_view token = std::string_view(normalized).substr(start, end - start);
            if (const auto gb = memoryToken(token))
                spelledMemory = gb;
            else if (isFormToken(token))
                spelledForm = normalizeGpuForm(token);
            else if (!token.empty() && token != "nvidia" && token != "amd" && token != "tesla")
                base += (base.empty() ? "" : " ") + std::string(token);
            start = end + 1;
        }
        if (base != normalized) {
            // "h100 sxm5": the table's "h100 sxm" names the model; else the bare name.
            if (!spelledForm.empty())
                it = m_aliases.find(base + " " + spelledForm);
            if (it == m_aliases.end())
                it = m_aliases.find(base);
        }
        if (it == m_aliases.end())
            return Status::error(StatusCode::NotFound, "unknown GPU \"" + std::string(spelling) +
                                                           "\" (add it to the taxonomy's gpu_aliases)");
        if (spelledMemory) {
            if (!it->second.gpu.empty()) {
                const auto model = m_models.find(it->second.gpu);
                const int gb =
                    model != m_models.end() && model->second.memoryGb ? *model->second.memoryGb : 0;
                if (gb && std::abs(gb - *spelledMemory) * 10 > gb)
                    return Status::error(StatusCode::InvalidInput, "GPU \"" + std::string(spelling) +
                                                                       "\": " + it->second.gpu + " has " +
                                                                       std::to_string(gb) + " GB, not " +
                                                                       std::to_string(*spelledMemory));
            }
            memoryGb = spelledMemory;
        }
    }
    const GpuAlias &alias = it->second;
    const std::string form = spelledForm.empty() ? alias.form : spelledForm;
    if (!alias.gpu.empty())
        return ResolvedGpu{alias.gpu, form};

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
    return ResolvedGpu{best, form};
}

} // namespace stackatlas
