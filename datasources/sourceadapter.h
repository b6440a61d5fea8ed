// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/series.h"
#include "models/domain/status.h"
#include "models/domain/taxonomy.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stackatlas {

class CancelToken;
class HttpSession;

// Facts about a kind of source, apart from any one fetch.
struct AdapterInfo
{
    std::string id;          // "coingecko": --sources, --endpoint NAME=BASE, the series' source
    std::string name;        // "CoinGecko"
    std::string defaultBase; // documented base URL, path prefix included
    int requestsPerMinute = 30;
    std::vector<std::string> payloadKinds; // what import-payload --kind accepts
    std::string keyHint;                   // how to pass an API key, if any
    // False for a source that reads a local file: its data never counts as live, and its success
    // does not make a refresh with no network anything but offline.
    bool network = true;
};

// What a parser makes of one payload: records to store, and what it skipped and why.
struct ParsedPayload
{
    std::vector<Observation> observations;
    std::vector<std::string> warnings;
};

// Where a parser hands its records while it parses, so a long history (market_chart, fees) is
// written in pieces instead of held whole: an import writes each piece inside one transaction.
struct ObservationSpill
{
    // Takes the records handed so far (the vector is cleared after it returns).
    std::function<Status(std::vector<Observation> &)> write;
    std::size_t every = std::size_t(1) << 16;
    Status status = Status::ok(); // the first failure; later pieces are dropped, and the import fails
};

// Where a payload came from, for the provenance of every record parsed out of it.
struct PayloadContext
{
    const Taxonomy *taxonomy = nullptr;
    std::string source;   // adapter id
    std::string endpoint; // URL, or "imported from FILE"
    UnixSeconds fetchedAt = 0;
    std::optional<UnixSeconds> asOf;   // when the payload does not say
    std::string entityId;              // for per-entity payloads (market_chart, fees)
    std::string dataType;              // defillama fees: dailyFees | dailyRevenue
    ObservationSpill *spill = nullptr; // null: every record stays in the ParsedPayload
};

struct FetchRequest
{
    const Taxonomy *taxonomy = nullptr;
    std::string base;       // the endpoint base in force (default or --endpoint)
    std::string apiKey;     // empty: keyless; travels in a header only
    std::string apiKeyKind; // per adapter, e.g. coingecko "demo" | "pro"
    UnixSeconds now = 0;
};

// Progress of one source: the requests it plans and those done.
struct ProgressSink
{
    std::function<void(int)> planned; // total requests expected (may grow)
    std::function<void()> requestFinished;
};

struct FetchResult
{
    Status status;      // not ok: the source failed and nothing of it is stored
    ParsedPayload data; // partial failures are warnings
    std::optional<int> httpStatus;
    std::string endpoint;     // the main endpoint, for the fetch run
    int failedRequests = 0;   // requests that failed while the source as a whole succeeded
    bool unreachable = false; // no request reached its host (set by the pipeline)
};

// One data source: a thin fetcher over pure parsers. fetch() blocks: call it on a worker thread,
// never the GUI thread. parsePayload() is pure and thread-safe.
class SourceAdapter
{
public:
    virtual ~SourceAdapter() = default;
    virtual AdapterInfo info() const = 0;
    virtual FetchResult fetch(const FetchRequest &request, HttpSession &http, const CancelToken &cancel,
                              const ProgressSink &progress) = 0;
    virtual Result<ParsedPayload> parsePayload(std::string_view kind, std::string_view bytes,
                                               const PayloadContext &context) const = 0;
};

// The adapters of this build, filled explicitly by the composition root.
class AdapterRegistry
{
public:
    void add(std::unique_ptr<SourceAdapter> adapter);
    SourceAdapter *find(std::string_view id) const;
    std::vector<SourceAdapter *> all() const;

private:
    std::vector<std::unique_ptr<SourceAdapter>> m_adapters;
};

// Every adapter StackAtlas ships. priceSheetPath: the user's editable list-price CSV (empty:
// the one compiled into the binary).
void registerBuiltinAdapters(AdapterRegistry &registry, const std::string &priceSheetPath = {});

} // namespace stackatlas
