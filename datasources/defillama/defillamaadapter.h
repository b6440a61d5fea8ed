// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "datasources/sourceadapter.h"

namespace stackatlas {

// DefiLlama (no key): /protocols for TVL and the slugs of our protocols (matched by gecko_id,
// since no slug is confirmed by hand), then /summary/fees/{slug} daily fees and revenue for each
// matched protocol, and /overview/fees for trailing-24h fees.
class DefiLlamaAdapter : public SourceAdapter
{
public:
    AdapterInfo info() const override;
    FetchResult fetch(const FetchRequest &request, HttpSession &http, const CancelToken &cancel,
                      const ProgressSink &progress) override;
    Result<ParsedPayload> parsePayload(std::string_view kind, std::string_view bytes,
                                       const PayloadContext &context) const override;
};

} // namespace stackatlas
