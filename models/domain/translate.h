// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace stackatlas {

// Chart titles, axis titles, captions and "why empty" texts are built here, without Qt. They are
// written as translate("ChartText", "…") so lupdate collects them into the app's .ts file, and the
// desktop app installs QCoreApplication::translate as the translator at start-up. Without one (the
// tests, tools) the English source is returned.
using Translator = std::string (*)(const char *context, const char *sourceText);
void setTranslator(Translator translator);
std::string translate(const char *context, const char *sourceText);

// "%1 of %2" with its arguments in place, as QString::arg does: a translation may reorder them.
std::string fillArgs(std::string_view text, std::initializer_list<std::string_view> args);

} // namespace stackatlas
