// SPDX-License-Identifier: GPL-3.0-or-later
#include "refreshcontroller.h"

#include "datasources/cache/cache.h"
#include "datasources/http/canceltoken.h"

#include <QMetaObject>
#include <QPointer>

namespace stackatlas {

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
        bool allOk = true;
        auto cache = Cache::open(path);
        if (!cache.isOk()) {
            summary << QString::fromStdString(cache.status().message());
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
                QMetaObject::invokeMethod(
                    owner,
                    [self, done, planned, bytes] {
                        if (self)
                            emit self->progress(done, planned, bytes);
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
        }
        const bool cancelled = cancel->isCancelled();
        QMetaObject::invokeMethod(
            owner,
            [self, summary, allOk, cancelled, stored] {
                if (!self)
                    return;
                self->m_running = false;
                emit self->finished(summary, allOk, cancelled, stored);
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
