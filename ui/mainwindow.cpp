// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "pane.h"

#include <QLabel>
#include <QListWidget>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>

namespace stackatlas {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(tr("StackAtlas"));
    m_navigation = new QListWidget;
    m_navigation->setAccessibleName(tr("Panes"));
    m_navigation->setFrameShape(QFrame::NoFrame);
    m_navigation->setMaximumWidth(200);
    m_navigation->setMinimumWidth(140);
    m_stack = new QStackedWidget;

    auto *splitter = new QSplitter;
    splitter->addWidget(m_navigation);
    splitter->addWidget(m_stack);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    setCentralWidget(splitter);

    m_cacheLabel = new QLabel;
    m_cacheLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_freshnessLabel = new QLabel;
    statusBar()->addWidget(m_cacheLabel, 1);
    statusBar()->addPermanentWidget(m_freshnessLabel);

    connect(m_navigation, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);
}

void MainWindow::addPane(Pane *pane)
{
    auto *item = new QListWidgetItem(pane->title(), m_navigation);
    item->setData(Qt::UserRole, pane->paneId());
    m_stack->addWidget(pane);
    if (m_navigation->currentRow() < 0)
        m_navigation->setCurrentRow(0);
}

bool MainWindow::showPane(const QString &paneId)
{
    for (int i = 0; i < m_navigation->count(); ++i) {
        if (m_navigation->item(i)->data(Qt::UserRole).toString() == paneId) {
            m_navigation->setCurrentRow(i);
            return true;
        }
    }
    return false;
}

Pane *MainWindow::currentPane() const
{
    return qobject_cast<Pane *>(m_stack->currentWidget());
}

void MainWindow::setCacheStatus(const QString &cacheText, const QString &freshnessText)
{
    m_cacheLabel->setText(cacheText);
    m_freshnessLabel->setText(freshnessText);
}

} // namespace stackatlas
