// SPDX-License-Identifier: GPL-3.0-or-later
// A process that edits one dependency edge over and over, as the desktop's dependency graph pane
// does (Cache::replaceDependency: a retype is a remove and an add in one transaction), until it is
// killed. tst_crashconsistency kills it at random and checks that no edit is ever half applied.
//   dependencyeditor CACHE      prints "FROM TO KIND-A KIND-B" (the first edge, and a kind it lacks)
//   dependencyeditor CACHE FROM TO KIND-A KIND-B
//                               retypes that edge between the two kinds, from whichever it has, forever
#include "datasources/cache/cache.h"
#include "models/domain/taxonomy.h"

#include <algorithm>
#include <cstdio>

using namespace stackatlas;

namespace {

bool has(const Taxonomy &t, const Dependency &e)
{
    return std::any_of(t.dependencies.begin(), t.dependencies.end(), [&](const Dependency &d) {
        return d.fromId == e.fromId && d.toId == e.toId && d.kind == e.kind;
    });
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 2 && argc != 6)
        return 2;
    auto cache = Cache::open(argv[1]);
    if (!cache.isOk()) {
        std::fprintf(stderr, "%s\n", cache.status().message().c_str());
        return 1;
    }
    auto taxonomy = cache.value()->taxonomy();
    if (!taxonomy.isOk() || taxonomy.value().dependencies.empty())
        return 1;
    const Taxonomy &t = taxonomy.value();
    if (argc == 2) {
        const Dependency &a = t.dependencies.front();
        for (const std::string &kind : dependencyKinds()) {
            Dependency b = a;
            b.kind = kind;
            if (!has(t, b)) {
                std::printf("%s %s %s %s\n", a.fromId.c_str(), a.toId.c_str(), a.kind.c_str(), kind.c_str());
                return 0;
            }
        }
        return 1;
    }
    Dependency a;
    a.fromId = argv[2];
    a.toId = argv[3];
    a.kind = argv[4];
    a.evidence = "retyped by a crash test";
    Dependency b = a;
    b.kind = argv[5];
    if (!has(t, a))
        std::swap(a, b); // an earlier run left it retyped
    for (long i = 0;; ++i) {
        const bool forth = i % 2 == 0;
        if (Status s = cache.value()->replaceDependency(forth ? a : b, forth ? b : a); !s.isOk()) {
            std::fprintf(stderr, "edit %ld: %s\n", i, s.message().c_str());
            return 1;
        }
    }
}
