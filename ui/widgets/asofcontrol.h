// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/asof.h"
#include "models/domain/event.h"

#include <QWidget>

#include <vector>

class QCheckBox;
class QDateEdit;
class QLabel;
class QPushButton;
class QSlider;

namespace stackatlas {

class DataStore;

// The one date the whole window shows its figures at: a date field, a slider over the span of
// the data with the cited events marked on it, "Latest" (the newest data) and "Show stale
// values". It sets DataStore::setAsOf; every pane that shows figures at a date follows.
class AsOfControl : public QWidget
{
    Q_OBJECT

public:
    explicit AsOfControl(DataStore &store, QWidget *parent = nullptr);

    // Sets the date (nullopt: the newest data), as a user would.
    void setDate(std::optional<UnixSeconds> day);
    void setShowStale(bool show);
    // What the controls stand for, read back from the store.
    const AsOf &asOf() const;

signals:
    // The span of the data and its cited events, read once for the controls that need them.
    void spanRead(UnixSeconds first, UnixSeconds last, const std::vector<stackatlas::Event> &events);

private:
    void readSpan();
    void apply();

    DataStore &m_store;
    QDateEdit *m_date;
    QSlider *m_slider;
    QPushButton *m_latest;
    QCheckBox *m_stale;
    UnixSeconds m_first = 0, m_last = 0; // the span of the data, whole days
    std::vector<Event> m_events;
    bool m_applying = false;
    friend class AsOfSliderMarks;
};

} // namespace stackatlas
