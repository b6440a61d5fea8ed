// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/event.h"
#include "models/domain/timeutil.h"

#include <QWidget>

#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QPushButton;
class QTimer;

namespace stackatlas {

class DataStore;

// Compare mode and replay, beside the as-of date (which is B): "Compare with" date A, presets
// (the R1 week, V3 to R1, 30 days before the as-of, the span of a cited event), and Play, which
// steps the as-of from A to B (a day a step, a week past 120 days) at a chosen speed. A step is
// taken only when the panes have drawn the last one, so input is never queued behind a replay.
class CompareControl : public QWidget
{
    Q_OBJECT

public:
    explicit CompareControl(DataStore &store, QWidget *parent = nullptr);

    // Compare with A (nullopt: compare mode off); B is the store's as-of.
    void setCompareFrom(std::optional<UnixSeconds> day);
    // Sets A and B together, as a preset does.
    void setSpan(UnixSeconds a, UnixSeconds b);
    // The data's newest day (B while the as-of is "Latest") and the cited events (presets), as the
    // as-of control read them.
    void setDataSpan(UnixSeconds last, const std::vector<Event> &events);
    void play();
    void stop();
    bool isPlaying() const;
    int stepsPerSecond() const;

signals:
    void playingChanged(bool playing);
    void stepped(UnixSeconds day); // each as-of date a replay shows

private:
    void applyPreset(int index);
    void fillPresets();
    void step();
    void sync(); // the controls follow the store, quietly

    DataStore &m_store;
    QCheckBox *m_enabled;
    QDateEdit *m_from;
    QComboBox *m_presets;
    QPushButton *m_play;
    QComboBox *m_speed;
    QTimer *m_timer;
    std::vector<Event> m_events;
    UnixSeconds m_playTo = 0, m_playStep = 86400;
    UnixSeconds m_last = 0; // the newest data: B while the as-of is "Latest"
    bool m_syncing = false;
};

} // namespace stackatlas
