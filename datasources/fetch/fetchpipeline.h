// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "datasources/http/httpclient.h"
#include "datasources/http/httpsession.h"
#include "datasources/sourceadapter.h"

#include "models/domain/fetchrun.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace stackatlas {

class Cache;
class CancelToken;

struct ApiKey
{
    std::string value;
    std::string kind; // adapter-specific, e.g. coingecko "demo" | "pro"
};

struct FetchOptions
{
    std::vector<std::string> sources;         // empty: every registered adapter
    std::map<std::string, std::string> bases; // --endpoint NAME=BASE
    std::map<std::string, ApiKey> keys;       // never logged or stored
    HttpLimits limits;
    std::string proxy; // see CurlSettings::proxy
    std::string userAgent = "StackAtlas";
    RetryPolicy retry;
    // Tests hand in their own transport or clock; production uses libcurl and real time.
    std::function<std::unique_ptr<HttpClient>()> clientFactory;
    std::shared_ptr<SessionClock> clock;
};

struct SourceProgress
{
    std::string source;
    int planned = 0;
    int done = 0;
    long long bytes = 0;
    enum class State
    {
        Waiting,
        Running,
        Done,
        Failed
    } state = State::Waiting;
};

struct SourceOutcome
{
    std::string source;
    Status status;           // failed: nothing of this source was written; its earlier data is intact
    long long stored = 0;    // new values, or values that changed
    long long unchanged = 0; // values it delivered that the cache held already
    std::vector<std::string> warnings;
    FetchRun run;
    bool network = true;      // the source is on the network (not a local file)
    bool unreachable = false; // none of its requests reached a host
};

// A refresh where no network source reached its host: what to say, or nothing.
// "offline: no source could be reached; the cache is unchanged" when nothing changed at all.
std::string offlineSummary(const std::vector<SourceOutcome> &outcomes);

// Runs the chosen adapters concurrently (one worker thread each) and writes each source's
// records into the cache in one transaction, on the calling thread, as they arrive. Every source
// gets a fetch run, failed or not. run() blocks; onProgress is called on the calling thread.
class FetchPipeline
{
public:
    FetchPipeline(const AdapterRegistry &registry, Cache &cache, FetchOptions options);

    // Unknown source names are a usage error, reported before anything runs.
    Status validate() const;
    std::vector<SourceOutcome>
    run(const CancelToken &cancel,
        const std::function<void(const std::vector<SourceProgress> &)> &onProgress = {});

private:
    struct Shared;
    std::unique_ptr<HttpClient> makeClient() const;
    FetchRequest requestFor(const AdapterInfo &info, const Taxonomy &taxonomy) const;
    void fetchOne(std::size_t i, SourceAdapter *adapter, const Taxonomy &taxonomy, const CancelToken &cancel,
                  Shared &shared) const;
    SourceOutcome writeOutcome(std::size_t i, FetchResult result, long long bytes, UnixSeconds started,
                               const CancelToken &cancel);

    const AdapterRegistry &m_registry;
    Cache &m_cache;
    FetchOptions m_options;
};

// Replaces every occurrence of the keys' values in text ("[redacted]").
std::string redactKeys(std::string text, const std::map<std::string, ApiKey> &keys);

} // namespace stackatlas
