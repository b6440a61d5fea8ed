// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSortFilterProxyModel>

namespace stackatlas {

// Filters ProtocolsModel by free text (name, id, token, category, class) and by layer, and sorts
// on the raw values of SortRole with unknown values always last, whichever the direction.
class ProtocolsProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    // Layer filter values besides a layer id.
    static QString allLayers() { return {}; }
    static QString outsideTheStack() { return QStringLiteral("outside"); }

    explicit ProtocolsProxyModel(QObject *parent = nullptr);

    QString textFilter() const { return m_text; }
    void setTextFilter(const QString &text);
    QString layerFilter() const { return m_layer; }
    void setLayerFilter(const QString &layerId);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_text;
    QString m_layer;
};

} // namespace stackatlas
