// SPDX-License-Identifier: GPL-3.0-or-later
// A build step: resources/defaultdata/ -> the default data file. Links the core library only, so
// the data is rebuilt when the data, the importers or the cache change, never for a pane.
// Usage: build-default-data [--without-noncommercial] MANIFEST OUT
#include "datasources/defaultdata/defaultdatabuilder.h"

#include <QCoreApplication>
#include <QStringList>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    const bool withNonCommercial = !args.removeOne(QStringLiteral("--without-noncommercial"));
    if (args.size() != 2) {
        std::fputs("usage: build-default-data [--without-noncommercial] MANIFEST OUT\n", stderr);
        return 2;
    }
    stackatlas::DefaultDataBuild build{args[0], args[1],
                                       [](const QString &line) { std::printf("%s\n", qPrintable(line)); },
                                       [](const QString &line) {
                                           std::fprintf(stderr, "build-default-data: %s\n", qPrintable(line));
                                       }};
    build.withNonCommercial = withNonCommercial;
    const auto summary = stackatlas::buildDefaultData(build);
    if (!summary.isOk()) {
        std::fprintf(stderr, "build-default-data: %s\n", summary.status().message().c_str());
        return 1;
    }
    std::printf("default data: %lld values, %lld bytes, newest as of %s -> %s\n", summary.value().values,
                static_cast<long long>(summary.value().bytes), qPrintable(summary.value().newestAsOf),
                qPrintable(build.out));
    return 0;
}
