// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <mutex>
#include <string>

namespace stackatlas {

// A shared library loaded with dlopen at its first use instead of linked: what libcurl.h and
// igraphlibrary.h build on, so that a start loads neither them nor what they pull in. A library
// opened here is never closed (each keeps global state for the life of the process).
class LazyLibrary
{
public:
    // Opens `soname`; on failure `why` names the Debian package that provides it.
    LazyLibrary(const char *soname, const char *package);

    bool isOpen() const { return m_handle != nullptr; }
    // Fills `slot` with the function `name`, typed by the caller (decltype of the header's own
    // declaration); false, with the first missing name in why(), when it is absent.
    template <typename F> bool resolve(const char *name, F &slot)
    {
        slot = reinterpret_cast<F>(symbol(name));
        return slot != nullptr;
    }
    // Why the library or one of its functions could not be had; empty while all is well.
    const std::string &why() const { return m_why; }

private:
    void *symbol(const char *name);

    const char *m_soname;
    void *m_handle = nullptr;
    std::string m_why;
};

// An API table filled from a LazyLibrary, or the reason it could not be.
template <typename Api> struct LoadedApi
{
    Api api{};
    bool ok = false;
    std::string why;
};

// The table `load` fills, loaded the first time any thread asks and kept for the process's life;
// nullptr with the reason in *why when it could not be had. One per Api type.
template <typename Api> const Api *loadOnce(LoadedApi<Api> (*load)(), std::string *why)
{
    static std::once_flag once;
    static LoadedApi<Api> loaded;
    std::call_once(once, [load] { loaded = load(); });
    if (!loaded.ok && why)
        *why = loaded.why;
    return loaded.ok ? &loaded.api : nullptr;
}

} // namespace stackatlas
