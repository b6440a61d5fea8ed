// SPDX-License-Identifier: GPL-3.0-or-later
#include "akashadapter.h"

#include "akashparser.h"
#include "datasources/payload.h"

namespace stackatlas {

AdapterInfo AkashAdapter::info() const
{
    return {"akash", "Akash Console API",         "https://console-api.akash.network",
            20,      {"gpu_prices", "dashboard"}, {}};
}

Result<ParsedPayload> AkashAdapter::parsePayload(std::string_view kind, std::string_view bytes,
                                                 const PayloadContext &context) const
{
    if (kind == "gpu_prices")
        return akash::parseGpuPrices(bytes, context);
    if (kind == "dashboard")
        return akash::parseDashboard(bytes, context);
    return payload::unknownKind("akash", kind);
}

FetchResult AkashAdapter::fetch(const FetchRequest &request, HttpSession &http, const CancelToken &cancel,
                                const ProgressSink &progress)
{
    FetchResult result;
    if (progress.planned)
        progress.planned(2);
    const auto context = [&](const std::string &url) {
        return PayloadContext{request.taxonomy, "akash", url, request.now, {}, {}, {}};
    };
    HttpRequest prices;
    prices.url = request.base + "/v1/gpu-prices";
    if (!payload::fetchPrimary(result, http, prices, cancel, progress, [&](std::string_view body) {
            return akash::parseGpuPrices(body, context(prices.url));
        }))
        return result;
    HttpRequest dashboard;
    dashboard.url = request.base + "/v1/dashboard-data";
    payload::fetchPartial(result, http, dashboard, cancel, progress, [&](std::string_view body) {
        return akash::parseDashboard(body, context(dashboard.url));
    });
    return result;
}

} // namespace stackatlas
