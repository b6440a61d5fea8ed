// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "pane.h"

#include <algorithm>

#include <QAction>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>

namespace stackatlas {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(tr("StackAtlas"));
    m_navigation = new QListWidget;
    m_navigation->setAccessibleName(tr("Panes"));
    m_navigation->setFixedWidth(fontMetrics().horizontalAdvance(QLatin1Char('M')) * 9);
    m_navigation->setSpacing(2);
    QFont navFont = m_navigation->font();
    navFont.setPointSizeF(navFont.pointSizeF() * 1.1);
    m_navigation->setFont(navFont);
    m_stack = new QStackedWidget;

    auto *central = new QWidget;
    auto *layout = new QHBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addWidget(m_navigation);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);

    m_toolBar = addToolBar(tr("Main"));
    m_toolBar->setObjectName(QStringLiteral("mainToolBar"));
    m_toolBar->setMovable(false);
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_fileMenu = menuBar()->addMenu(tr("&File"));
    m_quit = m_fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    m_quit->setShortcut(QKeySequence::Quit);
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About StackAtlas"), this, [this] {
        QMessageBox::about(
            this, tr("About StackAtlas"),
            tr("<b>StackAtlas %1</b><p>Analytics for the Web3 AI stack.</p>"
               "<p>Licensed under the GNU General Public License, version 3 or later.</p>"
               "<p>The sample data includes Coin Metrics community data, © Coin Metrics, used under "
               "CC BY-NC 4.0 (non-commercial use). Every figure names its source and capture in the "
               "app; see resources/defaultdata/README.md for all datasets and their terms.</p>")
                .arg(QCoreApplication::applicationVersion()));
    });

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
    item->setSizeHint(QSize(0, m_navigation->fontMetrics().height() * 2));
    // wide enough for the longest title
    m_navigation->setFixedWidth(
        std::max(m_navigation->width(), m_navigation->fontMetrics().horizontalAdvance(pane->title()) + 32));
    m_stack->addWidget(pane);
    if (m_navigation->currentRow() < 0)
        m_navigation->setCurrentRow(0);
}

void MainWindow::addMainAction(QAction *action)
{
    m_toolBar->addAction(action);
    m_fileMenu->insertAction(m_quit, action);
}

void MainWindow::addFileAction(QAction *action)
{
    m_fileMenu->insertAction(m_quit, action);
    m_fileMenu->insertSeparator(m_quit);
}

void MainWindow::addStatusWidget(QWidget *widget)
{
    statusBar()->addPermanentWidget(widget);
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
