// SPDX-License-Identifier: GPL-3.0-or-later
// Every payload kind of every source adapter (what import-payload and a fetch parse). The first
// line names the adapter and kind; the rest is the body. Records that come out must pass the
// door's bounds or be refused there, never crash it.
#include "fuzzsupport.h"

#include "datasources/sourceadapter.h"
#include "models/domain/valuesanity.h"

#include <string>
#include <utility>
#include <vector>

using namespace stackatlas;

namespace {

struct Target
{
    const SourceAdapter *adapter;
    std::string kind;
};

const std::vector<Target> &targets()
{
    static AdapterRegistry registry;
    static const std::vector<Target> all = [] {
        registerBuiltinAdapters(registry);
        std::vector<Target> out;
        for (const SourceAdapter *a : registry.all())
            for (const std::string &kind : a->info().payloadKinds)
                out.push_back({a, kind});
        return out;
    }();
    return all;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    // "source/kind" on the first line picks the parser (the corpus is named that way); any other
    // first line picks one by its first byte, so mutations reach every parser.
    const std::string_view input = fuzz::bytes(data, size);
    const std::size_t eol = input.find('\n');
    if (eol == std::string_view::npos)
        return 0;
    const std::string_view selector = input.substr(0, eol);
    const auto &all = targets();
    const Target *t = &all[selector.empty() ? 0 : static_cast<unsigned char>(selector[0]) % all.size()];
    for (const Target &candidate : all)
        if (selector == candidate.adapter->info().id + "/" + candidate.kind)
            t = &candidate;
    PayloadContext ctx{&fuzz::shippedTaxonomy(),
                       t->adapter->info().id,
                       "fuzz",
                       1750000000,
                       1750000000,
                       "render",
                       "dailyFees"};
    auto parsed = t->adapter->parsePayload(t->kind, input.substr(eol + 1), ctx);
    if (parsed.isOk()) {
        std::vector<std::string> warnings;
        removeRefusedAtTheDoor(parsed.value().observations, 1750000000, warnings);
    }
    return 0;
}
