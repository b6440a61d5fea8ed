// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

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
};

} // namespace stackatlas
