// SPDX-License-Identifier: GPL-3.0-or-later
#include "translate.h"

#include <atomic>
#include <vector>

namespace stackatlas {

namespace {
std::atomic<Translator> g_translator{nullptr};
} // namespace

void setTranslator(Translator translator)
{
    g_translator = translator;
}

std::string translate(const char *context, const char *sourceText)
{
    const Translator t = g_translator;
    return t ? t(context, sourceText) : std::string(sourceText);
}

std::string fillArgs(std::string_view text, std::initializer_list<std::string_view> args)
{
    const std::vector<std::string_view> a(args);
    std::string out;
    out.reserve(text.size() + 32);
    // One pass, so an argument that itself holds "%2" is never substituted again.
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 1 < text.size() && text[i + 1] >= '1' && text[i + 1] <= '9') {
            const std::size_t n = std::size_t(text[i + 1] - '1');
            if (n < a.size()) {
                out += a[n];
                ++i;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

} // namespace stackatlas
