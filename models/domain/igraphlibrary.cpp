// SPDX-License-Identifier: GPL-3.0-or-later
#include "igraphlibrary.h"

#include "lazylibrary.h"

namespace stackatlas {

namespace {

using Loaded = LoadedApi<IgraphLibrary>;

Loaded load()
{
    Loaded out;
    LazyLibrary library("libigraph.so.3", "libigraph3");
    IgraphLibrary &a = out.api;
    bool ok = library.resolve("igraph_vector_int_init", a.vector_int_init);
    ok = library.resolve("igraph_vector_int_push_back", a.vector_int_push_back) && ok;
    ok = library.resolve("igraph_vector_int_destroy", a.vector_int_destroy) && ok;
    ok = library.resolve("igraph_create", a.create) && ok;
    ok = library.resolve("igraph_destroy", a.destroy) && ok;
    ok = library.resolve("igraph_matrix_init", a.matrix_init) && ok;
    ok = library.resolve("igraph_matrix_destroy", a.matrix_destroy) && ok;
    ok = library.resolve("igraph_layout_sugiyama", a.layout_sugiyama) && ok;
    out.ok = ok;
    out.why = library.why();
    return out;
}

} // namespace

const IgraphLibrary *igraphLibrary(std::string *why)
{
    return loadOnce(&load, why);
}

} // namespace stackatlas
