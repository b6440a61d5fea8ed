// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocolsproxymodel.h"

#include "protocolsmodel.h"
#include "protocolsroles.h"

namespace stackatlas {

ProtocolsProxyModel::ProtocolsProxyModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(SortRole);
    setDynamicSortFilter(true);
}

void ProtocolsProxyModel::setTextFilter(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateFilter();
}

void ProtocolsProxyModel::setLayerFilter(const QString &layerId)
{
    if (layerId == m_layer)
        return;
    m_layer = layerId;
    invalidateFilter();
}

bool ProtocolsProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *model = sourceModel();
    const QModelIndex first = model->index(sourceRow, 0, sourceParent);
    if (!m_layer.isEmpty()) {
        const QString layer = first.data(LayerIdRole).toString();
        const bool wanted = m_layer == outsideTheStack() ? layer.isEmpty() : layer == m_layer;
        if (!wanted)
            return false;
    }
    if (m_text.isEmpty())
        return true;
    if (first.data(EntityIdRole).toString().contains(m_text, Qt::CaseInsensitive))
        return true;
    for (const int column : {ProtocolsModel::NameColumn, ProtocolsModel::CategoryColumn,
                             ProtocolsModel::ClassColumn, ProtocolsModel::TokenColumn}) {
        if (model->index(sourceRow, column, sourceParent)
                .data()
                .toString()
                .contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool ProtocolsProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QVariant l = left.data(sortRole());
    const QVariant r = right.data(sortRole());
    // Descending order compares (right, left), so "unknown is greater" must flip with the order
    // for unknown values to stay at the bottom.
    if (!l.isValid() || !r.isValid()) {
        if (l.isValid() == r.isValid())
            return false;
        return l.isValid() == (sortOrder() == Qt::AscendingOrder);
    }
    if (l.typeId() == QMetaType::Double || r.typeId() == QMetaType::Double || l.typeId() == QMetaType::Int)
        return l.toDouble() < r.toDouble();
    return QString::compare(l.toString(), r.toString(), Qt::CaseInsensitive) < 0;
}

} // namespace stackatlas
