// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/pane.h"

class QTableView;

namespace stackatlas {

class SourcesModel;

// Where each number comes from and how fresh it is: one row per data source.
class SourcesPane : public Pane
{
    Q_OBJECT

public:
    explicit SourcesPane(SourcesModel *model, QWidget *parent = nullptr);
    QString paneId() const override { return QStringLiteral("sources"); }
    QString title() const override { return tr("Sources"); }
    QTableView *view() const { return m_view; }

private:
    QTableView *m_view;
};

} // namespace stackatlas
