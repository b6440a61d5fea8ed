// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "datasources/fetch/fetchpipeline.h"
#include "models/domain/status.h"

#include <QString>

#include <map>
#include <string>

namespace stackatlas {

// API keys in the desktop's keyring (QtKeychain: Secret Service or KWallet), never in QSettings,
// the cache, snapshots, reports or logs. Where no keyring is running (no session bus: a server, a
// CI job, a bare X session) the environment variables are the keys, and the app says so.
namespace keystore {

// The keys the app knows, as (keyring entry, environment variable, adapter id, key kind).
struct KeyName
{
    const char *entry;
    const char *environment;
    const char *source;
    const char *kind;
};
const std::vector<KeyName> &keyNames();

bool keyringReachable();
// Blocking, with a short timeout, so a stuck keyring never freezes the app for long.
Result<QString> read(const QString &entry);
Status write(const QString &entry, const QString &value);
Status remove(const QString &entry);

struct LoadedKeys
{
    std::map<std::string, ApiKey> keys;
    QString message; // which store is in use, for the status bar and the Activity pane
};
// From the keyring where one is running and holds the key, else from the environment.
LoadedKeys load();

} // namespace keystore
} // namespace stackatlas
