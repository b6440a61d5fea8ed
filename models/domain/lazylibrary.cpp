// SPDX-License-Identifier: GPL-3.0-or-later
#include "lazylibrary.h"

#include <dlfcn.h>

namespace stackatlas {

LazyLibrary::LazyLibrary(const char *soname, const char *package) : m_soname(soname)
{
    m_handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!m_handle) {
        const char *error = dlerror();
        m_why = std::string("cannot load ") + soname + " (install the " + package +
                " package): " + (error ? error : "unknown error");
    }
}

void *LazyLibrary::symbol(const char *name)
{
    void *found = m_handle ? dlsym(m_handle, name) : nullptr;
    if (!found && m_why.empty())
        m_why = std::string(m_soname) + " lacks " + name;
    return found;
}

} // namespace stackatlas
