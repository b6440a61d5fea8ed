// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>

#include <functional>

class QAction;
class QLabel;
class QMenu;
class QToolBar;
class QListWidget;
class QSettings;
class QStackedWidget;

namespace stackatlas {

class Pane;

// Hosts panes: a navigation list on the left, the current pane on the right, and a status bar
// naming the open cache and how current its data is. Owns the panes it is given.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);

    void addPane(Pane *pane);
    // A main action (Refresh, Cancel): on the toolbar and in the File menu.
    void addMainAction(QAction *action);
    // A control on a toolbar row of its own under the main one (the as-of date).
    void addToolRowWidget(QWidget *widget);
    // An entry in the File menu only (Export…).
    void addFileAction(QAction *action);
    void addFileMenu(QMenu *menu);
    // A widget on the right of the status bar (a progress bar).
    void addStatusWidget(QWidget *widget);
    bool showPane(const QString &paneId);
    // Every action with a shortcut (File menu, main actions, Ctrl+N for the panes), as Help >
    // Keyboard Shortcuts lists them.
    QList<QAction *> shortcutActions() const;
    void showShortcuts();
    Pane *currentPane() const;
    QList<Pane *> panes() const;
    // "Cache: PATH" on the left, "Newest data as of ..." on the right.
    void setCacheStatus(const QString &cacheText, const QString &freshnessText);
    // A line above the panes, e.g. "Snapshot «Week 48» of 2026-11-29 — read-only"; empty hides it.
    void setBanner(const QString &text);
    QString bannerText() const;
    // Files dropped on the window (snapshots to open).
    void setDropHandler(std::function<void(const QString &)> handler);

    // The window's own state: its geometry, the pane on show and each pane's choices (never data,
    // never keys). Restored selectively (a command line's --size or --pane wins); saved on close when
    // keepsState is on (the live cache's window, not a snapshot's or a screenshot's).
    void restoreState(const QSettings &settings, bool geometry, bool pane, bool choices);
    void saveState(QSettings &settings) const;
    void setKeepsState(bool keeps) { m_keepsState = keeps; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    QListWidget *m_navigation = nullptr;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_cacheLabel = nullptr;
    QLabel *m_freshnessLabel = nullptr;
    QToolBar *m_toolBar = nullptr;
    QMenu *m_fileMenu = nullptr;
    QAction *m_quit = nullptr;
    QAction *m_quitSeparator = nullptr;
    QLabel *m_banner = nullptr;
    QList<QAction *> m_paneActions;
    std::function<void(const QString &)> m_dropHandler;
    bool m_keepsState = false;
};

} // namespace stackatlas
