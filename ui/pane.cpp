// SPDX-License-Identifier: GPL-3.0-or-later
#include "pane.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QSplitter>
#include <QTimer>

namespace stackatlas {

namespace {
// Reads shorter than this finish before a notice would be noticed.
constexpr int kBusyNoticeDelayMs = 150;
} // namespace

Pane::Pane(QWidget *parent) : QWidget(parent) {}

Pane::~Pane() = default;

void Pane::activate()
{
    if (m_active)
        return;
    m_active = true;
    emit activated();
    load();
}

void Pane::showEvent(QShowEvent *event)
{
    activate();
    QWidget::showEvent(event);
}

void Pane::setBusy(bool busy)
{
    m_busy = busy;
    if (!busy) {
        m_hasShownData = true;
        if (m_busyNotice)
            m_busyNotice->hide();
        return;
    }
    if (!m_hasShownData)
        showBusyNotice();
    else
        QTimer::singleShot(kBusyNoticeDelayMs, this, &Pane::showBusyNotice);
}

void Pane::showBusyNotice()
{
    if (!m_busy)
        return;
    if (!m_busyNotice) {
        m_busyNotice = new QLabel(tr("Loading…"), this);
        m_busyNotice->setObjectName(QStringLiteral("busyNotice"));
        m_busyNotice->setAlignment(Qt::AlignCenter);
        m_busyNotice->setAutoFillBackground(true);
        m_busyNotice->setFrameShape(QFrame::StyledPanel);
        m_busyNotice->setAccessibleName(tr("Loading"));
    }
    placeBusyNotice();
    m_busyNotice->show();
    m_busyNotice->raise();
}

void Pane::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (m_busyNotice && !m_busyNotice->isHidden())
        placeBusyNotice();
}

void Pane::placeBusyNotice()
{
    const QSize size = m_busyNotice->sizeHint() + QSize(48, 24);
    m_busyNotice->setGeometry(QRect(rect().center() - QPoint(size.width() / 2, size.height() / 2), size));
}

QVariantMap Pane::choices() const
{
    QVariantMap out;
    QVariantList splitters;
    // findChildren returns creation order, so the n-th splitter is the same one on the next start.
    for (const QSplitter *s : findChildren<QSplitter *>())
        splitters << s->saveState();
    if (!splitters.isEmpty())
        out.insert(QStringLiteral("splitters"), splitters);
    for (const QComboBox *c : findChildren<QComboBox *>())
        if (!c->objectName().isEmpty() && c->currentIndex() >= 0)
            out.insert(c->objectName(), c->currentData().toString());
    for (const QCheckBox *c : findChildren<QCheckBox *>())
        if (!c->objectName().isEmpty())
            out.insert(c->objectName(), c->isChecked());
    return out;
}

void Pane::restoreChoices(const QVariantMap &choices)
{
    const QVariantList splitters = choices.value(QStringLiteral("splitters")).toList();
    const QList<QSplitter *> ours = findChildren<QSplitter *>();
    if (splitters.size() == ours.size())
        for (qsizetype i = 0; i < ours.size(); ++i)
            ours[i]->restoreState(splitters[i].toByteArray()); // refuses a state not its own
    for (QComboBox *c : findChildren<QComboBox *>()) {
        if (c->objectName().isEmpty() || !choices.contains(c->objectName()))
            continue;
        const QString wanted = choices.value(c->objectName()).toString();
        for (int i = 0; i < c->count(); ++i)
            if (c->itemData(i).toString() == wanted)
                c->setCurrentIndex(i);
    }
    for (QCheckBox *c : findChildren<QCheckBox *>()) {
        const QVariant v = choices.value(c->objectName());
        // QSettings' INI files give back "true"/"false" as text.
        if (!c->objectName().isEmpty() && v.isValid() &&
            (v.typeId() == QMetaType::Bool || v.toString() == QLatin1String("true") ||
             v.toString() == QLatin1String("false")))
            c->setChecked(v.toBool());
    }
}

} // namespace stackatlas
