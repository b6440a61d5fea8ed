// SPDX-License-Identifier: GPL-3.0-or-later
#include "pricesheetparser.h"

#include "datasources/payload.h"
#include "models/domain/csvreader.h"
#include "models/domain/gpualiases.h"
#include "models/domain/textutil.h"

#include <cmath>
#include <map>

namespace stackatlas::pricesheet {

namespace {

struct SheetGpu
{
    std::string gpu, form;
    int perInstance = 0; // GPUs in the named instance type; 0 when the column names a GPU
};

// A cloud instance type names its GPUs; otherwise the gpu column is a GPU spelling.
Result<SheetGpu> resolveGpuColumn(const Taxonomy &t, const GpuResolver &gpus, const std::string &text)
{
    for (const auto &it : t.instanceTypes)
        if (it.id == text)
            return SheetGpu{it.gpu, it.form, it.gpuCount};
    auto resolved = gpus.resolve(text);
    if (!resolved.isOk())
        return resolved.status();
    return SheetGpu{resolved.value().gpu, resolved.value().form, 0};
}

} // namespace

Result<ParsedPayload> parsePriceSheet(std::string_view csv, const PayloadContext &ctx)
{
    const CsvDocument doc = readCsv(csv);
    if (doc.records.empty())
        return Status::error(StatusCode::InvalidInput, "price sheet: empty");
    std::map<std::string, std::size_t> col;
    for (std::size_t i = 0; i < doc.records[0].fields.size(); ++i)
        col[std::string(trimmed(doc.records[0].fields[i]))] = i;
    for (const char *name : {"provider", "gpu", "gpu_count", "region", "rental", "price_usd", "price_per",
                             "as_of", "source", "source_url"}) {
        if (!col.count(name))
            return Status::error(StatusCode::InvalidInput,
                                 std::string("price sheet: missing column \"") + name + "\"");
    }
    const Taxonomy &t = *ctx.taxonomy;
    const GpuResolver gpus(t);
    ParsedPayload out;
    for (const auto &issue : doc.issues)
        out.warnings.push_back("price sheet line " + std::to_string(issue.line) + ": " + issue.message);
    for (std::size_t r = 1; r < doc.records.size(); ++r) {
        const CsvRecord &rec = doc.records[r];
        auto bad = [&](const std::string &why) {
            out.warnings.push_back("price sheet line " + std::to_string(rec.line) + ": " + why + "; skipped");
        };
        if (rec.fields.size() != doc.records[0].fields.size()) {
            bad("wrong number of fields");
            continue;
        }
        auto f = [&](const char *name) {
            return std::string(trimmed(rec.fields[col.at(name)]));
        };
        const Entity *provider = t.entityBySpelling(f("provider"));
        if (!provider) {
            bad("unknown provider " + quotedInput(f("provider")));
            continue;
        }
        const auto resolved = resolveGpuColumn(t, gpus, f("gpu"));
        if (!resolved.isOk()) {
            bad(resolved.status().message());
            continue;
        }
        const auto &[gpu, form, perInstance] = resolved.value();
        const auto count = parseFiniteDouble(f("gpu_count"));
        const auto price = parseFiniteDouble(f("price_usd"));
        const TimeParse asOf = parseTimestamp(f("as_of"));
        // Range first: converting 5.6e120 to an integer is undefined (found by fuzz_payload).
        if (!count || *count < 1 || *count > 1024 || *count != std::floor(*count)) {
            bad("gpu_count must be a whole number from 1 to 1024");
            continue;
        }
        if (perInstance && perInstance != long(*count)) {
            bad("gpu_count contradicts the instance type (" + std::to_string(perInstance) + " GPUs)");
            continue;
        }
        if (!price || *price <= 0 || *price > 10000) {
            bad("price_usd must be a positive number");
            continue;
        }
        if (!asOf.value) {
            bad("as_of: " + asOf.error);
            continue;
        }
        const std::string per = f("price_per");
        if (per != "instance" && per != "gpu") {
            bad("price_per must be instance or gpu");
            continue;
        }
        if (f("source").empty()) {
            bad("every row needs a source");
            continue;
        }
        const double perGpu = per == "instance" ? *price / *count : *price;
        Dimensions dims{
            {"gpu", gpu}, {"stat", "list"}, {"rental", f("rental").empty() ? "on_demand" : f("rental")}};
        if (!form.empty())
            dims["form"] = form;
        if (!f("region").empty())
            dims["region"] = f("region");
        dims["gpus_per_instance"] = std::to_string(long(*count));
        Observation o = payload::make(ctx, provider->id, "gpu_hourly_usd", *asOf.value, perGpu, dims);
        // each row carries its own origin
        o.provenance.endpoint = f("source") + (f("source_url").empty() ? "" : " <" + f("source_url") + ">") +
                                " via " + ctx.endpoint;
        o.provenance.asOf = *asOf.value;
        out.observations.push_back(std::move(o));
    }
    return out;
}

} // namespace stackatlas::pricesheet
