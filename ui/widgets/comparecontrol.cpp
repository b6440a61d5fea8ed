// SPDX-License-Identifier: GPL-3.0-or-later
#include "comparecontrol.h"

#include "models/domain/chartdata.h"
#include "models/store/datastore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QPushButton>
#include <QTimeZone>
#include <QTimer>

namespace stackatlas {
namespace {

constexpr UnixSeconds kDay = 86400;

QDate toDate(UnixSeconds t)
{
    return QDateTime::fromSecsSinceEpoch(t, QTimeZone::utc()).date();
}

UnixSeconds toSeconds(const QDate &d)
{
    return QDateTime(d, QTime(0, 0), QTimeZone::utc()).toSecsSinceEpoch();
}

UnixSeconds wholeDay(UnixSeconds t)
{
    return utcDay(t) + kDay - 1; // a date means the whole UTC day, as everywhere in the app
}

std::optional<UnixSeconds> dayOf(const std::string &iso)
{
    const QDate d = QDate::fromString(QString::fromStdString(iso), Qt::ISODate);
    return d.isValid() ? std::optional<UnixSeconds>(toSeconds(d)) : std::nullopt;
}

} // namespace

CompareControl::CompareControl(DataStore &store, QWidget *parent)
    : QWidget(parent), m_store(store), m_enabled(new QCheckBox(tr("Compare with"), this)),
      m_from(new QDateEdit(this)), m_presets(new QComboBox(this)),
      m_play(new QPushButton(tr("\u25B6 Play"), this)), m_speed(new QComboBox(this)),
      m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("compareControl"));
    m_enabled->setAccessibleName(tr("Compare two dates"));
    m_enabled->setToolTip(tr("Colour the layer map by the change from this date (A) to the as-of date (B)"));
    m_from->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_from->setCalendarPopup(true);
    m_from->setAccessibleName(tr("Date A, compared with the as-of date"));
    m_from->setDate(QDate(2025, 1, 20));
    m_presets->setObjectName(QStringLiteral("comparePresets"));
    m_presets->setAccessibleName(tr("Compare presets"));
    m_play->setObjectName(QStringLiteral("play"));
    m_play->setCheckable(true);
    m_play->setAccessibleName(tr("Play the as-of date from A to B"));
    m_play->setToolTip(tr("Step the as-of date from A to B, a day a step (a week past 120 days)"));
    m_speed->setObjectName(QStringLiteral("replaySpeed"));
    m_speed->setAccessibleName(tr("Replay speed"));
    for (int perSecond : {1, 2, 4, 8})
        m_speed->addItem(tr("%1 steps/s").arg(perSecond), perSecond);
    m_speed->setCurrentIndex(1);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QWidget *w : std::initializer_list<QWidget *>{m_enabled, m_from, m_presets, m_play, m_speed})
        layout->addWidget(w);
    layout->addStretch(1);

    connect(m_enabled, &QCheckBox::toggled, this, [this](bool on) {
        if (!m_syncing)
            setCompareFrom(on ? std::optional<UnixSeconds>(toSeconds(m_from->date())) : std::nullopt);
    });
    connect(m_from, &QDateEdit::dateChanged, this, [this](const QDate &d) {
        if (!m_syncing && m_enabled->isChecked())
            setCompareFrom(toSeconds(d));
    });
    connect(m_presets, &QComboBox::activated, this, &CompareControl::applyPreset);
    connect(m_play, &QPushButton::toggled, this, [this](bool on) {
        if (m_syncing)
            return;
        on ? play() : stop();
    });
    connect(m_speed, &QComboBox::currentIndexChanged, this,
            [this] { m_timer->setInterval(1000 / stepsPerSecond()); });
    m_timer->setInterval(1000 / stepsPerSecond());
    connect(m_timer, &QTimer::timeout, this, &CompareControl::step);
    connect(&m_store, &DataStore::changed, this, [this](const StoreChange &c) {
        if (c.touches(DataChange::AsOf))
            sync();
    });
    fillPresets();
    sync();
}

int CompareControl::stepsPerSecond() const
{
    return m_speed->currentData().toInt();
}

bool CompareControl::isPlaying() const
{
    return m_timer->isActive();
}

void CompareControl::setCompareFrom(std::optional<UnixSeconds> day)
{
    AsOf next = m_store.asOf();
    next.compareFrom = day ? std::optional<UnixSeconds>(wholeDay(*day)) : std::nullopt;
    m_store.setAsOf(next);
    sync();
}

void CompareControl::setSpan(UnixSeconds a, UnixSeconds b)
{
    AsOf next = m_store.asOf();
    next.compareFrom = wholeDay(a);
    next.at = wholeDay(b);
    m_store.setAsOf(next);
    sync();
}

void CompareControl::play()
{
    const AsOf &now = m_store.asOf();
    if (!now.compareFrom) {
        m_syncing = true;
        m_play->setChecked(false);
        m_syncing = false;
        return; // nothing to play between: the button is only enabled in compare mode
    }
    // B is where the as-of stands (or the newest day shown); the replay starts at A.
    m_playTo = now.at ? *now.at : wholeDay(m_last);
    const UnixSeconds span = m_playTo - *now.compareFrom;
    m_playStep = span > 120 * kDay ? 7 * kDay : kDay;
    AsOf first = now;
    first.at = *now.compareFrom;
    m_store.setAsOf(first);
    emit stepped(first.at.value());
    m_timer->start();
    emit playingChanged(true);
    sync();
}

void CompareControl::stop()
{
    if (!m_timer->isActive())
        return;
    m_timer->stop();
    emit playingChanged(false);
    sync();
}

void CompareControl::step()
{
    // Wait for the panes to have what the last step asked for: a slow machine plays slower, and
    // never piles up reads behind the user's own clicks.
    if (m_store.pending() > 0)
        return;
    AsOf next = m_store.asOf();
    if (!next.at || *next.at >= m_playTo) {
        stop();
        return;
    }
    next.at = std::min(*next.at + m_playStep, m_playTo);
    m_store.setAsOf(next);
    emit stepped(*next.at);
}

void CompareControl::applyPreset(int index)
{
    const QVariant data = m_presets->itemData(index);
    if (!data.isValid())
        return;
    const QList<QVariant> span = data.toList();
    if (span.size() == 2) {
        setSpan(span[0].toLongLong(), span[1].toLongLong());
    } else {
        // 30 days before the as-of, whatever it is
        const AsOf &now = m_store.asOf();
        const UnixSeconds b = now.at ? *now.at : m_last;
        setSpan(b - 30 * kDay, b);
    }
    m_presets->setCurrentIndex(0);
}

void CompareControl::setDataSpan(UnixSeconds last, const std::vector<Event> &events)
{
    m_last = last;
    m_events = events;
    fillPresets();
}

void CompareControl::fillPresets()
{
    m_presets->clear();
    m_presets->addItem(tr("Presets\u2026"));
    const auto add = [this](const QString &label, UnixSeconds a, UnixSeconds b) {
        m_presets->addItem(
            label, QVariantList{QVariant::fromValue<qlonglong>(a), QVariant::fromValue<qlonglong>(b)});
    };
    add(tr("R1 week: 2025-01-20 \u2192 2025-01-27"), toSeconds(QDate(2025, 1, 20)),
        toSeconds(QDate(2025, 1, 27)));
    add(tr("V3 to R1: 2024-12-26 \u2192 2025-01-20"), toSeconds(QDate(2024, 12, 26)),
        toSeconds(QDate(2025, 1, 20)));
    m_presets->addItem(tr("30 days before the as-of \u2192 as-of"), QStringLiteral("30d"));
    for (const Event &e : m_events) {
        const auto start = dayOf(e.start), end = dayOf(e.end);
        if (start && end && *end > *start)
            add(tr("%1: %2 \u2192 %3")
                    .arg(QString::fromStdString(e.title), QString::fromStdString(e.start),
                         QString::fromStdString(e.end)),
                *start, *end);
    }
}

void CompareControl::sync()
{
    m_syncing = true;
    const AsOf &a = m_store.asOf();
    m_enabled->setChecked(a.compareFrom.has_value());
    if (a.compareFrom)
        m_from->setDate(toDate(*a.compareFrom));
    m_play->setEnabled(a.compareFrom.has_value());
    m_play->setChecked(m_timer->isActive());
    m_play->setText(m_timer->isActive() ? tr("\u25A0 Stop") : tr("\u25B6 Play"));
    m_syncing = false;
}

} // namespace stackatlas
