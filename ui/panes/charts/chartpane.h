// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/pane.h"

#include "models/domain/chartdata.h"
#include "models/domain/status.h"

#include <QSize>

#include <vector>

namespace stackatlas {

class Cache;

// A pane made of charts (price war, valuation, usage share): each can be exported, as the pane
// shows it, to PNG, SVG or PDF at a chosen size, or as the CSV of every point behind it.
class ChartPane : public Pane
{
    Q_OBJECT

public:
    using Pane::Pane;

    virtual std::vector<ChartData> charts() const = 0;
    // Re-reads the cache (after a refresh or an edit).
    virtual void reload() = 0;

    void exportWithDialog();
    Status exportTo(const QString &path, QSize size) const;

protected:
    // Charts squeezed below a readable size lose their labels: a small window scrolls instead.
    static QWidget *scrollable(QWidget *body, QSize minimum);
};

} // namespace stackatlas
