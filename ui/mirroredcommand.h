// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAction>
#include <QKeySequence>
#include <QUndoCommand>
#include <QUndoStack>
#include <QWidget>

#include <functional>
#include <optional>
#include <utility>

namespace stackatlas {

// An edit made through the data store, and its mirror: redo takes `before` away and puts `after`
// in (an addition has no before, a removal no after, a change both), undo the reverse. The edit is
// made first and the command pushed once the store has made it, so a refused edit leaves nothing
// to undo: the first redo, which QUndoStack::push calls, does nothing. The pane redraws from the
// store's change signal. Used by the dependency graph's edges and the Alerts pane's rules.
template <typename T> class MirroredEditCommand : public QUndoCommand
{
public:
    using Apply = std::function<void(const std::optional<T> &remove, const std::optional<T> &add)>;

    MirroredEditCommand(Apply apply, std::optional<T> before, std::optional<T> after, const QString &text)
        : QUndoCommand(text), m_apply(std::move(apply)), m_before(std::move(before)),
          m_after(std::move(after))
    {}
    void redo() override
    {
        if (!std::exchange(m_alreadyMade, false))
            m_apply(m_before, m_after);
    }
    void undo() override { m_apply(m_after, m_before); }

private:
    Apply m_apply;
    std::optional<T> m_before, m_after;
    bool m_alreadyMade = true;
};

// Ctrl+Z and Ctrl+Shift+Z (the platform's keys) for `stack`, while focus is inside `pane`.
inline void addUndoShortcuts(QWidget *pane, QUndoStack *stack)
{
    QAction *undo = stack->createUndoAction(pane);
    QAction *redo = stack->createRedoAction(pane);
    undo->setShortcut(QKeySequence::Undo);
    redo->setShortcut(QKeySequence::Redo);
    pane->addAction(undo);
    pane->addAction(redo);
}

} // namespace stackatlas
