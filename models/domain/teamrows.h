// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fetchrun.h"
#include "series.h"

#include <map>
#include <string>
#include <vector>

namespace stackatlas {

// The rows a push sends to the team store and a pull brings back, keyed by the id of the side they
// come from (the cache's on a push, the team store's on a pull): the receiving side matches series
// and provenance by content and maps the ids itself.
struct TeamSeriesRow
{
    long long id = 0;
    std::string entityId, metric, source;
    std::string dims; // the cache's canonical "k=v;k=v"
    std::string unit;
};

struct TeamProvenanceRow
{
    long long id = 0;
    Provenance provenance;
};

struct TeamPointRow
{
    long long series = 0;
    UnixSeconds ts = 0;
    double value = 0;
    long long provenance = 0;
};

struct TeamRevisionRow
{
    long long series = 0;
    UnixSeconds ts = 0;
    double value = 0;
    long long provenance = 0;
    UnixSeconds replacedAt = 0;
    long long replacedBy = 0;
};

// What the cache holds that it has not pushed to one team store: the provenances whose points
// changed since (each with its count, remembered after the push), every series when any point
// goes, the revisions and runs past the marks.
struct TeamOutbox
{
    std::vector<TeamSeriesRow> series;
    std::vector<TeamProvenanceRow> provenance;         // of the points and revisions sent
    std::map<long long, long long> pointsByProvenance; // the provenances whose points go
    long long points = 0;                              // of those provenances
    long long cachePoints = 0; // in the whole cache: forEachTeamPoint reads by index or in one pass
    std::vector<TeamRevisionRow> revisions;
    long long revisionMark = 0; // the newest revision's rowid sent
    std::vector<FetchRun> runs;
    long long runMark = 0;

    bool empty() const { return pointsByProvenance.empty() && revisions.empty() && runs.empty(); }
};

// What a pull brought, already checked at the door, for the cache to add in one transaction.
struct TeamInbox
{
    std::string storeId;
    std::string store; // the connection's label, no password
    long long throughPush = 0;
    UnixSeconds pulledAt = 0;
    std::vector<TeamSeriesRow> series;
    std::vector<TeamProvenanceRow> provenance;
    std::vector<TeamPointRow> points;
    std::vector<TeamRevisionRow> revisions;
    std::vector<FetchRun> runs;
};

struct TeamPullSummary
{
    long long seriesAdded = 0;
    long long pointsAdded = 0;
    long long pointsChanged = 0; // replaced a local value, which the cache kept as a revision
    long long pointsSame = 0;    // the cache had them already
    long long revisionsAdded = 0;
    long long runsAdded = 0;
    std::vector<std::string> sourcesChanged; // whose points were added or changed
};

} // namespace stackatlas
