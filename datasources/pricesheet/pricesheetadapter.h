// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "datasources/sourceadapter.h"

namespace stackatlas {

// The list-price CSV: a local file, no network. The base is the file to read; an empty path
// means the sheet compiled into the binary.
class PriceSheetAdapter : public SourceAdapter
{
public:
    explicit PriceSheetAdapter(std::string path) : m_path(std::move(path)) {}
    AdapterInfo info() const override;
    Result<ParsedPayload> parsePayload(std::string_view kind, std::string_view bytes,
                                       const PayloadContext &context) const override;
    FetchResult fetch(const FetchRequest &request, HttpSession &http, const CancelToken &cancel,
                      const ProgressSink &progress) override;

private:
    std::string m_path;
};

} // namespace stackatlas
