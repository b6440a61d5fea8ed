// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QAction;
class QLabel;
class QProgressBar;

namespace stackatlas {

class RefreshController;

// The Refresh (F5) and Cancel (Esc) actions and the progress bar that follow a RefreshController.
// The main window places them; this object only keeps them in step.
class RefreshControls : public QObject
{
    Q_OBJECT

public:
    explicit RefreshControls(RefreshController *controller, QObject *parent = nullptr);

    QAction *refreshAction() const { return m_refresh; }
    QAction *cancelAction() const { return m_cancel; }
    QProgressBar *progressBar() const { return m_bar; }
    // Each source's requests and bytes, in words, beside the bar while a refresh runs.
    QLabel *progressDetail() const { return m_detail; }

private:
    QAction *m_refresh;
    QAction *m_cancel;
    QProgressBar *m_bar;
    QLabel *m_detail;
};

} // namespace stackatlas
