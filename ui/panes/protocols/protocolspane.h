// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/pane.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace stackatlas {

class ProtocolsModel;
class ProtocolsProxyModel;
struct Taxonomy;

// Every entity with its place in the stack and its latest market figures: a sortable table with
// a text filter and a layer filter. Displays the model it is given; does not own it.
class ProtocolsPane : public Pane
{
    Q_OBJECT

public:
    ProtocolsPane(ProtocolsModel *model, const Taxonomy &taxonomy, QWidget *parent = nullptr);

    QString paneId() const override { return QStringLiteral("protocols"); }
    QString title() const override { return tr("Protocols"); }

    QTableView *view() const { return m_view; }
    // Adds the table's sort order and column widths.
    QVariantMap choices() const override;
    void restoreChoices(const QVariantMap &choices) override;
    ProtocolsProxyModel *proxy() const { return m_proxy; }
    QLineEdit *searchField() const { return m_search; }
    QComboBox *layerFilter() const { return m_layer; }
    // A line above the table ("Sample data as of ..."); empty hides it.
    void setNotice(const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateCount();
    void fitColumns();

    ProtocolsModel *m_model;
    ProtocolsProxyModel *m_proxy;
    QLineEdit *m_search;
    QComboBox *m_layer;
    QLabel *m_count;
    QLabel *m_notice;
    QTableView *m_view;
};

} // namespace stackatlas
