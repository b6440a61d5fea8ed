// SPDX-License-Identifier: GPL-3.0-or-later
#include "recordedapis.h"

#include <QFile>

namespace stackatlas::test {

QByteArray recordedPayload(const char *name)
{
    QFile f(QStringLiteral(STACKATLAS_TEST_PAYLOADS) + QLatin1Char('/') + QString::fromLatin1(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing test payload %s", name);
    return f.readAll();
}

void serveRecordedApis(ReplayServer &server)
{
    using Response = ReplayServer::Response;
    server.route("/api/v3/coins/markets",
                 {Response::json(recordedPayload("coingecko_markets_ai_items_2026-05-26.json"))});
    server.route("/api/v3/coins/categories", {Response::json(recordedPayload("coins_categories.json"))});
    server.route("/api/v3/coins/*",
                 {Response::json(recordedPayload("coins_bitcoin_market_chart_90d_daily_usd.json"))});
    server.route("/llama/protocols", {Response::json(recordedPayload("defillama_protocols_synthetic.json"))});
    server.route("/llama/summary/fees/*",
                 {Response::json(recordedPayload("summary_fees_hyperliquid_dailyFees.json"))});
    server.route("/llama/overview/fees",
                 {Response::json(recordedPayload("defillama_fees_overview_synthetic.json"))});
    server.route("/akash/v1/gpu-prices",
                 {Response::json(recordedPayload("akash_gpu_prices_synthetic.json"))});
    server.route("/akash/v1/dashboard-data",
                 {Response::json(recordedPayload("akash_dashboard_synthetic.json"))});
    server.route("/vast/bundles/", {Response::json(recordedPayload("vastai_bundles_api_shape.json"))});
}

std::map<std::string, std::string> recordedApiBases(const ReplayServer &server)
{
    const std::string b = server.baseUrl().toStdString();
    return {{"coingecko", b + "/api/v3"},
            {"defillama", b + "/llama"},
            {"akash", b + "/akash"},
            {"vastai", b + "/vast/"}};
}

} // namespace stackatlas::test
