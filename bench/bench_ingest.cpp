// SPDX-License-Identifier: GPL-3.0-or-later
// Ingest: `stackatlas import-csv` of a long CSV of hourly GPU prices (50 series, default 1,000,000
// rows; bench/run passes 10,000,000 unless STACKATLAS_BENCH_ROWS says otherwise) as a process of its own,
// against a bare prepared-insert loop of the same points into the same schema and indexes, in this process.
// Prints rows/s as a ratio of the loop's, and the import's peak memory (wait4) beside that of a command that
// only opens the cache.
#include "datasources/cache/cache.h"
#include "datasources/taxonomy/taxonomyloader.h"

#include "benchchild.h"
#include "benchtimer.h"

#include <QCoreApplication>
#include <QTemporaryDir>

#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace stackatlas;

namespace {

const char *const kProviders[] = {"runpod",    "lambda", "vast-ai",    "akash",          "io-net",
                                  "coreweave", "crusoe", "tensordock", "massed-compute", "paperspace"};
const char *const kGpus[] = {"H100_SXM", "A100_SXM_80GB", "RTX_4090", "L40S", "H200_141GB"};
constexpr UnixSeconds kStart = 1672531200; // 2023-01-01

double priceAt(std::size_t series, std::size_t hour)
{
    return 0.3 + double(series % 17) * 0.2 + double((hour * 7919 + series) % 100) / 2000.0;
}

// Series by series, hour by hour, as exports and scrapers write them.
void writeCsv(const std::string &path, std::size_t rows)
{
    std::ofstream out(path);
    out << "entity,metric,unit,timestamp,value,source,dim.gpu\n";
    const std::size_t series = std::size(kProviders) * std::size(kGpus);
    const std::size_t hours = rows / series;
    char line[256];
    for (std::size_t s = 0; s < series; ++s)
        for (std::size_t h = 0; h < hours; ++h) {
            const time_t t = time_t(kStart + UnixSeconds(h) * 3600);
            tm utc{};
            gmtime_r(&t, &utc);
            char when[32];
            std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &utc);
            std::snprintf(line, sizeof line, "%s,gpu_hourly_usd,USD/GPU-hour,%s,%.4f,bench,%s\n",
                          kProviders[s / std::size(kGpus)], when, priceAt(s, h), kGpus[s % std::size(kGpus)]);
            out << line;
        }
}

// The least any import of these points costs: one prepared INSERT a point, one transaction.
double bareLoopMs(const std::string &path, std::size_t rows)
{
    auto opened = Cache::open(path);
    if (!opened.isOk() || !opened.value()->replaceTaxonomy(embeddedTaxonomy().value()).isOk())
        return -1;
    opened.value().reset();
    sqlite3 *db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL", nullptr, nullptr, nullptr);
    const std::size_t series = std::size(kProviders) * std::size(kGpus);
    const std::size_t hours = rows / series;
    const double ms = bench::bestMs(1, [&] {
        sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
        sqlite3_exec(
            db, "INSERT INTO provenance(id, source, endpoint, fetched_at, as_of) VALUES(1,'bench','b',1,1)",
            nullptr, nullptr, nullptr);
        sqlite3_stmt *addSeries = nullptr, *add = nullptr;
        sqlite3_prepare_v2(db,
                           "INSERT INTO series(id, entity_id, metric, source, dims, unit) VALUES(?, 'aws', "
                           "'gpu_hourly_usd', 'bench', ?, 'USD/GPU-hour')",
                           -1, &addSeries, nullptr);
        sqlite3_prepare_v2(db, "INSERT INTO points(series_id, ts, value, provenance_id) VALUES(?,?,?,1)", -1,
                           &add, nullptr);
        for (std::size_t s = 0; s < series; ++s) {
            sqlite3_bind_int64(addSeries, 1, sqlite3_int64(s + 1));
            const std::string dims = "gpu=g" + std::to_string(s);
            sqlite3_bind_text(addSeries, 2, dims.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_step(addSeries);
            sqlite3_reset(addSeries);
            for (std::size_t h = 0; h < hours; ++h) {
                sqlite3_bind_int64(add, 1, sqlite3_int64(s + 1));
                sqlite3_bind_int64(add, 2, kStart + sqlite3_int64(h) * 3600);
                sqlite3_bind_double(add, 3, priceAt(s, h));
                sqlite3_step(add);
                sqlite3_reset(add);
            }
        }
        sqlite3_finalize(addSeries);
        sqlite3_finalize(add);
        sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    });
    sqlite3_close(db);
    return ms;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_ingest STACKATLAS [ROWS]\n");
        return 2;
    }
    const std::string binary = argv[1];
    const std::size_t rows = argc > 2 ? std::stoull(argv[2]) : 1000000;
    QTemporaryDir dir;
    const std::string csv = dir.filePath(QStringLiteral("prices.csv")).toStdString();
    writeCsv(csv, rows);
    const double loopMs = bareLoopMs(dir.filePath(QStringLiteral("loop.sqlite")).toStdString(), rows);
    const std::vector<std::string> env{"HOME=" + dir.path().toStdString(),
                                       "STACKATLAS_DEFAULT_DATA=", "QT_QPA_PLATFORM=offscreen"};
    const std::string cache = dir.filePath(QStringLiteral("import.sqlite")).toStdString();
    const bench::Run import = bench::runChild({binary, "import-csv", csv, "--cache", cache}, env);
    const bench::Run idle = bench::runChild({binary, "sources", "--cache", cache}, env);
    if (!import.ok || loopMs <= 0) {
        std::fprintf(stderr, "bench_ingest: the import failed (exit %d)\n", import.exitCode);
        return 1;
    }
    const double rowsPerS = double(rows) / (import.ms / 1000), loopRowsPerS = double(rows) / (loopMs / 1000);
    std::printf(
        "import-csv of %zu rows (%.0f MB): %.2f s, %.0f rows/s; bare insert loop %.2f s, %.0f rows/s\n", rows,
        double(std::ifstream(csv, std::ios::ate).tellg()) / 1e6, import.ms / 1000, rowsPerS, loopMs / 1000,
        loopRowsPerS);
    std::printf("ingest rate: %.2fx the bare loop (goal >= 0.6x)\n", rowsPerS / loopRowsPerS);
    std::printf(
        "ingest peak memory: %.0f MiB (goal <= 200 MiB); a command that only opens the cache: %.0f MiB\n",
        import.maxRssMiB, idle.maxRssMiB);
    return 0;
}
