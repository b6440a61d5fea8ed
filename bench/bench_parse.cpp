// SPDX-License-Identifier: GPL-3.0-or-later
// Adapter parsing against a baseline measured in the same process: RapidJSON's SAX reader with
// a handler that does nothing (performance.md's yardstick). Prints ratios, never asserts times.
#include "datasources/sourceadapter.h"
#include "datasources/taxonomy/taxonomyloader.h"
#include "models/domain/jsonpairs.h"
#include "models/domain/jsonreader.h"

#include "benchtimer.h"

#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <QCoreApplication>
#include <QFile>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>

using namespace stackatlas;
using bench::bestMs;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_parse DATA_DIR\n");
        return 2;
    }
    const Taxonomy taxonomy = embeddedTaxonomy().value();
    AdapterRegistry registry;
    registerBuiltinAdapters(registry);
    struct Case
    {
        const char *file, *source, *kind, *entity;
    };
    const Case cases[] = {
        {"coins_categories.json", "coingecko", "categories", ""},
        {"coingecko_markets_ai_items_2026-05-26.json", "coingecko", "markets", ""},
        {"coins_bitcoin_market_chart_90d_daily_usd.json", "coingecko", "market_chart", "render"},
        {"summary_fees_hyperliquid_dailyFees.json", "defillama", "fees", "bittensor"},
        {"bundles_offers_a100_sxm4_cli_raw.json", "vastai", "offers", ""},
    };
    std::printf("%-48s %9s %12s %12s %12s %8s %10s\n", "payload", "bytes", "sax MB/s", "tree MB/s",
                "parser MB/s", "ratio", "ratio(v)");
    for (const Case &c : cases) {
        QFile f(QString::fromLocal8Bit(argv[1]) + QLatin1Char('/') + QString::fromLatin1(c.file));
        if (!f.open(QIODevice::ReadOnly))
            return 1;
        const QByteArray bytes = f.readAll();
        const std::string_view text(bytes.constData(), std::size_t(bytes.size()));
        // Repeat small payloads so each timing covers ~4 MB.
        const int reps = std::max(1, int((4 << 20) / std::max<qsizetype>(1, bytes.size())));
        const double mb = double(bytes.size()) * reps / 1e6;
        const double sax = bestMs(5, [&] {
            for (int r = 0; r < reps; ++r) {
                rapidjson::BaseReaderHandler<> nothing;
                rapidjson::MemoryStream s(text.data(), text.size());
                rapidjson::Reader reader;
                reader.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag>(s,
                                                                                                     nothing);
            }
        });
        // The same with UTF-8 validation, which every parse here must do (hostile payloads).
        const double saxValidating = bestMs(5, [&] {
            for (int r = 0; r < reps; ++r) {
                rapidjson::BaseReaderHandler<> nothing;
                rapidjson::MemoryStream s(text.data(), text.size());
                rapidjson::Reader reader;
                reader.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag |
                             rapidjson::kParseValidateEncodingFlag>(s, nothing);
            }
        });
        const double tree = bestMs(5, [&] {
            for (int r = 0; r < reps; ++r)
                (void)parseJson(text);
        });
        const SourceAdapter *adapter = registry.find(c.source);
        PayloadContext ctx{&taxonomy, c.source, "bench", 1780000000, 1780000000, c.entity, "dailyFees"};
        std::size_t records = 0;
        const double full = bestMs(5, [&] {
            for (int r = 0; r < reps; ++r)
                records = adapter->parsePayload(c.kind, text, ctx).value().observations.size();
        });
        std::printf("%-48s %9lld %12.0f %12.0f %12.0f %7.2fx %9.2fx  (%zu records)\n", c.file,
                    static_cast<long long>(bytes.size()), mb / (sax / 1000), mb / (tree / 1000),
                    mb / (full / 1000), sax / full, saxValidating / full, records);
        if (std::string_view(c.kind) == "market_chart") {
            // What is left once the pairs are read: turning each into a stored observation.
            static const std::vector<std::string> names{"prices", "market_caps", "total_volumes"};
            const double pairsOnly = bestMs(5, [&] {
                for (int r = 0; r < reps; ++r)
                    (void)parsePairArrays(text, names);
            });
            std::printf("%-48s %9s %12s %12s %12.0f %7.2fx %9.2fx  (the pairs read, no observations made)\n",
                        "  market_chart pairs alone", "", "", "", mb / (pairsOnly / 1000), sax / pairsOnly,
                        saxValidating / pairsOnly);
        }
    }
    std::printf(
        "ratio = parser throughput / RapidJSON SAX without a handler; ratio(v) = the same against SAX that "
        "validates UTF-8 as the parsers must (goal: >= 0.5 object-heavy, >= 0.6 numeric)\n");
    return 0;
}
