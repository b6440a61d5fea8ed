// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/pane.h"

class QCheckBox;
class QComboBox;
class QLineEdit;
class QTextBrowser;

namespace stackatlas {

class LayerMapModel;
class LayerMapView;
class Sparkline;

// The stack at a glance: the layer map with its controls, and a details panel for the selected
// tile (figures with provenance, 30-day price, dependencies both ways, the research's claims).
class LayerMapPane : public Pane
{
    Q_OBJECT

public:
    explicit LayerMapPane(LayerMapModel *model, QWidget *parent = nullptr);

    QString paneId() const override { return QStringLiteral("layer-map"); }
    QString title() const override { return tr("Layer map"); }
    LayerMapView *view() const { return m_view; }
    QTextBrowser *details() const { return m_details; }
    QLineEdit *searchField() const { return m_search; }
    void exportTo(const QString &path); // chooses the format by suffix; reports errors in a dialog
    void exportWithDialog();            // asks where, then exportTo()

private:
    void applyOptions();
    void showDetails(const QModelIndex &index);
    void search(const QString &text);

    LayerMapModel *m_model;
    LayerMapView *m_view;
    QComboBox *m_size;
    QComboBox *m_colour;
    QCheckBox *m_providers;
    QLineEdit *m_search;
    QTextBrowser *m_details;
    Sparkline *m_sparkline;
};

} // namespace stackatlas
