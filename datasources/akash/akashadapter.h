// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "datasources/sourceadapter.h"

namespace stackatlas {

// Akash Console API (no key): GPU prices per model (required) and network usage (partial).
class AkashAdapter : public SourceAdapter
{
public:
    AdapterInfo info() const override;
    Result<ParsedPayload> parsePayload(std::string_view kind, std::string_view bytes,
                                       const PayloadContext &context) const override;
    FetchResult fetch(const FetchRequest &request, HttpSession &http, const CancelToken &cancel,
                      const ProgressSink &progress) override;
};

} // namespace stackatlas
