// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/pane.h"

class QComboBox;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace stackatlas {

class ActivityModel;

// Every fetch and import run, warning and error, newest first, filterable by text and status.
class ActivityPane : public Pane
{
    Q_OBJECT

public:
    explicit ActivityPane(ActivityModel *model, QWidget *parent = nullptr);

    QString paneId() const override { return QStringLiteral("activity"); }
    QString title() const override { return tr("Activity"); }
    QTableView *view() const { return m_view; }
    void setFilter(const QString &text, const QString &status);

private:
    void applyFilter();

    QSortFilterProxyModel *m_proxy;
    QTableView *m_view;
    QLineEdit *m_text;
    QComboBox *m_status;
};

} // namespace stackatlas
