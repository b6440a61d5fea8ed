// SPDX-License-Identifier: GPL-3.0-or-later
#include "importruns.h"

#include "datasources/cache/cache.h"

#include <QDateTime>

namespace stackatlas {

Status recordImportRuns(Cache &cache, const std::map<std::string, long long> &recordsPerSource,
                        long long rejected, const std::string &endpoint, UnixSeconds started, long long bytes)
{
    for (const auto &[source, count] : recordsPerSource) {
        FetchRun run;
        run.source = source;
        run.kind = "import";
        run.startedAt = started;
        run.endedAt = QDateTime::currentSecsSinceEpoch();
        run.status = rejected == 0 ? "ok" : "partial";
        run.bytes = bytes;
        run.records = count;
        run.rejected = rejected;
        run.endpoint = endpoint;
        if (Status s = cache.recordRun(run); !s.isOk())
            return Status::error(s.code(),
                                 "the run could not be recorded, so nothing was stored: " + s.message());
    }
    return Status::ok();
}

} // namespace stackatlas
