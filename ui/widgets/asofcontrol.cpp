// SPDX-License-Identifier: GPL-3.0-or-later
#include "asofcontrol.h"

#include "models/domain/chartdata.h"
#include "models/item/chartloaders.h"
#include "models/store/datastore.h"

#include <QCheckBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QSlider>
#include <QStyleOptionSlider>
#include <QTimeZone>

namespace stackatlas {

namespace {

QDate toDate(UnixSeconds t)
{
    return QDateTime::fromSecsSinceEpoch(t, QTimeZone::utc()).date();
}

UnixSeconds toSeconds(const QDate &d)
{
    return QDateTime(d, QTime(0, 0), QTimeZone::utc()).toSecsSinceEpoch();
}

// The slider, with a tick under it for each cited event so a user can land on one.
class EventSlider : public QSlider
{
public:
    EventSlider(QWidget *parent) : QSlider(Qt::Horizontal, parent) {}
    std::vector<std::pair<int, QString>> marks; // slider value, event title

protected:
    void paintEvent(QPaintEvent *event) override
    {
        QSlider::paintEvent(event);
        if (marks.empty() || maximum() <= minimum())
            return;
        QStyleOptionSlider opt;
        initStyleOption(&opt);
        const QRect groove = style()->subControlRect(QStyle::CC_Slider, &opt, QStyle::SC_SliderGroove, this);
        const int handle = style()->pixelMetric(QStyle::PM_SliderLength, &opt, this);
        QPainter p(this);
        p.setPen(QPen(palette().color(QPalette::Highlight), 2));
        for (const auto &[value, title] : marks) {
            const int x =
                QStyle::sliderPositionFromValue(minimum(), maximum(), value, groove.width() - handle) +
                groove.left() + handle / 2;
            p.drawLine(x, height() - 5, x, height() - 1);
        }
    }
};

} // namespace

AsOfControl::AsOfControl(DataStore &store, QWidget *parent)
    : QWidget(parent), m_store(store), m_date(new QDateEdit(this)), m_slider(new EventSlider(this)),
      m_latest(new QPushButton(tr("Latest"), this)), m_stale(new QCheckBox(tr("Show stale values"), this))
{
    setObjectName(QStringLiteral("asOfControl"));
    m_date->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_date->setCalendarPopup(true);
    m_date->setAccessibleName(tr("As-of date"));
    m_date->setToolTip(tr("Every figure is shown as it stood on this day: the newest value at or before it, "
                          "within 3 days for market data, 7 for GPU prices, 45 for monthly series; "
                          "older values are unknown unless stale values are shown"));
    m_slider->setAccessibleName(tr("As-of date over the span of the data"));
    m_slider->setMinimumWidth(220);
    m_latest->setCheckable(true);
    m_latest->setChecked(true);
    m_latest->setAccessibleName(tr("Show the newest data"));
    m_stale->setAccessibleName(tr("Show values older than their window, greyed with their date"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("As of"), this));
    layout->addWidget(m_date);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_latest);
    layout->addWidget(m_stale);

    connect(m_date, &QDateEdit::dateChanged, this, [this](const QDate &d) {
        if (m_applying)
            return;
        m_latest->setChecked(false);
        setDate(toSeconds(d));
    });
    connect(m_slider, &QSlider::valueChanged, this, [this](int day) {
        if (m_applying)
            return;
        m_latest->setChecked(false);
        setDate(m_first + UnixSeconds(day) * 86400);
    });
    connect(m_latest, &QPushButton::toggled, this, [this](bool on) {
        if (!m_applying && on)
            setDate(std::nullopt);
    });
    connect(m_stale, &QCheckBox::toggled, this, &AsOfControl::setShowStale);
    connect(&m_store, &DataStore::changed, this, [this](const StoreChange &c) {
        if (c.touches(DataChange::Points | DataChange::Events))
            readSpan();
        else if (c.touches(DataChange::AsOf) && !m_applying)
            apply(); // set elsewhere: a compare preset, a replay, the command line
    });
    readSpan();
}

const AsOf &AsOfControl::asOf() const
{
    return m_store.asOf();
}

void AsOfControl::setDate(std::optional<UnixSeconds> day)
{
    AsOf next = m_store.asOf();
    next.at = day ? std::optional<UnixSeconds>(utcDay(*day) + 86399) : std::nullopt; // the whole day
    m_store.setAsOf(next);
    apply();
}

void AsOfControl::setShowStale(bool show)
{
    AsOf next = m_store.asOf();
    next.includeStale = show;
    m_store.setAsOf(next);
    apply();
}

// The controls follow the store's date (and the span of the data), quietly.
void AsOfControl::apply()
{
    m_applying = true;
    const AsOf &a = m_store.asOf();
    const UnixSeconds shown = a.at ? *a.at : m_last;
    m_date->setDate(toDate(shown));
    m_slider->setRange(0, int((m_last - m_first) / 86400));
    m_slider->setValue(int((utcDay(shown) - m_first) / 86400));
    m_latest->setChecked(!a.at);
    m_stale->setChecked(a.includeStale);
    m_applying = false;
}

void AsOfControl::readSpan()
{
    m_store.read<DataSpan>(this, "as-of-span", &loadDataSpan, [this](Result<DataSpan> r) {
        if (!r.isOk() || !r.value().first || !r.value().last)
            return;
        m_first = utcDay(*r.value().first);
        m_last = utcDay(*r.value().last);
        m_events = r.value().events;
        auto *slider = static_cast<EventSlider *>(m_slider);
        slider->marks.clear();
        QStringList tips;
        for (const Event &e : m_events) {
            const QDate d = QDate::fromString(QString::fromStdString(e.start), Qt::ISODate);
            if (!d.isValid())
                continue;
            const UnixSeconds t = toSeconds(d);
            if (t < m_first || t > m_last)
                continue;
            slider->marks.emplace_back(int((t - m_first) / 86400), QString::fromStdString(e.title));
            tips << QStringLiteral("%1 %2").arg(QString::fromStdString(e.start),
                                                QString::fromStdString(e.title));
        }
        m_slider->setToolTip(tr("Cited events (marked under the slider):\n%1").arg(tips.join(u'\n')));
        emit spanRead(m_first, m_last, m_events);
        m_applying = true; // a narrower range moves the date: not a user's choice
        m_date->setDateRange(toDate(m_first), toDate(m_last));
        m_applying = false;
        apply();
        m_slider->update();
    });
}

} // namespace stackatlas
