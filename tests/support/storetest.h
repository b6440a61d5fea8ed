// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Opening a data store over a test's cache file and waiting for what it was asked to deliver: the
// panes read through the store on its own thread, so a test waits on that condition, never on time.
#include "datasources/cache/cachelocation.h"
#include "models/store/datastore.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <string>

namespace stackatlas::test {

inline std::unique_ptr<DataStore> openStore(const QString &path,
                                            DataStore::Mode mode = DataStore::Mode::ReadWrite)
{
    auto store = DataStore::open(
        [path, mode] {
            return openUserCache(path, mode == DataStore::Mode::ReadOnly ? Cache::Mode::ReadOnly
                                                                         : Cache::Mode::ReadWrite);
        },
        mode);
    if (!store.isOk())
        qFatal("cannot open a store over %s: %s", qPrintable(path), store.status().message().c_str());
    return std::move(store).value();
}

// Runs the event loop until every read and edit asked of `store` has been delivered.
[[nodiscard]] inline bool settle(const DataStore &store, int timeoutMs = 30000)
{
    QDeadlineTimer deadline(timeoutMs);
    do {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        if (store.pending() == 0) {
            // A delivery may have asked for more (a GPU list, then its charts): look once more.
            QCoreApplication::processEvents();
            if (store.pending() == 0)
                return true;
        }
    } while (!deadline.hasExpired());
    return false;
}

// A pane test's private copy of a cache file: a connection of the test's own (for set-up and
// checks) and the panes' store over the same file, opened on first use (a second connection, as in
// the app).
struct StoreFixture
{
    std::unique_ptr<QTemporaryDir> dir;
    std::unique_ptr<Cache> cache;
    std::unique_ptr<DataStore> storeOpened;

    // A fresh copy of `source`; the reason when it cannot be made, else empty.
    std::string reset(const QString &source)
    {
        storeOpened.reset();
        cache.reset();
        dir = std::make_unique<QTemporaryDir>();
        const QString copy = path();
        if (!QFile::copy(source, copy))
            return "cannot copy " + source.toStdString();
        QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
        auto c = Cache::open(copy.toStdString());
        if (!c.isOk())
            return c.status().message();
        cache = std::move(c).value();
        return {};
    }
    QString path() const { return dir->filePath(QStringLiteral("cache.sqlite")); }
    DataStore &store()
    {
        if (!storeOpened)
            storeOpened = openStore(path());
        return *storeOpened;
    }
};

} // namespace stackatlas::test
