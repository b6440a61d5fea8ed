// SPDX-License-Identifier: GPL-3.0-or-later
#include "vastaiadapter.h"

#include "datasources/http/canceltoken.h"
#include "datasources/payload.h"
#include "vastaiparser.h"

#include <cctype>

namespace stackatlas {

namespace {
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

} // namespace

AdapterInfo VastAiAdapter::info() const
{
    return {"vastai", "Vast.ai",  "https://console.vast.ai/api/v0",
            20,       {"offers"}, "STACKATLAS_VASTAI_KEY (Bearer)"};
}

Result<ParsedPayload> VastAiAdapter::parsePayload(std::string_view kind, std::string_view bytes,
                                                  const PayloadContext &context) const
{
    if (kind == "offers")
        return vastai::parseOffers(bytes, context);
    return payload::unknownKind("vastai", kind);
}

FetchResult VastAiAdapter::fetch(const FetchRequest &request, HttpSession &http, const CancelToken &cancel,
                                 const ProgressSink &progress)
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
        result.status =
            Status::error(StatusCode::IoError, result.data.warnings.empty() ? std::string("no offers fetched")
                                                                            : result.data.warnings.back());
    return result;
}

} // namespace stackatlas
