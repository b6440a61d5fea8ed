// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "replayserver.h"

#include <QByteArray>

#include <map>
#include <string>

namespace stackatlas::test {

// A payload from tests/adapters/data (see its README for what is real and what synthetic).
QByteArray recordedPayload(const char *name);

// Routes every endpoint the adapters call to its recorded payload: CoinGecko under /api/v3,
// DefiLlama under /llama, Akash under /akash, Vast.ai under /vast.
void serveRecordedApis(ReplayServer &server);

// --endpoint bases that point the adapters at such a server.
std::map<std::string, std::string> recordedApiBases(const ReplayServer &server);

} // namespace stackatlas::test
