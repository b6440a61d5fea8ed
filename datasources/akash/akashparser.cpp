// SPDX-License-Identifier: GPL-3.0-or-later
#include "akashparser.h"

#include "datasources/payload.h"
#include "models/domain/gpualiases.h"

#include <cctype>

namespace stackatlas::akash {
namespace {

constexpr const char *kEntity = "akash";

std::optional<int> gigabytes(const std::string &ram)
{
    // "80Gi", "24Gi", "40GB": leading digits are GiB, which is how the console labels cards
    int value = 0;
    std::size_t i = 0;
    while (i < ram.size() && std::isdigit(static_cast<unsigned char>(ram[i])) && value < 100000)
        value = value * 10 + (ram[i++] - '0');
    return i > 0 ? std::optional<int>(value) : std::nullopt;
}

std::string formOf(const std::string &interface)
{
    std::string lower;
    for (const char c : interface)
        lower += char(std::tolower(static_cast<unsigned char>(c)));
    if (lower.rfind("sxm", 0) == 0)
        return "sxm";
    if (lower.rfind("pcie", 0) == 0)
        return "pcie";
    if (lower.rfind("nvl", 0) == 0)
        return "nvl";
    return {};
}

} // namespace

Result<ParsedPayload> parseGpuPrices(std::string_view body, const PayloadContext &ctx)
{
    auto parsed = payload::parseBody(body, "gpu-prices");
    if (!parsed.isOk())
        return parsed.status();
    const JsonValue *models = parsed.value().isObject() ? parsed.value().find("models") : nullptr;
    if (!models || !models->isArray())
        return Status::error(StatusCode::InvalidInput, "gpu-prices: no models array");
    const GpuResolver gpus(*ctx.taxonomy);
    const UnixSeconds ts = ctx.asOf.value_or(ctx.fetchedAt);
    ParsedPayload out;
    for (const JsonValue &m : models->items) {
        if (!m.isObject())
            continue;
        const std::string vendor = payload::text(m, "vendor");
        const std::string model = payload::text(m, "model");
        const std::string where = "gpu-prices " + vendor + " " + model + " " + payload::text(m, "ram");
        auto gpu = gpus.resolve(model, gigabytes(payload::text(m, "ram")));
        if (!gpu.isOk()) {
            out.warnings.push_back(where + ": " + gpu.status().message() + "; skipped");
            continue;
        }
        Dimensions dims{{"gpu", gpu.value().gpu}};
        const std::string form = formOf(payload::text(m, "interface"));
        if (!form.empty())
            dims["form"] = form;
        else if (!gpu.value().form.empty())
            dims["form"] = gpu.value().form;
        if (const JsonValue *avail = m.find("availability"); avail && avail->isObject()) {
            for (const auto &[field, state] :
                 {std::pair{"total", "total"}, std::pair{"available", "available"}}) {
                if (const auto n = payload::number(*avail, field, where, out.warnings, 1e7)) {
                    Dimensions d = dims;
                    d["state"] = state;
                    out.observations.push_back(payload::make(ctx, kEntity, "gpu_count", ts, *n, d));
                }
            }
        }
        const JsonValue *price = m.find("price");
        if (!price || price->isNull())
            continue; // no usable bids in the window: no price, which is not a price of 0
        if (!price->isObject()) {
            out.warnings.push_back(where + ": price is not an object; skipped");
            continue;
        }
        const std::string currency = payload::text(*price, "currency");
        if (!currency.empty() && currency != "USD") {
            out.warnings.push_back(where + ": price in " + currency + ", not USD; skipped");
            continue;
        }
        for (const auto &[field, stat] :
             {std::pair{"min", "min"}, std::pair{"med", "median"}, std::pair{"max", "max"},
              std::pair{"avg", "avg"}, std::pair{"weightedAverage", "wavg"}}) {
            if (const auto v = payload::number(*price, field, where, out.warnings, 1000)) {
                Dimensions d = dims;
                d["stat"] = stat;
                d["rental"] = "on_demand";
                out.observations.push_back(payload::make(ctx, kEntity, "gpu_hourly_usd", ts, *v, d));
            }
        }
    }
    return out;
}

Result<ParsedPayload> parseDashboard(std::string_view body, const PayloadContext &ctx)
{
    auto parsed = payload::parseBody(body, "dashboard-data");
    if (!parsed.isOk())
        return parsed.status();
    const JsonValue *now = parsed.value().isObject() ? parsed.value().find("now") : nullptr;
    if (!now || !now->isObject())
        return Status::error(StatusCode::InvalidInput, "dashboard-data: no \"now\" object");
    ParsedPayload out;
    const TimeParse date = parseTimestamp(payload::text(*now, "date"));
    if (!date.value)
        out.warnings.push_back("dashboard-data: no valid date; stamped with the fetch time");
    const UnixSeconds ts = date.value.value_or(ctx.asOf.value_or(ctx.fetchedAt));
    const std::string where = "dashboard-data";
    if (const auto v = payload::number(*now, "activeLeaseCount", where, out.warnings, 1e9))
        out.observations.push_back(payload::make(ctx, kEntity, "active_leases", ts, *v));
    if (const auto v = payload::number(*now, "activeGPU", where, out.warnings, 1e7))
        out.observations.push_back(payload::make(ctx, kEntity, "gpu_count", ts, *v, {{"state", "leased"}}));
    if (const auto v = payload::number(*now, "dailyUUsdSpent", where, out.warnings, 1e18))
        out.observations.push_back(
            payload::make(ctx, kEntity, "daily_spend_usd", ts, *v / 1e6, {{"denomination", "usd"}}));
    if (const auto v = payload::number(*now, "dailyUUsdcSpent", where, out.warnings, 1e18))
        out.observations.push_back(
            payload::make(ctx, kEntity, "daily_spend_usd", ts, *v / 1e6, {{"denomination", "usdc"}}));
    return out;
}

} // namespace stackatlas::akash
