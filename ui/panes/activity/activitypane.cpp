// SPDX-License-Identifier: GPL-3.0-or-later
#include "activitypane.h"

#include "models/item/activitymodel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace stackatlas {

namespace {

// Text in any column, and a status class: problems are failed, partial, warning and error.
class ActivityFilter : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    QString text, status;

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        const auto cell = [&](int column) {
            return sourceModel()->index(row, column, parent).data().toString();
        };
        const QString st = cell(ActivityModel::StatusColumn);
        if (status == QLatin1String("problems") &&
            !QStringList{QStringLiteral("failed"), QStringLiteral("partial"), QStringLiteral("warning"),
                         QStringLiteral("error")}
                 .contains(st))
            return false;
        if (!status.isEmpty() && status != QLatin1String("problems") && st != status)
            return false;
        if (text.isEmpty())
            return true;
        for (int c = 0; c < ActivityModel::ColumnCount; ++c)
            if (cell(c).contains(text, Qt::CaseInsensitive))
                return true;
        return false;
    }
};

} // namespace

ActivityPane::ActivityPane(ActivityModel *model, QWidget *parent)
    : Pane(parent), m_proxy(new ActivityFilter(this)), m_view(new QTableView(this))
{
    m_proxy->setSourceModel(model);
    m_view->setModel(m_proxy);
    m_view->setAccessibleName(tr("Activity"));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setWordWrap(false);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->verticalHeader()->hide();
    m_text = new QLineEdit(this);
    m_text->setPlaceholderText(tr("Filter by source, status or detail…"));
    m_text->setAccessibleName(tr("Activity filter"));
    m_status = new QComboBox(this);
    m_status->addItem(tr("All"), QString());
    m_status->addItem(tr("Problems only"), QStringLiteral("problems"));
    for (const char *s : {"ok", "partial", "failed", "cancelled", "warning", "error"})
        m_status->addItem(QString::fromLatin1(s), QString::fromLatin1(s));
    m_status->setAccessibleName(tr("Status filter"));
    m_status->setObjectName(QStringLiteral("status"));
    auto *top = new QHBoxLayout;
    top->addWidget(m_text, 1);
    top->addWidget(new QLabel(tr("Status:"), this));
    top->addWidget(m_status);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
    connect(m_text, &QLineEdit::textChanged, this, &ActivityPane::applyFilter);
    connect(m_status, &QComboBox::currentIndexChanged, this, &ActivityPane::applyFilter);
    connect(model, &QAbstractItemModel::modelReset, this, [this] { m_view->resizeColumnsToContents(); });
    m_view->resizeColumnsToContents();
}

void ActivityPane::setFilter(const QString &text, const QString &status)
{
    m_text->setText(text);
    const int i = m_status->findData(status);
    m_status->setCurrentIndex(i < 0 ? 0 : i);
    applyFilter();
}

void ActivityPane::applyFilter()
{
    auto *f = static_cast<ActivityFilter *>(m_proxy);
    f->text = m_text->text().trimmed();
    f->status = m_status->currentData().toString();
    f->invalidate();
}

} // namespace stackatlas
