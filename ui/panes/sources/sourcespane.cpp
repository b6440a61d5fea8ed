// SPDX-License-Identifier: GPL-3.0-or-later
#include "sourcespane.h"

#include "models/item/sourcesmodel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace stackatlas {

SourcesPane::SourcesPane(SourcesModel *model, QWidget *parent) : Pane(parent), m_view(new QTableView)
{
    m_view->setModel(model);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // The team store's words are the longest and the least needed at a glance: they take what is
    // left, and the state keeps its whole text.
    m_view->horizontalHeader()->setSectionResizeMode(SourcesModel::TeamColumn, QHeaderView::Stretch);
    m_view->setAccessibleName(tr("Data sources"));
    auto *hint =
        new QLabel(tr("Refresh (F5) fetches every source (or, when Settings names a team database, pulls "
                      "from it); a source that fails keeps its earlier data. API keys are read from the "
                      "environment (see stackatlas fetch --help). The Team store column says which points "
                      "came from the team database, and when."));
    hint->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(hint);
    layout->addWidget(m_view, 1);
}

} // namespace stackatlas
