// SPDX-License-Identifier: GPL-3.0-or-later
#include "defillamaadapter.h"

#include "defillamaparser.h"

#include "datasources/http/canceltoken.h"
#include "datasources/payload.h"

namespace stackatlas {

AdapterInfo DefiLlamaAdapter::info() const
{
    return {"defillama", "DefiLlama", "https://api.llama.fi", 60, {"protocols", "fees", "fees_overview"}, {}};
}

Result<ParsedPayload> DefiLlamaAdapter::parsePayload(std::string_view kind, std::string_view bytes,
                                                     const PayloadContext &context) const
{
    if (kind == "protocols")
        return defillama::parseProtocols(bytes, context);
    if (kind == "fees")
        return defillama::parseFeesSummary(bytes, context);
    if (kind == "fees_overview")
        return defillama::parseFeesOverview(bytes, context);
    return Status::error(StatusCode::InvalidInput,
                         "defillama has no payload kind \"" + std::string(kind) + "\"");
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
    result.endpoint = protocols.url;
    auto body = payload::fetchBody(http, protocols, cancel, result.httpStatus, progress);
    if (!body.isOk()) {
        result.status = body.status();
        return result;
    }
    std::map<std::string, std::string> slugs;
    auto parsed = defillama::parseProtocols(
        body.value(), {&t, "defillama", protocols.url, request.now, {}, {}, {}}, &slugs);
    if (!parsed.isOk()) {
        result.status = parsed.status();
        return result;
    }
    result.data = std::move(parsed).value();
    if (progress.planned)
        progress.planned(2 + 2 * int(slugs.size()));

    for (const auto &[entity, slug] : slugs) {
        for (const char *dataType : {"dailyFees", "dailyRevenue"}) {
            if (cancel.isCancelled())
                break;
            HttpRequest r;
            r.url = request.base + "/summary/fees/" + slug + "?dataType=" + dataType;
            std::optional<int> status;
            auto fees = payload::fetchBody(http, r, cancel, status, progress);
            const PayloadContext ctx{&t,     "defillama", payload::withoutQuery(r.url), request.now, {},
                                     entity, dataType};
            payload::mergePartial(result, fees.isOk() ? defillama::parseFeesSummary(fees.value(), ctx)
                                                      : Result<ParsedPayload>(fees.status()));
        }
    }
    if (!cancel.isCancelled()) {
        HttpRequest overview;
        overview.url =
            request.base + "/overview/fees?excludeTotalDataChart=true&excludeTotalDataChartBreakdown=true";
        std::optional<int> status;
        auto fees = payload::fetchBody(http, overview, cancel, status, progress);
        const PayloadContext ctx{&t, "defillama", payload::withoutQuery(overview.url), request.now, {},
                                 {}, {}};
        payload::mergePartial(result, fees.isOk() ? defillama::parseFeesOverview(fees.value(), ctx)
                                                  : Result<ParsedPayload>(fees.status()));
    }
    if (cancel.isCancelled())
        result.status = Status::error(StatusCode::IoError, "cancelled");
    return result;
}

} // namespace stackatlas
