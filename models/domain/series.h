// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "timeutil.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace stackatlas {

// Dimensions such as gpu=h100-80gb, form=sxm, stat=median. Ordered, so a series has one identity.
using Dimensions = std::map<std::string, std::string>;

// What a series is about. Two observations belong to the same series when all four agree.
struct SeriesKey
{
    std::string entityId;
    std::string metric;
    std::string source;
    Dimensions dims;

    bool operator<(const SeriesKey &o) const
    {
        return std::tie(entityId, metric, source, dims) < std::tie(o.entityId, o.metric, o.source, o.dims);
    }
    bool operator==(const SeriesKey &o) const = default;
};

// Where a number came from: the source, the endpoint (or file) it was read from, when we read it,
// and the time the source says the data describes.
struct Provenance
{
    std::string source;
    std::string endpoint;
    UnixSeconds fetchedAt = 0;
    UnixSeconds asOf = 0;

    bool operator==(const Provenance &) const = default;
};

// One value to store, as a parser or importer produces it.
struct Observation
{
    SeriesKey key;
    std::string unit;
    UnixSeconds ts = 0;
    double value = 0;
    Provenance provenance;
};

// A stored value. Its provenance is an index into its series' `provenances`: a fetch or an import
// shares one provenance row across thousands of points, so a read resolves each row once and a
// point stays 24 bytes (it was 96 with its provenance copied into it).
struct StoredPoint
{
    UnixSeconds ts = 0;
    double value = 0;
    std::uint32_t provenance = 0;
};

struct SeriesData
{
    SeriesKey key;
    std::string unit;
    std::vector<StoredPoint> points;     // ascending ts
    std::vector<Provenance> provenances; // each distinct provenance of the points, once

    const Provenance &provenanceOf(const StoredPoint &p) const { return provenances[p.provenance]; }
    // Appends a point with its provenance, kept once (series built by hand; the cache's reads fill
    // both vectors directly).
    void addPoint(UnixSeconds ts, double value, const Provenance &provenance);
};

struct SeriesQuery
{
    std::string entityId; // empty: every entity
    std::string metric;
    Dimensions dims; // each given dimension must match; others are free
    std::optional<UnixSeconds> from;
    std::optional<UnixSeconds> to;
    // False: each point's provenance comes without its endpoint (left empty). Charts name the
    // source and as-of, never the endpoint, which is most of a point's size (111 bytes a point on
    // the shipped data, against 24 for its time and value).
    bool withEndpoints = true;
};

// The newest value of one metric for one entity, for tables such as the Protocols pane.
struct LatestValue
{
    std::string entityId;
    std::string metric;
    std::string unit;
    double value = 0;
    UnixSeconds ts = 0;
    Provenance provenance;
    bool stale = false; // older than its window at the date asked (only when stale values are asked for)

    bool operator==(const LatestValue &) const = default;
};

// A value a later reading of the same series and moment replaced: what it was, what brought it,
// and what replaced it when.
struct Revision
{
    SeriesKey key;
    UnixSeconds ts = 0;
    double value = 0;
    Provenance provenance; // of the replaced value
    UnixSeconds replacedAt = 0;
    std::string replacedByEndpoint;
    UnixSeconds replacedByFetchedAt = 0;

    bool operator==(const Revision &) const = default;
};

std::string formatDimensions(const Dimensions &dims); // "form=sxm;gpu=h100-80gb"

} // namespace stackatlas
