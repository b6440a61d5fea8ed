// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/outliers.h"
#include "models/domain/series.h"
#include "models/domain/status.h"

#include <string>
#include <vector>

namespace stackatlas {

class Cache;

struct SuspectOutcome
{
    std::vector<std::string> held;     // held back, not stored: each described with its neighbours
    std::vector<std::string> accepted; // stored on request, their provenance marked "accepted as suspect"
};

// Applies the outlier rule (models/domain/outliers.h) to a batch about to be written, against the
// batch itself and the values stored within the rule's window. Suspects are taken out of the batch,
// or with `accept` kept with their provenance marked, and each is named in the outcome. A batch whose
// suspects show it quoted in another currency (currencyMismatch) is refused whole.
// The cross-source guard (models/domain/currencyguard.h) judges the same batch against the other
// sources' series: a value far off them is a suspect too, and a batch most of whose values sit off
// by one common factor is refused, unless `accept` (--accept-suspect), which keeps them marked.
Result<SuspectOutcome> screenSuspects(const Cache &cache, std::vector<Observation> &batch, bool accept,
                                      GuardSubject subject = GuardSubject::Payload);

// The rule's verdict alone: the suspects of a batch (by index), or the refusal of a batch quoted in
// another currency. For importers that hold, mark or drop values themselves.
Result<std::vector<SuspectValue>> judgeBatch(const Cache &cache, const std::vector<Observation> &batch,
                                             bool accept = false,
                                             GuardSubject subject = GuardSubject::Payload);

// The same verdict for a batch held series by series (the streaming import's): each series'
// stored neighbours read once, its values judged; the suspects come with their observation, made
// for them alone, and a batch in another currency is refused.
struct SeriesToJudge
{
    SeriesKey key;
    std::string unit;
    std::vector<JudgedValue> values; // index: the caller's own row numbers
};
struct JudgedSuspect
{
    SuspectValue suspect;
    Observation observation;
};
Result<std::vector<JudgedSuspect>> judgeSeriesBatch(const Cache &cache, std::vector<SeriesToJudge> series,
                                                    bool accept = false);

} // namespace stackatlas
