// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/event.h"
#include "models/domain/status.h"

#include <QDialog>

#include <vector>

class QLabel;
class QTableWidget;

namespace stackatlas {

class DataStore;

// The dated events charts are annotated with: the dataset's (read-only, cited) and the user's own,
// which can be added, edited and removed here and are kept in the cache. Reads and edits go through
// the data store, whose change signal updates every chart that draws events.
class EventsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit EventsDialog(DataStore &store, QWidget *parent = nullptr);

private:
    void reload();
    void showEvents(const Result<std::vector<Event>> &events);
    void edit(const Event *existing);
    void removeSelected();
    const Event *selectedEvent() const;

    DataStore &m_store;
    std::vector<Event> m_events;
    QTableWidget *m_table;
    QLabel *m_message;
};

} // namespace stackatlas
