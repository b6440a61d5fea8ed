// SPDX-License-Identifier: GPL-3.0-or-later
#include "libpq.h"

#include "models/domain/lazylibrary.h"

namespace stackatlas {

namespace {

using Loaded = LoadedApi<LibPq>;

Loaded load()
{
    Loaded out;
    LazyLibrary library("libpq.so.5", "libpq5");
    LibPq &a = out.api;
    bool ok = library.resolve("PQconnectdbParams", a.connectdbParams);
    ok = library.resolve("PQstatus", a.status) && ok;
    ok = library.resolve("PQerrorMessage", a.errorMessage) && ok;
    ok = library.resolve("PQfinish", a.finish) && ok;
    ok = library.resolve("PQexec", a.exec) && ok;
    ok = library.resolve("PQexecParams", a.execParams) && ok;
    ok = library.resolve("PQresultStatus", a.resultStatus) && ok;
    ok = library.resolve("PQresultErrorMessage", a.resultErrorMessage) && ok;
    ok = library.resolve("PQresultErrorField", a.resultErrorField) && ok;
    ok = library.resolve("PQclear", a.clear) && ok;
    ok = library.resolve("PQntuples", a.ntuples) && ok;
    ok = library.resolve("PQnfields", a.nfields) && ok;
    ok = library.resolve("PQgetvalue", a.getvalue) && ok;
    ok = library.resolve("PQgetlength", a.getlength) && ok;
    ok = library.resolve("PQgetisnull", a.getisnull) && ok;
    ok = library.resolve("PQcmdTuples", a.cmdTuples) && ok;
    ok = library.resolve("PQputCopyData", a.putCopyData) && ok;
    ok = library.resolve("PQputCopyEnd", a.putCopyEnd) && ok;
    ok = library.resolve("PQgetCopyData", a.getCopyData) && ok;
    ok = library.resolve("PQgetResult", a.getResult) && ok;
    ok = library.resolve("PQfreemem", a.freemem) && ok;
    ok = library.resolve("PQconninfoParse", a.conninfoParse) && ok;
    ok = library.resolve("PQconninfoFree", a.conninfoFree) && ok;
    ok = library.resolve("PQdb", a.db) && ok;
    ok = library.resolve("PQuser", a.user) && ok;
    ok = library.resolve("PQhost", a.host) && ok;
    ok = library.resolve("PQport", a.port) && ok;
    ok = library.resolve("PQsslInUse", a.sslInUse) && ok;
    ok = library.resolve("PQsetNoticeProcessor", a.setNoticeProcessor) && ok;
    if (!ok) {
        out.why = library.why();
        return out;
    }
    out.ok = true;
    return out;
}

} // namespace

const LibPq *libPq(std::string *why)
{
    return loadOnce(&load, why);
}

} // namespace stackatlas
