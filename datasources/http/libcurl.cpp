// SPDX-License-Identifier: GPL-3.0-or-later
#include "libcurl.h"

#include "models/domain/lazylibrary.h"

namespace stackatlas {

namespace {

using Loaded = LoadedApi<LibCurl>;

Loaded load()
{
    Loaded out;
    LazyLibrary library("libcurl.so.4", "libcurl4");
    LibCurl &a = out.api;
    bool ok = library.resolve("curl_global_init", a.global_init);
    ok = library.resolve("curl_version_info", a.version_info) && ok;
    ok = library.resolve("curl_easy_init", a.easy_init) && ok;
    ok = library.resolve("curl_easy_setopt", a.easy_setopt) && ok;
    ok = library.resolve("curl_easy_perform", a.easy_perform) && ok;
    ok = library.resolve("curl_easy_getinfo", a.easy_getinfo) && ok;
    ok = library.resolve("curl_easy_reset", a.easy_reset) && ok;
    ok = library.resolve("curl_easy_cleanup", a.easy_cleanup) && ok;
    ok = library.resolve("curl_easy_strerror", a.easy_strerror) && ok;
    ok = library.resolve("curl_slist_append", a.slist_append) && ok;
    ok = library.resolve("curl_slist_free_all", a.slist_free_all) && ok;
    ok = library.resolve("curl_url", a.url) && ok;
    ok = library.resolve("curl_url_set", a.url_set) && ok;
    ok = library.resolve("curl_url_get", a.url_get) && ok;
    ok = library.resolve("curl_url_cleanup", a.url_cleanup) && ok;
    ok = library.resolve("curl_free", a.free) && ok;
    if (!ok) {
        out.why = library.why();
        return out;
    }
    // Once, before the first handle. libcurl >= 7.84 (Debian 12 has 7.88) makes this call
    // thread-safe where it reports CURL_VERSION_THREADSAFE; elsewhere call_once still keeps it to
    // one call, and nothing else in the process uses libcurl before it.
    if (a.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        out.why = "libcurl could not be initialised";
        return out;
    }
    out.ok = true;
    return out;
}

} // namespace

const LibCurl *libCurl(std::string *why)
{
    return loadOnce(&load, why);
}

} // namespace stackatlas
