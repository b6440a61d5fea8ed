// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/pane.h"

#include "models/domain/chartdata.h"
#include "models/domain/status.h"
#include "models/store/storechange.h"

#include <QSize>

#include <vector>

namespace stackatlas {

class DataStore;

// A pane made of charts (price war, valuation, usage share): each can be exported, as the pane
// shows it, to PNG, SVG or PDF at a chosen size, or as the CSV of every point behind it. Its data
// comes from the data store, read off the GUI thread; it re-reads when the store says that what it
// draws changed.
class ChartPane : public Pane
{
    Q_OBJECT

public:
    ChartPane(DataStore &store, DataChanges shows, QWidget *parent = nullptr);

    virtual std::vector<ChartData> charts() const = 0;
    // Asks the store for the charts again; they are drawn when they arrive. Does nothing until the
    // pane is active: its first read is then made with the controls as they are.
    virtual void reload() = 0;

    void exportWithDialog();
    Status exportTo(const QString &path, QSize size) const;

protected:
    void load() override { reload(); }
    // Charts squeezed below a readable size lose their labels: a small window scrolls instead.
    static QWidget *scrollable(QWidget *body, QSize minimum);

    DataStore &m_store;
};

} // namespace stackatlas
