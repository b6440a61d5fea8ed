// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "pane.h"

#include "datasources/logging.h"

#include <algorithm>

#include <QAction>
#include <QCloseEvent>
#include <QCoreApplication>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>

namespace stackatlas {

namespace {

// The default data's Coin Metrics datasets forbid commercial use; a build may leave them out.
QString nonCommercialShipped()
{
    return STACKATLAS_WITH_NONCOMMERCIAL_DATA
               ? QObject::tr("Coin Metrics community data (&copy; Coin Metrics, CC BY-NC 4.0, non-commercial "
                             "use), ")
               : QString();
}

QString nonCommercialLeftOut()
{
    return STACKATLAS_WITH_NONCOMMERCIAL_DATA
               ? QString()
               : QObject::tr(
                     " This build leaves out Coin Metrics' community data (CC BY-NC 4.0, which forbids "
                     "commercial use): its daily market caps and volumes (2024-11..2025-11) are not "
                     "in it.");
}

} // namespace

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
    auto *outer = new QVBoxLayout(central);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(0);
    m_banner = new QLabel;
    m_banner->setVisible(false);
    m_banner->setAlignment(Qt::AlignCenter);
    m_banner->setContentsMargins(8, 5, 8, 5);
    m_banner->setStyleSheet(QStringLiteral("background: #fef7e0; color: #3c4043; font-weight: bold;"));
    m_banner->setAccessibleName(tr("Snapshot banner"));
    outer->addWidget(m_banner);
    auto *row = new QHBoxLayout;
    row->setContentsMargins(6, 6, 6, 0);
    row->addWidget(m_navigation);
    row->addWidget(m_stack, 1);
    outer->addLayout(row, 1);
    setCentralWidget(central);
    // Drops are taken on the central widget: QMainWindow keeps drag events for its tool bars.
    central->setAcceptDrops(true);
    central->installEventFilter(this);

    m_toolBar = addToolBar(tr("Main"));
    m_toolBar->setObjectName(QStringLiteral("mainToolBar"));
    m_toolBar->setMovable(false);
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_fileMenu = menuBar()->addMenu(tr("&File"));
    m_quit = m_fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    // Some platform themes (offscreen, minimal) bind no standard Quit key: Ctrl+Q everywhere.
    m_quit->setShortcut(
        QKeySequence::keyBindings(QKeySequence::Quit).value(0, QKeySequence(QStringLiteral("Ctrl+Q"))));
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard Shortcuts"), QKeySequence(QStringLiteral("Ctrl+/")), this,
                    &MainWindow::showShortcuts);
    help->addAction(tr("&About StackAtlas"), this, [this] {
        QMessageBox::about(
            this, tr("About StackAtlas"),
            tr("<b>StackAtlas %1</b><p>Analytics for the Web3 AI stack, offline-first.</p>"
               "<p>Licensed under the GNU General Public License, version 3 or later. Built with Qt "
               "(including Qt Charts, GPL), libcurl, RapidJSON, SQLite and igraph.</p>"
               "<p><b>Live data sources</b> (fetched only when you press Refresh):</p><ul>"
               "<li>CoinGecko API: prices, market cap, FDV, volume, categories. Data provided by "
               "CoinGecko (coingecko.com); its API terms ask for this attribution.</li>"
               "<li>DefiLlama API: protocol fees and revenue (defillama.com, open data).</li>"
               "<li>Akash Network console API: GPU prices and network usage (akash.network).</li>"
               "<li>Vast.ai public offers API: GPU rental offers (vast.ai).</li></ul>"
               "<p><b>Sample data shipped with the app</b>, each figure naming its source file: "
               "cherielilili/gpu-pricing-tracker (getdeploying.com captures), "
               "henryzhangpku/gpu-price-index (GIX), amorton45/aws-gpu-price-tracker (AWS Price List "
               "API), %2CoinMarketCap snapshots (smoothbrainquant/trading-for-new-dads), 1kx DePIN "
               "tokenomics (1kx-network/depin_tokenomics), CoinGecko captures "
               "(RozanovIgor/monkey, michaltakac/cryptoeconomy-for-ai-agents, "
               "genfuture/cryptocurrency-scraper) and a Vast.ai capture (Jajajou/UIT_DOCS_AGENT). "
               "Research claims cite Kevin (BlockBooster), republished by Foresight News, 2025. "
               "resources/defaultdata/README.md lists every file with its terms.%3</p>")
                .arg(QCoreApplication::applicationVersion(), nonCommercialShipped(), nonCommercialLeftOut()));
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
    // Ctrl+1 … Ctrl+9: every pane one keystroke away, listed under Help > Keyboard Shortcuts.
    const int number = m_stack->count();
    if (number <= 9) {
        auto *go = new QAction(tr("Show %1").arg(pane->title()), this);
        go->setShortcut(QKeySequence(QStringLiteral("Ctrl+%1").arg(number)));
        const QString id = pane->paneId();
        connect(go, &QAction::triggered, this, [this, id] { showPane(id); });
        addAction(go);
        m_paneActions.append(go);
    }
}

QList<Pane *> MainWindow::panes() const
{
    QList<Pane *> out;
    for (int i = 0; i < m_stack->count(); ++i)
        if (auto *pane = qobject_cast<Pane *>(m_stack->widget(i)))
            out << pane;
    return out;
}

QList<QAction *> MainWindow::shortcutActions() const
{
    QList<QAction *> out;
    for (QAction *a : m_fileMenu->actions())
        if (!a->isSeparator() && !a->shortcut().isEmpty())
            out << a;
    return out + m_paneActions;
}

void MainWindow::showShortcuts()
{
    QString rows;
    for (QAction *a : shortcutActions())
        rows += QStringLiteral("<tr><td>%1</td><td>&nbsp;&nbsp;<b>%2</b></td></tr>")
                    .arg(a->text().remove(QLatin1Char('&')).toHtmlEscaped(),
                         a->shortcut().toString(QKeySequence::NativeText).toHtmlEscaped());
    // Keys a pane handles itself, in its own view (not actions of the window).
    const std::pair<QString, QString> paneKeys[] = {
        {tr("Layer map: zoom out of a category"), tr("Esc, Backspace")},
        {tr("Dependencies: fit the graph"), QStringLiteral("F")},
        {tr("Dependencies: zoom in, out"), QStringLiteral("+, -")},
        {tr("Dependencies: clear the selection"), tr("Esc")},
        {tr("Dependencies: undo, redo an edge edit"),
         QKeySequence(QKeySequence::Undo).toString(QKeySequence::NativeText) + QStringLiteral(", ") +
             QKeySequence(QKeySequence::Redo).toString(QKeySequence::NativeText)},
        {tr("Charts: zoom the time axis"), tr("drag across the chart")},
        {tr("Charts: zoom out"), tr("right click")},
    };
    rows += QStringLiteral("<tr><td colspan=2><br><b>%1</b></td></tr>").arg(tr("Inside panes"));
    for (const auto &[what, keys] : paneKeys)
        rows += QStringLiteral("<tr><td>%1</td><td>&nbsp;&nbsp;<b>%2</b></td></tr>")
                    .arg(what.toHtmlEscaped(), keys.toHtmlEscaped());
    QMessageBox box(this);
    box.setWindowTitle(tr("Keyboard Shortcuts"));
    box.setTextFormat(Qt::RichText);
    box.setText(QStringLiteral("<table>%1</table>").arg(rows));
    box.exec();
}

void MainWindow::addMainAction(QAction *action)
{
    m_toolBar->addAction(action);
    m_fileMenu->insertAction(m_quit, action);
}

void MainWindow::addToolRowWidget(QWidget *widget)
{
    addToolBarBreak();
    QToolBar *row =
        addToolBar(widget->accessibleName().isEmpty() ? widget->objectName() : widget->accessibleName());
    row->setObjectName(widget->objectName() + QStringLiteral("Bar"));
    row->setMovable(false);
    row->addWidget(widget);
}

void MainWindow::addFileAction(QAction *action)
{
    if (!m_quitSeparator)
        m_quitSeparator = m_fileMenu->insertSeparator(m_quit);
    m_fileMenu->insertAction(m_quitSeparator, action);
}

void MainWindow::addFileMenu(QMenu *menu)
{
    if (!m_quitSeparator)
        m_quitSeparator = m_fileMenu->insertSeparator(m_quit);
    m_fileMenu->insertMenu(m_quitSeparator, menu);
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

void MainWindow::setBanner(const QString &text)
{
    m_banner->setText(text);
    m_banner->setVisible(!text.isEmpty());
}

QString MainWindow::bannerText() const
{
    return m_banner->text();
}

void MainWindow::setDropHandler(std::function<void(const QString &)> handler)
{
    m_dropHandler = std::move(handler);
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == centralWidget() && m_dropHandler) {
        if (event->type() == QEvent::DragEnter) {
            auto *e = static_cast<QDragEnterEvent *>(event);
            if (e->mimeData()->hasUrls()) {
                e->acceptProposedAction();
                return true;
            }
        } else if (event->type() == QEvent::Drop) {
            auto *e = static_cast<QDropEvent *>(event);
            for (const QUrl &url : e->mimeData()->urls())
                if (url.isLocalFile())
                    m_dropHandler(url.toLocalFile());
            e->acceptProposedAction();
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::restoreState(const QSettings &settings, bool geometry, bool pane, bool choices)
{
    if (geometry)
        restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    if (pane)
        showPane(settings.value(QStringLiteral("window/pane")).toString());
    if (choices)
        for (Pane *p : panes())
            p->restoreChoices(settings.value(QStringLiteral("panes/") + p->paneId()).toMap());
}

void MainWindow::saveState(QSettings &settings) const
{
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    if (currentPane())
        settings.setValue(QStringLiteral("window/pane"), currentPane()->paneId());
    for (const Pane *p : panes())
        settings.setValue(QStringLiteral("panes/") + p->paneId(), p->choices());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_keepsState) {
        QSettings settings(QStringLiteral("stackatlas"), QStringLiteral("stackatlas"));
        saveState(settings);
        settings.sync();
        if (settings.status() != QSettings::NoError) // the window is going: the log is what is left
            qCWarning(lcUi, "could not save the window's state to %s", qPrintable(settings.fileName()));
    }
    QMainWindow::closeEvent(event);
}

} // namespace stackatlas
