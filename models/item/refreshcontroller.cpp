// SPDX-License-Identifier: GPL-3.0-or-later
#include "refreshcontroller.h"

#include "datasources/fetch/collectorlock.h"

#include "datasources/cache/cache.h"
#include "datasources/http/canceltoken.h"
#include "datasources/team/pgconnection.h"
#include "datasources/team/teamsync.h"

#include <QMetaObject>
#include <QPointer>

namespace stackatlas {

namespace {

// What a refresh's worker needs of the team store: the URL and the keyring's password, if any.
struct TeamPull
{
    std::string url;
    std::optional<std::string> password;
};

// One pull from the team store, said in one summary line; the sources whose points it changed
// join `stored`.
bool pullTeam(Cache &cache, const TeamPull &team, QStringList &summary, QStringList &stored)
{
    // The dialog refuses a URL with a password; a settings file edited by hand is refused here.
    if (auto named = team::urlHasPassword(team.url); !named.isOk() || named.value()) {
        summary << RefreshController::tr("team store: %1")
                       .arg(named.isOk()
                                ? RefreshController::tr("the URL in the settings holds a password; keep "
                                                        "it in the keyring or ~/.pgpass instead")
                                : QString::fromStdString(named.status().message()));
        return false;
    }
    auto db = PgConnection::open(team.url, team.password);
    if (!db.isOk()) {
        summary << RefreshController::tr("team store: %1").arg(QString::fromStdString(db.status().message()));
        return false;
    }
    auto pulled = team::pull(cache, *db.value());
    if (!pulled.isOk()) {
        summary << RefreshController::tr("team store %1: %2")
                       .arg(QString::fromStdString(db.value()->label()),
                            QString::fromStdString(pulled.status().message()));
        return false;
    }
    const team::PullSummary &s = pulled.value();
    for (const std::string &source : s.applied.sourcesChanged)
        stored << QString::fromStdString(source);
    summary << (s.throughPush <= s.fromPush
                    ? RefreshController::tr("team store %1: nothing new").arg(QString::fromStdString(s.store))
                    : RefreshController::tr("team store %1: %2 points added, %3 changed, %4 refused")
                          .arg(QString::fromStdString(s.store))
                          .arg(s.applied.pointsAdded)
                          .arg(s.applied.pointsChanged)
                          .arg(s.refusedRows));
    return s.refusedRows == 0;
}

} // namespace

QString progressDetail(const std::vector<SourceProgress> &progress)
{
    QStringList parts;
    for (const SourceProgress &p : progress) {
        const QString kb = QString::number(double(p.bytes) / 1e3, 'f', p.bytes < 10'000 ? 1 : 0);
        const QString source = QString::fromStdString(p.source);
        switch (p.state) {
        case SourceProgress::State::Waiting:
            parts << RefreshController::tr("%1 waiting").arg(source);
            break;
        case SourceProgress::State::Running:
            parts << RefreshController::tr("%1 %2/%3 requests, %4 kB")
                         .arg(source)
                         .arg(p.done)
                         .arg(p.planned)
                         .arg(kb);
            break;
        case SourceProgress::State::Done:
            parts << RefreshController::tr("%1 done, %2 requests, %3 kB").arg(source).arg(p.done).arg(kb);
            break;
        case SourceProgress::State::Failed:
            parts << RefreshController::tr("%1 failed after %2/%3 requests")
                         .arg(source)
                         .arg(p.done)
                         .arg(p.planned);
            break;
        }
    }
    return parts.join(QStringLiteral("; "));
}

RefreshController::RefreshController(QString cachePath, FetchOptions options, std::string priceSheetPath,
                                     QObject *parent)
    : QObject(parent), m_cachePath(std::move(cachePath)), m_options(std::move(options)),
      m_priceSheetPath(std::move(priceSheetPath))
{}

RefreshController::~RefreshController()
{
    if (m_cancel)
        m_cancel->cancel();
    if (m_worker.joinable())
        m_worker.join();
}

void RefreshController::start()
{
    if (m_running)
        return;
    if (m_worker.joinable())
        m_worker.join();
    m_running = true;
    m_cancel = std::make_shared<CancelToken>();
    emit started();
    QPointer<RefreshController> self(this);
    auto cancel = m_cancel;
    std::optional<TeamPull> team;
    if (!m_team.url.trimmed().isEmpty())
        team =
            TeamPull{m_team.url.trimmed().toStdString(), m_team.password ? m_team.password() : std::nullopt};
    const bool fetchPublic = !team || m_team.alsoPublic;
    m_worker = std::thread([self, cancel, path = m_cachePath.toStdString(), options = m_options,
                            sheet = m_priceSheetPath, owner = this, team, fetchPublic] {
        QStringList summary, stored;
        QString offline;
        bool allOk = true;
        auto cache = Cache::open(path);
        CollectorLock lock(path);
        bool locked = false;
        if (!cache.isOk()) {
            summary << QString::fromStdString(cache.status().message());
            allOk = false;
        } else if (!lock.tryAcquire()) {
            summary << QString::fromStdString(lock.holder()) + QStringLiteral("; this refresh skipped");
            allOk = false;
        } else {
            locked = true;
            if (team)
                allOk = pullTeam(*cache.value(), *team, summary, stored) && allOk;
        }
        if (locked && fetchPublic && !cancel->isCancelled()) {
            AdapterRegistry registry;
            registerBuiltinAdapters(registry, sheet);
            FetchPipeline pipeline(registry, *cache.value(), options);
            const auto outcomes = pipeline.run(*cancel, [&](const std::vector<SourceProgress> &p) {
                int done = 0, planned = 0;
                qint64 bytes = 0;
                for (const auto &s : p) {
                    done += s.done;
                    planned += s.planned;
                    bytes += s.bytes;
                }
                const QString detail = progressDetail(p);
                QMetaObject::invokeMethod(
                    owner,
                    [self, done, planned, bytes, detail] {
                        if (self)
                            emit self->progress(done, planned, bytes, detail);
                    },
                    Qt::QueuedConnection);
            });
            for (const auto &o : outcomes) {
                allOk = allOk && o.status.isOk();
                if (o.status.isOk() && o.stored > 0)
                    stored << QString::fromStdString(o.source);
                summary << QString::fromStdString(o.source) + QStringLiteral(": ") +
                               (o.status.isOk() ? QStringLiteral("%1, %2 values")
                                                      .arg(QString::fromStdString(o.run.status))
                                                      .arg(o.stored)
                                                : QStringLiteral("failed: ") +
                                                      QString::fromStdString(o.status.message()));
            }
            if (!cancel->isCancelled())
                offline = QString::fromStdString(offlineSummary(outcomes));
        }
        const bool cancelled = cancel->isCancelled();
        QMetaObject::invokeMethod(
            owner,
            [self, summary, allOk, cancelled, stored, offline] {
                if (!self)
                    return;
                self->m_running = false;
                emit self->finished(summary, allOk, cancelled, stored, offline);
            },
            Qt::QueuedConnection);
    });
}

void RefreshController::cancel()
{
    if (m_cancel)
        m_cancel->cancel();
}

} // namespace stackatlas
