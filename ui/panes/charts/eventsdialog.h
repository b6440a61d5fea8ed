// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/event.h"

#include <QDialog>

#include <vector>

class QLabel;
class QTableWidget;

namespace stackatlas {

class Cache;

// The dated events charts are annotated with: the dataset's (read-only, cited) and the user's own,
// which can be added, edited and removed here and are kept in the cache.
class EventsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit EventsDialog(Cache &cache, QWidget *parent = nullptr);
    bool changed() const { return m_changed; }

private:
    void reload();
    void edit(const Event *existing);
    void removeSelected();
    const Event *selectedEvent() const;

    Cache &m_cache;
    std::vector<Event> m_events;
    QTableWidget *m_table;
    QLabel *m_message;
    bool m_changed = false;
};

} // namespace stackatlas
