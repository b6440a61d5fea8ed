// SPDX-License-Identifier: GPL-3.0-or-later
#include "pricesheetadapter.h"

#include "datasources/boundedread.h"
#include "datasources/payload.h"
#include "pricesheetparser.h"

#include <QFile>

namespace stackatlas {

AdapterInfo PriceSheetAdapter::info() const
{
    return {"pricesheet",
            "GPU list prices (CSV)",
            m_path.empty() ? ":/stackatlas/pricesheet/gpu_list_prices.csv" : m_path,
            600,
            {"pricesheet"},
            {},
            false};
}

Result<ParsedPayload> PriceSheetAdapter::parsePayload(std::string_view kind, std::string_view bytes,
                                                      const PayloadContext &context) const
{
    if (kind == "pricesheet")
        return pricesheet::parsePriceSheet(bytes, context);
    return payload::unknownKind("pricesheet", kind);
}

FetchResult PriceSheetAdapter::fetch(const FetchRequest &request, HttpSession &, const CancelToken &,
                                     const ProgressSink &progress)
{
    FetchResult result;
    if (progress.planned)
        progress.planned(1);
    result.endpoint = request.base;
    QFile file(QString::fromStdString(request.base));
    if (!file.open(QIODevice::ReadOnly)) {
        result.status =
            Status::error(StatusCode::IoError, request.base + ": " + file.errorString().toStdString());
        return result;
    }
    auto read = readBounded(file, qint64(16) << 20);
    if (!read.isOk()) {
        result.status = Status::error(read.status().code(), request.base + ": " + read.status().message());
        return result;
    }
    const QByteArray bytes = std::move(read).value();
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

} // namespace stackatlas
