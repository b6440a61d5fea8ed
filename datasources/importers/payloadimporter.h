// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/status.h"
#include "models/domain/timeutil.h"

#include <QString>

#include <optional>
#include <string>
#include <vector>

namespace stackatlas {

class Cache;
class SourceAdapter;

struct PayloadImportReport
{
    long long written = 0;
    long long replaced = 0;  // of `written`, values that replaced stored ones (kept as revisions)
    long long unchanged = 0; // already stored as they are
    std::vector<std::string> warnings;
    std::vector<std::string> heldSuspects, acceptedSuspects; // outliers (suspects.h), described
    std::vector<std::string> taxonomyFindings; // a /coins/list import: the ids confirmed and renamed
};

struct PayloadImport
{
    const SourceAdapter *adapter = nullptr;
    std::string kind;
    QString path;
    std::string entity; // an id or alias, for per-entity kinds
    std::optional<UnixSeconds> asOf;
    std::string dataType;
    std::string displayName;    // provenance shows "imported from <displayName>"; empty: the absolute path
    std::string quote = "usd";  // the currency the payload is quoted in; only usd is stored
    bool acceptSuspect = false; // store outliers marked instead of holding them back
};

// Parses a saved API response with the source's own parser and writes it in one transaction,
// recording an import run. Kinds whose payload carries no time need asOf.
Result<PayloadImportReport> importPayloadFile(Cache &cache, const PayloadImport &what);

// Payload kinds that carry no time of their own.
bool payloadNeedsAsOf(const std::string &kind);

} // namespace stackatlas
