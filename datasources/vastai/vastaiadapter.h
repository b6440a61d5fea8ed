// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "datasources/sourceadapter.h"

namespace stackatlas {

// Vast.ai offer search: one query per GPU model of interest, verified on-demand offers only; a
// source that answers for at least one model succeeds.
class VastAiAdapter : public SourceAdapter
{
public:
    AdapterInfo info() const override;
    Result<ParsedPayload> parsePayload(std::string_view kind, std::string_view bytes,
                                       const PayloadContext &context) const override;
    FetchResult fetch(const FetchRequest &request, HttpSession &http, const CancelToken &cancel,
                      const ProgressSink &progress) override;
};

} // namespace stackatlas
