// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <libpq-fe.h>

#include <string>

namespace stackatlas {

// The libpq functions the team store calls, from libpq.so.5 loaded the first time a team command
// needs it. Like libcurl (http/libcurl.h), it is not linked: libpq pulls in OpenSSL, Kerberos and
// LDAP, which a desktop that never names a team database should not load at start. The types come
// from libpq-fe.h, so a mismatch does not compile.
struct LibPq
{
    decltype(&PQconnectdbParams) connectdbParams;
    decltype(&PQstatus) status;
    decltype(&PQerrorMessage) errorMessage;
    decltype(&PQfinish) finish;
    decltype(&PQexec) exec;
    decltype(&PQexecParams) execParams;
    decltype(&PQresultStatus) resultStatus;
    decltype(&PQresultErrorMessage) resultErrorMessage;
    decltype(&PQresultErrorField) resultErrorField;
    decltype(&PQclear) clear;
    decltype(&PQntuples) ntuples;
    decltype(&PQnfields) nfields;
    decltype(&PQgetvalue) getvalue;
    decltype(&PQgetlength) getlength;
    decltype(&PQgetisnull) getisnull;
    decltype(&PQcmdTuples) cmdTuples;
    decltype(&PQputCopyData) putCopyData;
    decltype(&PQputCopyEnd) putCopyEnd;
    decltype(&PQgetCopyData) getCopyData;
    decltype(&PQgetResult) getResult;
    decltype(&PQfreemem) freemem;
    decltype(&PQconninfoParse) conninfoParse;
    decltype(&PQconninfoFree) conninfoFree;
    decltype(&PQdb) db;
    decltype(&PQuser) user;
    decltype(&PQhost) host;
    decltype(&PQport) port;
    decltype(&PQsslInUse) sslInUse;
    decltype(&PQsetNoticeProcessor) setNoticeProcessor;
};

// The loaded library, or nullptr with the reason in *why (a missing libpq5 package, a symbol it
// lacks). Loads once; safe from any thread.
const LibPq *libPq(std::string *why = nullptr);

} // namespace stackatlas
