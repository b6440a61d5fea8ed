// SPDX-License-Identifier: GPL-3.0-or-later
#include "logging.h"

namespace stackatlas {
Q_LOGGING_CATEGORY(lcCache, "stackatlas.cache", QtInfoMsg)
Q_LOGGING_CATEGORY(lcFetch, "stackatlas.fetch", QtInfoMsg)
Q_LOGGING_CATEGORY(lcImport, "stackatlas.import", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "stackatlas.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "stackatlas.ui", QtInfoMsg)
} // namespace stackatlas
