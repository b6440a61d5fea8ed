// SPDX-License-Identifier: GPL-3.0-or-later
#include "libcurl.h"

#include <dlfcn.h>

#include <mutex>

namespace stackatlas {

namespace {

struct Loaded
{
    LibCurl api{};
    bool ok = false;
    std::string why;
};

template <typename F> bool resolve(void *library, const char *name, F &slot, std::string &why)
{
    slot = reinterpret_cast<F>(dlsym(library, name));
    if (!slot && why.empty())
        why = std::string("libcurl.so.4 lacks ") + name;
    return slot != nullptr;
}

Loaded load()
{
    Loaded out;
    // Never unloaded: libcurl keeps global state (OpenSSL's among it) for the life of the process.
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        const char *error = dlerror();
        out.why = std::string("cannot load libcurl (install the libcurl4 package): ") +
                  (error ? error : "unknown error");
        return out;
    }
    LibCurl &a = out.api;
    std::string &w = out.why;
    bool ok = resolve(library, "curl_global_init", a.global_init, w);
    ok = resolve(library, "curl_version_info", a.version_info, w) && ok;
    ok = resolve(library, "curl_easy_init", a.easy_init, w) && ok;
    ok = resolve(library, "curl_easy_setopt", a.easy_setopt, w) && ok;
    ok = resolve(library, "curl_easy_perform", a.easy_perform, w) && ok;
    ok = resolve(library, "curl_easy_getinfo", a.easy_getinfo, w) && ok;
    ok = resolve(library, "curl_easy_reset", a.easy_reset, w) && ok;
    ok = resolve(library, "curl_easy_cleanup", a.easy_cleanup, w) && ok;
    ok = resolve(library, "curl_easy_strerror", a.easy_strerror, w) && ok;
    ok = resolve(library, "curl_slist_append", a.slist_append, w) && ok;
    ok = resolve(library, "curl_slist_free_all", a.slist_free_all, w) && ok;
    ok = resolve(library, "curl_url", a.url, w) && ok;
    ok = resolve(library, "curl_url_set", a.url_set, w) && ok;
    ok = resolve(library, "curl_url_get", a.url_get, w) && ok;
    ok = resolve(library, "curl_url_cleanup", a.url_cleanup, w) && ok;
    ok = resolve(library, "curl_free", a.free, w) && ok;
    if (!ok)
        return out;
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
    static std::once_flag once;
    static Loaded loaded;
    std::call_once(once, [] { loaded = load(); });
    if (!loaded.ok && why)
        *why = loaded.why;
    return loaded.ok ? &loaded.api : nullptr;
}

} // namespace stackatlas
