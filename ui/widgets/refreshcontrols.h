// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLabel>
#include <QObject>
#include <QPointer>
#include <QProgressBar>

class QAction;

namespace stackatlas {

class RefreshController;

// The Refresh (F5) and Cancel (Esc) actions and the progress bar that follow a RefreshController.
// The main window places them; this object only keeps them in step. The bar and its label are
// this object's until a window takes them (a status bar reparents them), and deleted with it if
// none did.
class RefreshControls : public QObject
{
    Q_OBJECT

public:
    explicit RefreshControls(RefreshController *controller, QObject *parent = nullptr);
    ~RefreshControls() override;

    QAction *refreshAction() const { return m_refresh; }
    QAction *cancelAction() const { return m_cancel; }
    QProgressBar *progressBar() const { return m_bar.data(); }
    // Each source's requests and bytes, in words, beside the bar while a refresh runs.
    QLabel *progressDetail() const { return m_detail.data(); }

private:
    QAction *m_refresh;
    QAction *m_cancel;
    QPointer<QProgressBar> m_bar;
    QPointer<QLabel> m_detail;
};

} // namespace stackatlas
