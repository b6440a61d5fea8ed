// SPDX-License-Identifier: GPL-3.0-or-later
#include "fetchpipeline.h"

#include "datasources/cache/cache.h"
#include "datasources/http/canceltoken.h"
#include "datasources/http/curlhttpclient.h"
#include "datasources/logging.h"

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

std::vector<SourceOutcome>
FetchPipeline::run(const CancelToken &cancel,
                   const std::function<void(const std::vector<SourceProgress> &)> &onProgress)
{
    std::vector<SourceOutcome> outcomes;
    auto taxonomy = m_cache.taxonomy();
    if (!taxonomy.isOk()) {
        for (const auto &s : m_options.sources)
            outcomes.push_back({s, taxonomy.status(), 0, {}, {}});
        return outcomes;
    }
    const Taxonomy tax = std::move(taxonomy).value();

    std::mutex mutex;
    std::condition_variable ready;
    std::vector<SourceProgress> progress;
    std::deque<std::pair<std::size_t, FetchResult>> finished;
    bool progressChanged = true;
    for (const auto &s : m_options.sources)
        progress.push_back({s, 0, 0, 0, SourceProgress::State::Waiting});

    std::vector<std::thread> workers;
    std::vector<UnixSeconds> started(m_options.sources.size());
    for (std::size_t i = 0; i < m_options.sources.size(); ++i) {
        SourceAdapter *adapter = m_registry.find(m_options.sources[i]);
        started[i] = UnixSeconds(std::time(nullptr));
        workers.emplace_back([&, i, adapter] {
            const AdapterInfo info = adapter->info();
            qCDebug(lcFetch, "%s: fetching on its own thread", info.id.c_str());
            std::unique_ptr<HttpClient> client;
            if (m_options.clientFactory) {
                client = m_options.clientFactory();
            } else {
                CurlSettings settings;
                settings.userAgent = m_options.userAgent;
                settings.proxy = m_options.proxy;
                settings.limits = m_options.limits;
                client = std::make_unique<CurlHttpClient>(settings);
            }
            HttpSession session(*client, m_options.retry, info.requestsPerMinute, m_options.clock);
            long long previousBytes = 0;
            session.setByteObserver([&](long long bytes) {
                std::lock_guard lock(mutex);
                progress[i].bytes = previousBytes + bytes;
                progressChanged = true;
            });
            ProgressSink sink;
            sink.planned = [&](int n) {
                std::lock_guard lock(mutex);
                progress[i].planned = std::max(n, progress[i].done);
                progress[i].state = SourceProgress::State::Running;
                progressChanged = true;
                ready.notify_all();
            };
            sink.requestFinished = [&] {
                std::lock_guard lock(mutex);
                ++progress[i].done;
                previousBytes = session.bytesReceived();
                progress[i].bytes = previousBytes;
                progressChanged = true;
                ready.notify_all();
            };
            FetchRequest request;
            request.taxonomy = &tax;
            const auto base = m_options.bases.find(info.id);
            request.base = base != m_options.bases.end() ? base->second : info.defaultBase;
            while (request.base.size() > 1 && request.base.back() == '/')
                request.base.pop_back();
            if (const auto key = m_options.keys.find(info.id); key != m_options.keys.end()) {
                request.apiKey = key->second.value;
                request.apiKeyKind = key->second.kind;
            }
            request.now = UnixSeconds(std::time(nullptr));
            FetchResult result;
            try {
                result = adapter->fetch(request, session, cancel, sink);
            } catch (const std::exception &e) { // exceptions stop here, never cross threads
                result.status =
                    Status::error(StatusCode::Internal, std::string("adapter failed: ") + e.what());
            }
            std::lock_guard lock(mutex);
            progress[i].bytes = session.bytesReceived();
            finished.emplace_back(i, std::move(result));
            progressChanged = true;
            ready.notify_all();
        });
    }

    outcomes.resize(m_options.sources.size());
    std::size_t remaining = m_options.sources.size();
    while (remaining > 0) {
        std::unique_lock lock(mutex);
        ready.wait_for(lock, std::chrono::milliseconds(100),
                       [&] { return !finished.empty() || progressChanged; });
        if (progressChanged && onProgress) {
            const auto snapshot = progress;
            progressChanged = false;
            lock.unlock();
            onProgress(snapshot);
            lock.lock();
        }
        while (!finished.empty()) {
            auto [i, result] = std::move(finished.front());
            finished.pop_front();
            const long long bytes = progress[i].bytes;
            lock.unlock();

            SourceOutcome &out = outcomes[i];
            out.source = m_options.sources[i];
            out.run.source = out.source;
            out.run.kind = "fetch";
            out.run.startedAt = started[i];
            out.run.httpStatus = result.httpStatus;
            out.run.bytes = bytes;
            out.run.endpoint = result.endpoint;
            for (auto &w : result.data.warnings)
                out.warnings.push_back(redactKeys(w, m_options.keys));
            out.run.rejected = static_cast<long long>(out.warnings.size());
            out.status = result.status;
            if (out.status.isOk() && cancel.isCancelled())
                out.status = Status::error(StatusCode::IoError, "cancelled");
            if (out.status.isOk()) {
                auto written = m_cache.write(result.data.observations);
                if (written.isOk()) {
                    out.stored = written.value().points;
                } else {
                    out.status = written.status();
                }
            }
            if (!out.status.isOk())
                out.status =
                    Status::error(out.status.code(), redactKeys(out.status.message(), m_options.keys));
            out.run.records = out.stored;
            out.run.status = !out.status.isOk() ? (cancel.isCancelled() ? "cancelled" : "failed")
                                                : (result.failedRequests > 0 ? "partial" : "ok");
            out.run.error = out.status.isOk() ? std::string() : out.status.message();
            out.run.endedAt = UnixSeconds(std::time(nullptr));
            if (Status recorded = m_cache.recordRun(out.run); !recorded.isOk())
                out.status = Status::error(recorded.code(), "the run could not be recorded: " + recorded.message());

            lock.lock();
            progress[i].state =
                out.status.isOk() ? SourceProgress::State::Done : SourceProgress::State::Failed;
            progressChanged = true;
            --remaining;
        }
    }
    for (auto &w : workers)
        w.join();
    // Live data has arrived: the cache no longer shows only the shipped sample.
    if (std::any_of(outcomes.begin(), outcomes.end(),
                    [](const SourceOutcome &o) { return o.status.isOk() && o.stored > 0; }))
        if (Status s = m_cache.setMetadata("sample_data", "0"); !s.isOk())
            qCWarning(lcFetch, "could not mark the cache as holding live data: %s", s.message().c_str());
    if (onProgress)
        onProgress(progress);
    return outcomes;
}

} // namespace stackatlas
