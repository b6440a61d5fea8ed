// SPDX-License-Identifier: GPL-3.0-or-later
#include "refreshcontrols.h"

#include "models/item/refreshcontroller.h"

#include <QAction>
#include <QLabel>
#include <QProgressBar>

namespace stackatlas {

RefreshControls::RefreshControls(RefreshController *controller, QObject *parent)
    : QObject(parent), m_refresh(new QAction(tr("&Refresh"), this)),
      m_cancel(new QAction(tr("&Cancel refresh"), this)), m_bar(new QProgressBar), m_detail(new QLabel)
{
    m_refresh->setShortcut(QKeySequence::Refresh); // F5
    m_refresh->setToolTip(tr("Fetch fresh data from every source (F5)"));
    m_cancel->setShortcut(Qt::Key_Escape);
    m_cancel->setEnabled(false);
    m_bar->setVisible(false);
    m_bar->setMaximumWidth(260);
    m_bar->setAccessibleName(tr("Refresh progress"));
    m_bar->setFormat(tr("%v/%m"));
    m_detail->setVisible(false);
    m_detail->setObjectName(QStringLiteral("refreshDetail"));
    m_detail->setAccessibleName(tr("Refresh progress by source"));

    connect(m_refresh, &QAction::triggered, controller, &RefreshController::start);
    connect(m_cancel, &QAction::triggered, controller, &RefreshController::cancel);
    connect(controller, &RefreshController::started, this, [this] {
        m_refresh->setEnabled(false);
        m_cancel->setEnabled(true);
        m_bar->setRange(0, 0); // busy until the sources say how many requests they plan
        m_bar->setVisible(true);
        m_detail->clear();
        m_detail->setVisible(true);
    });
    connect(
        controller, &RefreshController::progress, this,
        [this](int done, int planned, qint64 bytes, const QString &detail) {
            if (planned > 0) {
                m_bar->setRange(0, planned);
                m_bar->setValue(std::min(done, planned));
            }
            // The bar holds only what fits in it; the words are in the label beside it.
            m_bar->setToolTip(
                tr("%1 of %2 requests, %3 MB").arg(done).arg(planned).arg(double(bytes) / 1e6, 0, 'f', 1));
            m_detail->setText(detail);
            m_detail->setToolTip(detail);
        });
    connect(controller, &RefreshController::finished, this, [this] {
        m_refresh->setEnabled(true);
        m_cancel->setEnabled(false);
        m_bar->setVisible(false);
        m_detail->setVisible(false);
    });
}

RefreshControls::~RefreshControls()
{
    for (QWidget *w : {static_cast<QWidget *>(m_bar.data()), static_cast<QWidget *>(m_detail.data())})
        if (w && !w->parent())
            delete w;
}

} // namespace stackatlas
