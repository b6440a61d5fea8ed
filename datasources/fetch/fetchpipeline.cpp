// SPDX-License-Identifier: GPL-3.0-or-later
#include "fetchpipeline.h"

#include "datasources/importers/suspects.h"

#include "datasources/cache/cache.h"
#include "datasources/http/canceltoken.h"
#include "datasources/http/curlhttpclient.h"
#include "datasources/logging.h"
#include "models/domain/valuesanity.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <mutex>
#include <thread>

namespace stackatlas {

std::string redactKeys(std::string text, const std::map<std::string, ApiKey> &keys)
{
    for (const auto &[source, key] : keys) {
        if (key.value.size() < 4)
            continue;
        for (std::size_t at = text.find(key.value); at != std::string::npos; at = text.find(key.value, at))
            text.replace(at, key.value.size(), "[redacted]");
    }
    return text;
}

std::string offlineSummary(const std::vector<SourceOutcome> &outcomes)
{
    bool anyNetwork = false;
    long long localStored = 0;
    std::string local;
    for (const SourceOutcome &o : outcomes) {
        if (o.network) {
            anyNetwork = true;
            if (!o.unreachable)
                return {};
        } else if (o.stored > 0) {
            localStored += o.stored;
            local += (local.empty() ? "" : ", ") + o.source;
        }
    }
    if (!anyNetwork)
        return {};
    if (localStored == 0)
        return "offline: no source could be reached; the cache is unchanged";
    return "offline: no network source could be reached; only local files were read (" + local + ": " +
           std::to_string(localStored) + " values changed)";
}

FetchPipeline::FetchPipeline(const AdapterRegistry &registry, Cache &cache, FetchOptions options)
    : m_registry(registry), m_cache(cache), m_options(std::move(options))
{
    if (m_options.sources.empty()) {
        for (const SourceAdapter *a : m_registry.all())
            m_options.sources.push_back(a->info().id);
    }
    if (!m_options.clock)
        m_options.clock = std::make_shared<SessionClock>();
}

Status FetchPipeline::validate() const
{
    for (const auto &s : m_options.sources) {
        if (!m_registry.find(s))
            return Status::error(StatusCode::InvalidInput, "unknown source \"" + s + "\"");
    }
    for (const auto &[name, base] : m_options.bases) {
        if (!m_registry.find(name))
            return Status::error(StatusCode::InvalidInput,
                                 "--endpoint names unknown source \"" + name + "\"");
        if (base.empty())
            return Status::error(StatusCode::InvalidInput, "--endpoint " + name + "= needs a base URL");
    }
    return Status::ok();
}

// What the source threads and the writing thread share, under one mutex.
struct FetchPipeline::Shared
{
    std::mutex mutex;
    std::condition_variable ready;
    std::vector<SourceProgress> progress;
    std::deque<std::pair<std::size_t, FetchResult>> finished;
    bool progressChanged = true;
};

std::unique_ptr<HttpClient> FetchPipeline::makeClient() const
{
    if (m_options.clientFactory)
        return m_options.clientFactory();
    CurlSettings settings;
    settings.userAgent = m_options.userAgent;
    settings.proxy = m_options.proxy;
    settings.limits = m_options.limits;
    return std::make_unique<CurlHttpClient>(settings);
}

FetchRequest FetchPipeline::requestFor(const AdapterInfo &info, const Taxonomy &taxonomy) const
{
    FetchRequest request;
    request.taxonomy = &taxonomy;
    const auto base = m_options.bases.find(info.id);
    request.base = base != m_options.bases.end() ? base->second : info.defaultBase;
    while (request.base.size() > 1 && request.base.back() == '/')
        request.base.pop_back();
    if (const auto key = m_options.keys.find(info.id); key != m_options.keys.end()) {
        request.apiKey = key->second.value;
        request.apiKeyKind = key->second.kind;
    }
    request.now = UnixSeconds(std::time(nullptr));
    return request;
}

// Runs on source i's own thread: the fetch, with progress and bytes reported as they happen.
void FetchPipeline::fetchOne(std::size_t i, SourceAdapter *adapter, const Taxonomy &taxonomy,
                             const CancelToken &cancel, Shared &shared) const
{
    const AdapterInfo info = adapter->info();
    qCDebug(lcFetch, "%s: fetching on its own thread", info.id.c_str());
    const std::unique_ptr<HttpClient> client = makeClient();
    HttpSession session(*client, m_options.retry, info.requestsPerMinute, m_options.clock);
    long long previousBytes = 0;
    session.setByteObserver([&](long long bytes) {
        std::lock_guard lock(shared.mutex);
        shared.progress[i].bytes = previousBytes + bytes;
        shared.progressChanged = true;
    });
    ProgressSink sink;
    sink.planned = [&](int n) {
        std::lock_guard lock(shared.mutex);
        shared.progress[i].planned = std::max(n, shared.progress[i].done);
        shared.progress[i].state = SourceProgress::State::Running;
        shared.progressChanged = true;
        shared.ready.notify_all();
    };
    sink.requestFinished = [&] {
        std::lock_guard lock(shared.mutex);
        ++shared.progress[i].done;
        previousBytes = session.bytesReceived();
        shared.progress[i].bytes = previousBytes;
        shared.progressChanged = true;
        shared.ready.notify_all();
    };
    FetchResult result;
    try {
        result = adapter->fetch(requestFor(info, taxonomy), session, cancel, sink);
        result.unreachable = info.network && session.neverReachedAHost();
    } catch (const std::exception &e) { // exceptions stop here, never cross threads
        result.status = Status::error(StatusCode::Internal, std::string("adapter failed: ") + e.what());
    }
    std::lock_guard lock(shared.mutex);
    shared.progress[i].bytes = session.bytesReceived();
    shared.finished.emplace_back(i, std::move(result));
    shared.progressChanged = true;
    shared.ready.notify_all();
}

// On the pipeline's thread, the cache's: one source's records in one transaction, and its run.
SourceOutcome FetchPipeline::writeOutcome(std::size_t i, FetchResult result, long long bytes,
                                          UnixSeconds started, const CancelToken &cancel)
{
    SourceOutcome out;
    out.source = m_options.sources[i];
    out.run.source = out.source;
    out.run.kind = "fetch";
    out.run.startedAt = started;
    out.run.httpStatus = result.httpStatus;
    out.run.bytes = bytes;
    out.run.endpoint = result.endpoint;
    out.unreachable = result.unreachable;
    if (const SourceAdapter *a = m_registry.find(out.source))
        out.network = a->info().network;
    for (auto &w : result.data.warnings)
        out.warnings.push_back(redactKeys(w, m_options.keys));
    out.run.rejected = static_cast<long long>(out.warnings.size());
    out.status = result.status;
    if (out.status.isOk() && cancel.isCancelled())
        out.status = Status::error(StatusCode::IoError, "cancelled");
    if (out.status.isOk()) {
        std::vector<std::string> refused;
        removeRefusedAtTheDoor(result.data.observations, UnixSeconds(std::time(nullptr)), refused);
        for (auto &w : refused)
            out.warnings.push_back(redactKeys(w, m_options.keys));
        // A live reading is screened as an import is: an outlier is held back and named, never
        // stored unremarked (the next fetch brings it again if it was real).
        auto screened = screenSuspects(m_cache, result.data.observations, false);
        if (!screened.isOk())
            out.status = screened.status();
        else
            for (const std::string &held : screened.value().held)
                out.warnings.push_back("held as suspect, not stored: " + held);
        out.run.rejected = static_cast<long long>(out.warnings.size());
    }
    if (out.status.isOk()) {
        auto written = m_cache.write(result.data.observations);
        if (written.isOk()) {
            out.stored = written.value().points;
            out.unchanged = written.value().unchanged;
        } else
            out.status = written.status();
    }
    if (!out.status.isOk())
        out.status = Status::error(out.status.code(), redactKeys(out.status.message(), m_options.keys));
    out.run.records = out.stored;
    out.run.status = !out.status.isOk() ? (cancel.isCancelled() ? "cancelled" : "failed")
                                        : (result.failedRequests > 0 ? "partial" : "ok");
    out.run.error = out.status.isOk() ? std::string() : out.status.message();
    out.run.endedAt = UnixSeconds(std::time(nullptr));
    if (Status recorded = m_cache.recordRun(out.run); !recorded.isOk())
        out.status = Status::error(recorded.code(), "the run could not be recorded: " + recorded.message());
    return out;
}

std::vector<SourceOutcome>
FetchPipeline::run(const CancelToken &cancel,
                   const std::function<void(const std::vector<SourceProgress> &)> &onProgress)
{
    std::vector<SourceOutcome> outcomes;
    auto taxonomy = m_cache.taxonomy();
    if (!taxonomy.isOk()) {
        for (const auto &s : m_options.sources) {
            SourceOutcome o;
            o.source = s;
            o.status = taxonomy.status();
            outcomes.push_back(std::move(o));
        }
        return outcomes;
    }
    const Taxonomy tax = std::move(taxonomy).value();
    Shared shared;
    for (const auto &s : m_options.sources)
        shared.progress.push_back({s, 0, 0, 0, SourceProgress::State::Waiting});
    // Scheduling: a thread per source; this thread writes each source's records as it finishes.
    std::vector<std::thread> workers;
    std::vector<UnixSeconds> started(m_options.sources.size());
    for (std::size_t i = 0; i < m_options.sources.size(); ++i) {
        SourceAdapter *adapter = m_registry.find(m_options.sources[i]);
        started[i] = UnixSeconds(std::time(nullptr));
        workers.emplace_back([&, i, adapter] { fetchOne(i, adapter, tax, cancel, shared); });
    }
    outcomes.resize(m_options.sources.size());
    std::size_t remaining = m_options.sources.size();
    while (remaining > 0) {
        std::unique_lock lock(shared.mutex);
        shared.ready.wait_for(lock, std::chrono::milliseconds(100),
                              [&] { return !shared.finished.empty() || shared.progressChanged; });
        if (shared.progressChanged && onProgress) {
            const auto snapshot = shared.progress;
            shared.progressChanged = false;
            lock.unlock();
            onProgress(snapshot);
            lock.lock();
        }
        while (!shared.finished.empty()) {
            auto [i, result] = std::move(shared.finished.front());
            shared.finished.pop_front();
            const long long bytes = shared.progress[i].bytes;
            lock.unlock();
            outcomes[i] = writeOutcome(i, std::move(result), bytes, started[i], cancel);
            lock.lock();
            shared.progress[i].state =
                outcomes[i].status.isOk() ? SourceProgress::State::Done : SourceProgress::State::Failed;
            shared.progressChanged = true;
            --remaining;
        }
    }
    for (auto &w : workers)
        w.join();
    // Live data has arrived: the cache no longer shows only the shipped sample. A local file (the
    // price sheet shipped with the app) is not live data, whatever it holds.
    if (std::any_of(outcomes.begin(), outcomes.end(), [](const SourceOutcome &o) {
            return o.network && o.status.isOk() && o.stored + o.unchanged > 0;
        }))
        if (Status s = m_cache.setMetadata("sample_data", "0"); !s.isOk())
            qCWarning(lcFetch, "could not mark the cache as holding live data: %s", s.message().c_str());
    if (onProgress)
        onProgress(shared.progress);
    return outcomes;
}

} // namespace stackatlas
