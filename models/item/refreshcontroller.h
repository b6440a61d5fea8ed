// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "datasources/fetch/fetchpipeline.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <thread>

namespace stackatlas {

class CancelToken;

// "coingecko 3/5 requests, 41 kB; vastai failed after 2/10 requests, 0 kB"
QString progressDetail(const std::vector<SourceProgress> &progress);

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

    // A team's store to pull from on each refresh (empty url: none), and whether the public APIs
    // are asked too. `password` is asked on the GUI thread at each start (the keyring answers
    // through an event loop); it may give nothing, and libpq then reads ~/.pgpass.
    struct TeamSource
    {
        QString url;
        bool alsoPublic = false;
        std::function<std::optional<std::string>()> password;
    };
    void setTeam(TeamSource team) { m_team = std::move(team); }

public slots:
    void start();
    void cancel();

signals:
    void started();
    // Requests done of planned, and bytes received, over all sources; `detail` names each source
    // with its own ("coingecko 3/5 requests, 41 kB; vastai failed after 2/10").
    void progress(int done, int planned, qint64 bytes, const QString &detail);
    // One line per source ("coingecko: ok, 812 values"), whether all sources succeeded, the
    // sources that stored values (whose points changed), and, when no network source could be
    // reached, what to tell the user (offlineSummary), else empty.
    void finished(const QStringList &summary, bool allOk, bool cancelled, const QStringList &storedSources,
                  const QString &offline);

private:
    QString m_cachePath;
    FetchOptions m_options;
    std::string m_priceSheetPath;
    TeamSource m_team;
    std::shared_ptr<CancelToken> m_cancel;
    std::thread m_worker;
    bool m_running = false;
};

} // namespace stackatlas
