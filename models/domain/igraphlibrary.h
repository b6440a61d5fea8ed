// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <igraph/igraph.h>

#include <string>

namespace stackatlas {

// The igraph functions the dependency graph's layout calls, from libigraph.so.3 loaded the first
// time a graph is laid out. The program does not link igraph: a session that never opens the
// dependency graph never loads it nor the LAPACK, BLAS, Fortran and GMP libraries it pulls in
// (7.5 ms of exec to main on Debian 12, measured). The types come from igraph.h, so a mismatch does
// not compile.
struct IgraphLibrary
{
    decltype(&igraph_vector_int_init) vector_int_init;
    decltype(&igraph_vector_int_push_back) vector_int_push_back;
    decltype(&igraph_vector_int_destroy) vector_int_destroy;
    decltype(&igraph_create) create;
    decltype(&igraph_destroy) destroy;
    decltype(&igraph_matrix_init) matrix_init;
    decltype(&igraph_matrix_destroy) matrix_destroy;
    decltype(&igraph_layout_sugiyama) layout_sugiyama;
};

// The loaded library, or nullptr with the reason in *why. Loads once; safe from any thread.
const IgraphLibrary *igraphLibrary(std::string *why = nullptr);

} // namespace stackatlas
