// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "datasources/cache/cache.h"
#include "datasources/cache/sqlthreadguard.h"
#include "datasources/defaultdata/defaultdatabuilder.h"

#include <QString>
#include <QTest>

namespace stackatlas::test {

// Whether a default data file holds the datasets whose licence forbids commercial use (Coin
// Metrics). A build with STACKATLAS_NONCOMMERCIAL_DATA=OFF leaves them out, and says so in the
// file's metadata; tests that pin those figures skip there, with a message naming the option.
inline bool hasNonCommercialData(const QString &defaultData)
{
    cache::AllowSqlOnThisThread allowed;
    auto cache = Cache::open(defaultData.toStdString(), Cache::Mode::ReadOnly);
    return cache.isOk() && cache.value()->metadata(kNonCommercialKey).value_or("") == "included";
}

} // namespace stackatlas::test

// For a test function whose figures come from the non-commercial datasets.
#define STACKATLAS_SKIP_WITHOUT_NONCOMMERCIAL_DATA(file)                                                     \
    do {                                                                                                     \
        if (!stackatlas::test::hasNonCommercialData(file))                                                   \
            QSKIP("this build leaves out the non-commercial datasets (STACKATLAS_NONCOMMERCIAL_DATA=OFF): "  \
                  "the "                                                                                     \
                  "Coin Metrics figures this test pins are not shipped");                                    \
    } while (false)
