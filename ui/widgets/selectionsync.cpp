// SPDX-License-Identifier: GPL-3.0-or-later
#include "selectionsync.h"

#include <QAbstractItemView>
#include <QItemSelectionModel>

namespace stackatlas {
namespace {

// The first index under `parent` (recursively, column 0) whose role holds id.
QModelIndex findId(const QAbstractItemModel *model, int role, const QString &id,
                   const QModelIndex &parent = {})
{
    for (int r = 0; r < model->rowCount(parent); ++r) {
        const QModelIndex idx = model->index(r, 0, parent);
        if (idx.data(role).toString() == id)
            return idx;
        if (const QModelIndex inner = findId(model, role, id, idx); inner.isValid())
            return inner;
    }
    return {};
}

} // namespace

SelectionSync::SelectionSync(QAbstractItemView *a, int idRoleA, QAbstractItemView *b, int idRoleB,
                             QObject *parent)
    : QObject(parent), m_a(a), m_b(b)
{
    connect(a->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [=, this] { follow(m_a, idRoleA, m_b, idRoleB); });
    connect(b->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [=, this] { follow(m_b, idRoleB, m_a, idRoleA); });
}

void SelectionSync::follow(QAbstractItemView *from, int fromRole, QAbstractItemView *to, int toRole)
{
    if (m_busy || !from || !to)
        return;
    const QString id = from->currentIndex().data(fromRole).toString();
    if (id.isEmpty())
        return;
    const QModelIndex target = findId(to->model(), toRole, id);
    if (!target.isValid() || to->currentIndex() == target)
        return;
    m_busy = true;
    to->selectionModel()->setCurrentIndex(target,
                                          QItemSelectionModel::ClearAndSelect |
                                              (to->selectionBehavior() == QAbstractItemView::SelectRows
                                                   ? QItemSelectionModel::Rows
                                                   : QItemSelectionModel::NoUpdate));
    to->scrollTo(target);
    m_busy = false;
}

} // namespace stackatlas
