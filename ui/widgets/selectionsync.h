// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QPointer>

class QAbstractItemView;

namespace stackatlas {

// Keeps the current entity of two item views in step, matched by entity id (the Protocols table
// shows ProtocolsModel rows through a proxy, the layer map LayerMapModel nodes): select in one,
// the other follows. Each side names the role that carries the id.
class SelectionSync : public QObject
{
    Q_OBJECT

public:
    SelectionSync(QAbstractItemView *a, int idRoleA, QAbstractItemView *b, int idRoleB,
                  QObject *parent = nullptr);

private:
    void follow(QAbstractItemView *from, int fromRole, QAbstractItemView *to, int toRole);

    QPointer<QAbstractItemView> m_a, m_b;
    bool m_busy = false;
};

} // namespace stackatlas
