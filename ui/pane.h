// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QVariantMap>
#include <QWidget>

namespace stackatlas {

// A page the main window hosts: it names itself for the navigation list and brings its own
// widgets; the window knows nothing else about it.
class Pane : public QWidget
{
    Q_OBJECT

public:
    using QWidget::QWidget;
    ~Pane() override;

    // Stable id for --pane and settings ("protocols").
    virtual QString paneId() const = 0;
    virtual QString title() const = 0;

    // What the user chose on this pane (never data), kept across restarts: the sizes of its
    // splitters, and every combo box and check box given an object name (a control left unnamed
    // is not remembered, e.g. the GPU, which the Settings dialog's default decides). Panes add
    // choices that live outside such controls.
    virtual QVariantMap choices() const;
    // Takes back what choices() gave. A value that no longer fits (an option this version dropped,
    // a hand-edited file) is skipped, leaving that control as it was.
    virtual void restoreChoices(const QVariantMap &choices);
};

} // namespace stackatlas
