// SPDX-License-Identifier: GPL-3.0-or-later
#include "refreshcontroller.h"

#include "datasources/fetch/collectorlock.h"

#include "datasources/cache/cache.h"
#include "datasources/http/canceltoken.h"

#include <QMetaObject>
#include <QPointer>

namespace stackatlas {

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
    m_worker = std::thread([self, cancel, path = m_cachePath.toStdString(), options = m_options,
                            sheet = m_priceSheetPath, owner = this] {
        QStringList summary, stored;
        QString offline;
        bool allOk = true;
        auto cache = Cache::open(path);
        CollectorLock lock(path);
        if (!cache.isOk()) {
            summary << QString::fromStdString(cache.status().message());
            allOk = false;
        } else if (!lock.tryAcquire()) {
            summary << QString::fromStdString(lock.holder()) + QStringLiteral("; this refresh skipped");
            allOk = false;
        } else {
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
