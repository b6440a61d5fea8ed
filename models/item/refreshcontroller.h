// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "datasources/fetch/fetchpipeline.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <thread>

namespace stackatlas {

class CancelToken;

// Runs the fetch pipeline off the GUI thread, on a connection of its own to the same cache file
// (SQLite's WAL lets the GUI keep reading meanwhile), and reports back through queued signals.
// Lives on the GUI thread; one refresh at a time.
class RefreshController : public QObject
{
    Q_OBJECT

public:
    RefreshController(QString cachePath, FetchOptions options, std::string priceSheetPath,
                      QObject *parent = nullptr);
    ~RefreshController() override;

    bool isRunning() const { return m_running; }

public slots:
    void start();
    void cancel();

signals:
    void started();
    // Requests done of planned, and bytes received, over all sources.
    void progress(int done, int planned, qint64 bytes);
    // One line per source ("coingecko: ok, 812 values"), whether all sources succeeded, and the
    // sources that stored values (whose points changed).
    void finished(const QStringList &summary, bool allOk, bool cancelled, const QStringList &storedSources);

private:
    QString m_cachePath;
    FetchOptions m_options;
    std::string m_priceSheetPath;
    std::shared_ptr<CancelToken> m_cancel;
    std::thread m_worker;
    bool m_running = false;
};

} // namespace stackatlas
