// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QVariantMap>
#include <QWidget>

class QLabel;

namespace stackatlas {

// A page the main window hosts: it names itself for the navigation list and brings its own
// widgets; the window knows nothing else about it.
//
// A pane reads nothing until it is first shown (or activated by the window just before): at start
// only the pane on screen costs queries, and a pane never opened costs none. From then on it keeps
// in step with the data store.
class Pane : public QWidget
{
    Q_OBJECT

public:
    explicit Pane(QWidget *parent = nullptr);
    ~Pane() override;

    // Starts reading what the pane shows; only the first call does anything. Showing the pane
    // calls it; the window calls it before it first appears, so its first frame is not empty.
    void activate();
    bool isActive() const { return m_active; }

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

signals:
    // The first activate(): the owner of shared models starts keeping this pane's in step.
    void activated();

protected:
    // The pane's first read, called once by activate(). Panes with data of their own start it here.
    virtual void load() {}
    // While a read the user waits for is under way. Before the pane's first data a "Loading…"
    // notice shows at once (the pane has nothing else to show); over data already shown, only if
    // the read lasts long enough to be seen (a short one would only flicker).
    void setBusy(bool busy);
    bool isBusy() const { return m_busy; }

    void showEvent(QShowEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void showBusyNotice();
    void placeBusyNotice();

    bool m_active = false;
    bool m_busy = false;
    bool m_hasShownData = false;
    QLabel *m_busyNotice = nullptr;
};

} // namespace stackatlas
