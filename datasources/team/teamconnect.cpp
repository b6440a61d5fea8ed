// SPDX-License-Identifier: GPL-3.0-or-later
#include "teamsync.h"

#include "libpq.h"
#include "pgconnection.h"

#include "datasources/settings/keystore.h"

namespace stackatlas::team {

Result<bool> urlHasPassword(const std::string &url)
{
    std::string why;
    const LibPq *pq = libPq(&why);
    if (!pq)
        return Status::error(StatusCode::NotFound, "PostgreSQL's client library is not available: " + why);
    char *error = nullptr;
    PQconninfoOption *options = pq->conninfoParse(url.c_str(), &error);
    if (!options) {
        std::string message = error ? error : "libpq could not read it";
        if (error)
            pq->freemem(error);
        while (!message.empty() && message.back() == '\n')
            message.pop_back();
        return Status::error(StatusCode::InvalidInput, "not a PostgreSQL connection string: " + message);
    }
    bool has = false;
    for (PQconninfoOption *o = options; o->keyword; ++o)
        has = has || (std::string_view(o->keyword) == "password" && o->val && *o->val);
    pq->conninfoFree(options);
    return has;
}

std::optional<std::string> keyringPassword(const std::string &url)
{
    auto named = urlHasPassword(url);
    // The keyring only where nothing else gives one: a URL's own, or PGPASSWORD, win, and
    // ~/.pgpass (which libpq reads only when no password is given) stays usable.
    if (!named.isOk() || named.value() || qEnvironmentVariableIsSet("PGPASSWORD") ||
        !keystore::keyringReachable())
        return std::nullopt;
    auto stored = keystore::read(QString::fromLatin1(kPasswordEntry));
    if (!stored.isOk() || stored.value().isEmpty())
        return std::nullopt;
    return stored.value().toStdString();
}

Result<std::unique_ptr<PgConnection>> connect(const std::string &url, bool useKeyring)
{
    if (auto named = urlHasPassword(url); !named.isOk())
        return named.status();
    return PgConnection::open(url, useKeyring ? keyringPassword(url) : std::nullopt);
}

} // namespace stackatlas::team
