// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <curl/curl.h>

#include <string>

namespace stackatlas {

// The libcurl functions StackAtlas calls, from libcurl.so.4 loaded the first time a transfer needs
// it. The program does not link libcurl: a desktop session that never fetches never loads it nor the
// TLS, Kerberos, LDAP and SSH libraries it pulls in (on Debian 12, 12 ms of the 45 ms from exec to
// main, and 4 MB resident). The types come from curl.h, so a mismatch does not compile.
struct LibCurl
{
    decltype(&curl_global_init) global_init;
    decltype(&curl_version_info) version_info;
    decltype(&curl_easy_init) easy_init;
    decltype(&curl_easy_setopt) easy_setopt;
    decltype(&curl_easy_perform) easy_perform;
    decltype(&curl_easy_getinfo) easy_getinfo;
    decltype(&curl_easy_reset) easy_reset;
    decltype(&curl_easy_cleanup) easy_cleanup;
    decltype(&curl_easy_strerror) easy_strerror;
    decltype(&curl_slist_append) slist_append;
    decltype(&curl_slist_free_all) slist_free_all;
    decltype(&curl_url) url;
    decltype(&curl_url_set) url_set;
    decltype(&curl_url_get) url_get;
    decltype(&curl_url_cleanup) url_cleanup;
    decltype(&curl_free) free;
};

// The loaded and globally initialised library, or nullptr with the reason in *why (a missing
// libcurl4 package, a symbol it lacks). Loads once; safe from any thread.
const LibCurl *libCurl(std::string *why = nullptr);

} // namespace stackatlas
