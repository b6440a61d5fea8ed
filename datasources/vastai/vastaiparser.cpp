// SPDX-License-Identifier: GPL-3.0-or-later
#include "vastaiparser.h"

#include "datasources/payload.h"
#include "models/domain/gpualiases.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace stackatlas::vastai {

double percentile(const std::vector<double> &sorted, double q)
{
    if (sorted.empty())
        return 0;
    const double pos = q * double(sorted.size() - 1);
    const std::size_t lo = std::size_t(std::floor(pos));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - double(lo));
}

Result<ParsedPayload> parseOffers(std::string_view body, const PayloadContext &ctx)
{
    // An offer has about a hundred members; these are the ones read below.
    static const std::vector<std::string_view> keep{"rentable",  "is_bid",   "verification", "verified",
                                                    "dph_total", "num_gpus", "gpu_ram",      "gpu_name"};
    auto parsed = payload::parseBody(body, "offers", &keep);
    if (!parsed.isOk())
        return parsed.status();
    const JsonValue *offers = &parsed.value();
    if (offers->isObject())
        offers = offers->find("offers");
    if (!offers || !offers->isArray())
        return Status::error(StatusCode::InvalidInput,
                             "offers: expected an array of offers or {\"offers\": [...]}");

    const GpuResolver gpus(*ctx.taxonomy);
    std::map<std::pair<std::string, std::string>, std::vector<double>> byGpu; // (gpu, form) -> USD/GPU-h
    int skipped = 0, unverified = 0;
    std::map<std::string, int> unknownNames;
    ParsedPayload out;
    for (const JsonValue &o : offers->items) {
        if (!o.isObject()) {
            ++skipped;
            continue;
        }
        const JsonValue *rentable = o.find("rentable");
        const JsonValue *isBid = o.find("is_bid");
        const bool verified = payload::text(o, "verification") == "verified" ||
                              (o.find("verified") && o.find("verified")->boolean);
        if (!verified) {
            ++unverified;
            continue;
        }
        if ((rentable && rentable->type == JsonValue::Type::Bool && !rentable->boolean) ||
            (isBid && isBid->type == JsonValue::Type::Bool && isBid->boolean)) {
            ++skipped; // rented out, or an interruptible bid: not an on-demand price
            continue;
        }
        std::vector<std::string> ignore;
        const auto price = payload::number(o, "dph_total", "offer", ignore, 10000);
        const auto count = payload::number(o, "num_gpus", "offer", ignore, 64);
        const auto ramMiB = payload::number(o, "gpu_ram", "offer", ignore, 1e7);
        if (!price || !count || *count < 1 || *price <= 0) {
            ++skipped;
            continue;
        }
        const std::string name = payload::text(o, "gpu_name");
        const std::optional<int> gb =
            ramMiB ? std::optional<int>(int(std::lround(*ramMiB / 1024.0))) : std::nullopt;
        auto gpu = gpus.resolve(name, gb);
        if (!gpu.isOk()) {
            ++unknownNames[name.empty() ? "(no name)" : name];
            continue;
        }
        byGpu[{gpu.value().gpu, gpu.value().form}].push_back(*price / *count); // per GPU-hour
    }
    const UnixSeconds ts = ctx.asOf.value_or(ctx.fetchedAt);
    for (auto &[key, prices] : byGpu) {
        std::sort(prices.begin(), prices.end());
        Dimensions dims{{"gpu", key.first}};
        if (!key.second.empty())
            dims["form"] = key.second;
        Dimensions countDims = dims;
        countDims["state"] = "offers";
        out.observations.push_back(
            payload::make(ctx, "vast-ai", "gpu_count", ts, double(prices.size()), countDims));
        for (const auto &[q, stat] :
             {std::pair{0.1, "p10"}, std::pair{0.5, "median"}, std::pair{0.9, "p90"}}) {
            Dimensions d = dims;
            d["stat"] = stat;
            d["rental"] = "on_demand";
            out.observations.push_back(
                payload::make(ctx, "vast-ai", "gpu_hourly_usd", ts, percentile(prices, q), d));
        }
    }
    if (unverified)
        out.warnings.push_back(std::to_string(unverified) + " unverified offers left out");
    if (skipped)
        out.warnings.push_back(std::to_string(skipped) +
                               " offers not rentable on demand or without a usable price left out");
    for (const auto &[name, n] : unknownNames)
        out.warnings.push_back(std::to_string(n) + " offers of unknown GPU \"" + name + "\" left out");
    return out;
}

} // namespace stackatlas::vastai
