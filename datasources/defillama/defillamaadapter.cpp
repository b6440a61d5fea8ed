// SPDX-License-Identifier: GPL-3.0-or-later
#include "defillamaadapter.h"

#include "defillamaparser.h"

#include "datasources/http/canceltoken.h"
#include "datasources/payload.h"

namespace stackatlas {

AdapterInfo DefiLlamaAdapter::info() const
{
    return {"defillama",
            "DefiLlama",
            "https://api.llama.fi",
            60,
            {"protocols", "protocol", "fees", "fees_overview"},
            {}};
}

Result<ParsedPayload> DefiLlamaAdapter::parsePayload(std::string_view kind, std::string_view bytes,
                                                     const PayloadContext &context) const
{
    if (kind == "protocols")
        return defillama::parseProtocols(bytes, context);
    if (kind == "protocol")
        return defillama::parseProtocolDetail(bytes, context);
    if (kind == "fees")
        return defillama::parseFeesSummary(bytes, context);
    if (kind == "fees_overview")
        return defillama::parseFeesOverview(bytes, context);
    return payload::unknownKind("defillama", kind);
}

FetchResult DefiLlamaAdapter::fetch(const FetchRequest &request, HttpSession &http, const CancelToken &cancel,
                                    const ProgressSink &progress)
{
    FetchResult result;
    const Taxonomy &t = *request.taxonomy;
    if (progress.planned)
        progress.planned(2);
    HttpRequest protocols;
    protocols.url = request.base + "/protocols";
    std::map<std::string, std::string> slugs;
    if (!payload::fetchPrimary(result, http, protocols, cancel, progress, [&](std::string_view body) {
            return defillama::parseProtocols(body, {&t, "defillama", protocols.url, request.now, {}, {}, {}},
                                             &slugs);
        }))
        return result;
    if (progress.planned)
        progress.planned(2 + 2 * int(slugs.size()));

    for (const auto &[entity, slug] : slugs) {
        for (const char *dataType : {"dailyFees", "dailyRevenue"}) {
            if (cancel.isCancelled())
                break;
            HttpRequest r;
            r.url = request.base + "/summary/fees/" + slug + "?dataType=" + dataType;
            const PayloadContext ctx{&t,     "defillama", payload::withoutQuery(r.url), request.now, {},
                                     entity, dataType};
            payload::fetchPartial(result, http, r, cancel, progress, [&](std::string_view body) {
                return defillama::parseFeesSummary(body, ctx);
            });
        }
    }
    if (!cancel.isCancelled()) {
        HttpRequest overview;
        overview.url =
            request.base + "/overview/fees?excludeTotalDataChart=true&excludeTotalDataChartBreakdown=true";
        const PayloadContext ctx{&t, "defillama", payload::withoutQuery(overview.url), request.now, {},
                                 {}, {}};
        payload::fetchPartial(result, http, overview, cancel, progress,
                              [&](std::string_view body) { return defillama::parseFeesOverview(body, ctx); });
    }
    if (cancel.isCancelled())
        result.status = Status::error(StatusCode::IoError, "cancelled");
    return result;
}

} // namespace stackatlas
