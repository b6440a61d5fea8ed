// SPDX-License-Identifier: GPL-3.0-or-later
#include "igraphlibrary.h"

#include <dlfcn.h>

#include <mutex>

namespace stackatlas {

namespace {

struct Loaded
{
    IgraphLibrary api{};
    bool ok = false;
    std::string why;
};

template <typename F> bool resolve(void *library, const char *name, F &slot, std::string &why)
{
    slot = reinterpret_cast<F>(dlsym(library, name));
    if (!slot && why.empty())
        why = std::string("libigraph.so.3 lacks ") + name;
    return slot != nullptr;
}

Loaded load()
{
    Loaded out;
    // Never unloaded: loading costs once, and igraph keeps global state (its RNG, error handlers).
    void *library = dlopen("libigraph.so.3", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        const char *error = dlerror();
        out.why = std::string("cannot load igraph (install the libigraph3 package): ") +
                  (error ? error : "unknown error");
        return out;
    }
    IgraphLibrary &a = out.api;
    std::string &w = out.why;
    bool ok = resolve(library, "igraph_vector_int_init", a.vector_int_init, w);
    ok = resolve(library, "igraph_vector_int_push_back", a.vector_int_push_back, w) && ok;
    ok = resolve(library, "igraph_vector_int_destroy", a.vector_int_destroy, w) && ok;
    ok = resolve(library, "igraph_create", a.create, w) && ok;
    ok = resolve(library, "igraph_destroy", a.destroy, w) && ok;
    ok = resolve(library, "igraph_matrix_init", a.matrix_init, w) && ok;
    ok = resolve(library, "igraph_matrix_destroy", a.matrix_destroy, w) && ok;
    ok = resolve(library, "igraph_layout_sugiyama", a.layout_sugiyama, w) && ok;
    out.ok = ok;
    return out;
}

} // namespace

const IgraphLibrary *igraphLibrary(std::string *why)
{
    static std::once_flag once;
    static Loaded loaded;
    std::call_once(once, [] { loaded = load(); });
    if (!loaded.ok && why)
        *why = loaded.why;
    return loaded.ok ? &loaded.api : nullptr;
}

} // namespace stackatlas
