// SPDX-License-Identifier: GPL-3.0-or-later
// The small adapters (Akash, Vast.ai, the price sheet) and the registry of every built-in one.
#include "sourceadapter.h"

#include "akash/akashparser.h"
#include "coingecko/coingeckoadapter.h"
#include "defillama/defillamaadapter.h"
#include "http/canceltoken.h"
#include "payload.h"
#include "pricesheet/pricesheetparser.h"
#include "vastai/vastaiparser.h"

#include <QFile>

#include <algorithm>
#include <cctype>

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

namespace {

// Akash Console API (no key): GPU prices per model and network usage.
class AkashAdapter : public SourceAdapter
{
public:
    AdapterInfo info() const override
    {
        return {"akash", "Akash Console API",         "https://console-api.akash.network",
                20,      {"gpu_prices", "dashboard"}, {}};
    }
    Result<ParsedPayload> parsePayload(std::string_view kind, std::string_view bytes,
                                       const PayloadContext &ctx) const override
    {
        if (kind == "gpu_prices")
            return akash::parseGpuPrices(bytes, ctx);
        if (kind == "dashboard")
            return akash::parseDashboard(bytes, ctx);
        return Status::error(StatusCode::InvalidInput,
                             "akash has no payload kind \"" + std::string(kind) + "\"");
    }
    FetchResult fetch(const FetchRequest &request, HttpSession &http, const CancelToken &cancel,
                      const ProgressSink &progress) override
    {
        FetchResult result;
        if (progress.planned)
            progress.planned(2);
        HttpRequest prices;
        prices.url = request.base + "/v1/gpu-prices";
        result.endpoint = prices.url;
        auto body = payload::fetchBody(http, prices, cancel, result.httpStatus, progress);
        if (!body.isOk()) {
            result.status = body.status();
            return result;
        }
        auto parsed = akash::parseGpuPrices(body.value(),
                                            {request.taxonomy, "akash", prices.url, request.now, {}, {}, {}});
        if (!parsed.isOk()) {
            result.status = parsed.status();
            return result;
        }
        result.data = std::move(parsed).value();
        HttpRequest dashboard;
        dashboard.url = request.base + "/v1/dashboard-data";
        std::optional<int> status;
        auto dash = payload::fetchBody(http, dashboard, cancel, status, progress);
        payload::mergePartial(
            result, dash.isOk() ? akash::parseDashboard(
                                      dash.value(),
                                      {request.taxonomy, "akash", dashboard.url, request.now, {}, {}, {}})
                                : Result<ParsedPayload>(dash.status()));
        return result;
    }
};

std::string percentEncode(const std::string &s)
{
    static const char *hex = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += char(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

// Vast.ai offer search: one query per GPU model of interest, verified on-demand offers only.
class VastAiAdapter : public SourceAdapter
{
public:
    AdapterInfo info() const override
    {
        return {"vastai", "Vast.ai",  "https://console.vast.ai/api/v0",
                20,       {"offers"}, "STACKATLAS_VASTAI_KEY (Bearer)"};
    }
    Result<ParsedPayload> parsePayload(std::string_view kind, std::string_view bytes,
                                       const PayloadContext &ctx) const override
    {
        if (kind == "offers")
            return vastai::parseOffers(bytes, ctx);
        return Status::error(StatusCode::InvalidInput,
                             "vastai has no payload kind \"" + std::string(kind) + "\"");
    }
    FetchResult fetch(const FetchRequest &request, HttpSession &http, const CancelToken &cancel,
                      const ProgressSink &progress) override
    {
        static const std::vector<std::string> models{"RTX 4090",  "RTX 5090", "RTX 3090",  "A100 SXM4",
                                                     "A100 PCIE", "H100 SXM", "H100 PCIE", "H200",
                                                     "B200",      "L40S"};
        FetchResult result;
        if (progress.planned)
            progress.planned(int(models.size()));
        result.endpoint = request.base + "/bundles/";
        int ok = 0;
        for (const auto &model : models) {
            if (cancel.isCancelled())
                break;
            const std::string q =
                "{\"gpu_name\":{\"eq\":\"" + model +
                "\"},\"verified\":{\"eq\":true},\"rentable\":{\"eq\":true},\"rented\":{\"eq\":false},"
                "\"type\":\"on-demand\",\"limit\":1000}";
            HttpRequest r;
            r.url = request.base + "/bundles/?q=" + percentEncode(q);
            if (!request.apiKey.empty())
                r.secretHeaders.push_back({"Authorization", "Bearer " + request.apiKey});
            auto body = payload::fetchBody(http, r, cancel, result.httpStatus, progress);
            const PayloadContext ctx{request.taxonomy,
                                     "vastai",
                                     result.endpoint + " (gpu_name=" + model + ")",
                                     request.now,
                                     {},
                                     {},
                                     {}};
            Result<ParsedPayload> parsed =
                body.isOk() ? vastai::parseOffers(body.value(), ctx) : Result<ParsedPayload>(body.status());
            ok += parsed.isOk();
            payload::mergePartial(result, std::move(parsed));
        }
        if (ok == 0)
            result.status = Status::error(StatusCode::IoError, result.data.warnings.empty()
                                                                   ? std::string("no offers fetched")
                                                                   : result.data.warnings.back());
        return result;
    }
};

// The list-price CSV: a local file, no network. The base is the file to read.
class PriceSheetAdapter : public SourceAdapter
{
public:
    explicit PriceSheetAdapter(std::string path) : m_path(std::move(path)) {}
    AdapterInfo info() const override
    {
        return {"pricesheet",
                "GPU list prices (CSV)",
                m_path.empty() ? ":/stackatlas/pricesheet/gpu_list_prices.csv" : m_path,
                600,
                {"pricesheet"},
                {}};
    }
    Result<ParsedPayload> parsePayload(std::string_view kind, std::string_view bytes,
                                       const PayloadContext &ctx) const override
    {
        if (kind == "pricesheet")
            return pricesheet::parsePriceSheet(bytes, ctx);
        return Status::error(StatusCode::InvalidInput,
                             "pricesheet has no payload kind \"" + std::string(kind) + "\"");
    }
    FetchResult fetch(const FetchRequest &request, HttpSession &, const CancelToken &,
                      const ProgressSink &progress) override
    {
        FetchResult result;
        if (progress.planned)
            progress.planned(1);
        result.endpoint = request.base;
        QFile file(QString::fromStdString(request.base));
        if (!file.open(QIODevice::ReadOnly) || file.size() > (16 << 20)) {
            result.status =
                Status::error(StatusCode::IoError, request.base + ": " + file.errorString().toStdString());
            return result;
        }
        const QByteArray bytes = file.readAll();
        if (progress.requestFinished)
            progress.requestFinished();
        const std::string shown =
            request.base.rfind(":/", 0) == 0 ? "the price sheet built into StackAtlas" : request.base;
        auto parsed =
            pricesheet::parsePriceSheet(std::string_view(bytes.constData(), std::size_t(bytes.size())),
                                        {request.taxonomy, "pricesheet", shown, request.now, {}, {}, {}});
        if (!parsed.isOk())
            result.status = parsed.status();
        else
            result.data = std::move(parsed).value();
        return result;
    }

private:
    std::string m_path;
};

} // namespace

void registerBuiltinAdapters(AdapterRegistry &registry, const std::string &priceSheetPath)
{
    registry.add(std::make_unique<CoinGeckoAdapter>());
    registry.add(std::make_unique<DefiLlamaAdapter>());
    registry.add(std::make_unique<AkashAdapter>());
    registry.add(std::make_unique<VastAiAdapter>());
    registry.add(std::make_unique<PriceSheetAdapter>(priceSheetPath));
}

} // namespace stackatlas
