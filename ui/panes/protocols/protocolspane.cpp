// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocolspane.h"

#include "models/domain/taxonomy.h"
#include "models/item/protocolsmodel.h"
#include "models/item/protocolsproxymodel.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

namespace stackatlas {

ProtocolsPane::ProtocolsPane(ProtocolsModel *model, const Taxonomy &taxonomy, QWidget *parent)
    : Pane(parent), m_model(model), m_proxy(new ProtocolsProxyModel(this)), m_search(new QLineEdit),
      m_layer(new QComboBox), m_count(new QLabel), m_notice(new QLabel), m_view(new QTableView)
{
    m_proxy->setSourceModel(model);

    m_search->setPlaceholderText(tr("Filter by name, token, category or class"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Filter protocols"));

    m_layer->setAccessibleName(tr("Layer"));
    m_layer->setObjectName(QStringLiteral("layer"));
    m_layer->addItem(tr("All layers"), ProtocolsProxyModel::allLayers());
    // The stack reads top down, as in the research: application first.
    for (auto it = taxonomy.layers.rbegin(); it != taxonomy.layers.rend(); ++it)
        m_layer->addItem(QString::fromStdString(it->name), QString::fromStdString(it->id));
    m_layer->addItem(tr("Compute providers (outside the stack)"), ProtocolsProxyModel::outsideTheStack());

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_search, 1);
    filters->addWidget(m_layer);
    filters->addWidget(m_count);

    m_view->setModel(m_proxy);
    // Sort before enabling sorting, or the view first sorts by its default (name, descending).
    m_view->sortByColumn(ProtocolsModel::LayerColumn, Qt::AscendingOrder);
    m_view->setSortingEnabled(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->resizeColumnsToContents();
    m_view->setAccessibleName(tr("Protocols and providers"));

    m_view->viewport()->installEventFilter(this);

    m_count->setObjectName(QStringLiteral("rowCount"));
    m_notice->setObjectName(QStringLiteral("notice"));
    m_notice->setWordWrap(true);
    m_notice->setVisible(false);
    m_notice->setAccessibleName(tr("Data notice"));
    m_notice->setStyleSheet(QStringLiteral("QLabel { background: palette(alternate-base); padding: 4px; }"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_notice);
    layout->addLayout(filters);
    layout->addWidget(m_view, 1);

    connect(m_search, &QLineEdit::textChanged, m_proxy, &ProtocolsProxyModel::setTextFilter);
    connect(m_layer, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setLayerFilter(m_layer->currentData().toString()); });
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &ProtocolsPane::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &ProtocolsPane::updateCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &ProtocolsPane::updateCount);
    // Values arrive after construction (refresh, import): fit the columns to them once they do.
    connect(m_model, &QAbstractItemModel::dataChanged, this, &ProtocolsPane::fitColumns);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ProtocolsPane::fitColumns);
    updateCount();
}

void ProtocolsPane::fitColumns()
{
    m_view->resizeColumnsToContents();
    // Spare width goes to the name column rather than to the last one, so figures stay next to
    // the names they belong to on wide screens.
    QHeaderView *header = m_view->horizontalHeader();
    const int slack = m_view->viewport()->width() - header->length();
    if (slack > 0) {
        header->resizeSection(ProtocolsModel::NameColumn,
                              header->sectionSize(ProtocolsModel::NameColumn) + slack);
        return;
    }
    // Too narrow: the text columns give way (their cells elide, tooltips keep the full text) so
    // the figures stay in view.
    int overflow = -slack;
    const int floor = m_view->fontMetrics().horizontalAdvance(QStringLiteral("Development")) + 8;
    for (const int column :
         {ProtocolsModel::NameColumn, ProtocolsModel::CategoryColumn, ProtocolsModel::ClassColumn}) {
        const int give = std::min(overflow, std::max(0, header->sectionSize(column) - floor));
        header->resizeSection(column, header->sectionSize(column) - give);
        overflow -= give;
    }
}

bool ProtocolsPane::eventFilter(QObject *watched, QEvent *event)
{
    // The viewport's own resize, not the pane's: only then is its new width known.
    if (watched == m_view->viewport() && event->type() == QEvent::Resize)
        fitColumns();
    return Pane::eventFilter(watched, event);
}

void ProtocolsPane::setNotice(const QString &text)
{
    m_notice->setText(text);
    m_notice->setVisible(!text.isEmpty());
}

void ProtocolsPane::updateCount()
{
    m_count->setText(tr("%1 of %2").arg(m_proxy->rowCount()).arg(m_model->rowCount()));
}

QVariantMap ProtocolsPane::choices() const
{
    QVariantMap out = Pane::choices();
    out.insert(QStringLiteral("header"), m_view->horizontalHeader()->saveState());
    return out;
}

void ProtocolsPane::restoreChoices(const QVariantMap &choices)
{
    Pane::restoreChoices(choices);
    // QHeaderView refuses a state saved for another column count (a column added in an update).
    const QByteArray header = choices.value(QStringLiteral("header")).toByteArray();
    if (!header.isEmpty())
        m_view->horizontalHeader()->restoreState(header);
}

} // namespace stackatlas
