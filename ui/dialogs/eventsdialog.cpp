// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dialogs/eventsdialog.h"

#include "models/store/datastore.h"

#include <QCheckBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace stackatlas {

namespace {
QString q(const std::string &s)
{
    return QString::fromStdString(s);
}
} // namespace

EventsDialog::EventsDialog(DataStore &store, QWidget *parent) : QDialog(parent), m_store(store)
{
    setWindowTitle(tr("Chart events"));
    resize(900, 500);
    m_table = new QTableWidget(this);
    m_table->setColumnCount(4);
    m_table->setHorizontalHeaderLabels({tr("Date"), tr("Event"), tr("Source"), tr("Whose")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_table->setAccessibleName(tr("Events"));
    auto *add = new QPushButton(tr("&Add…"), this);
    auto *editButton = new QPushButton(tr("&Edit…"), this);
    auto *remove = new QPushButton(tr("&Remove"), this);
    m_message = new QLabel(tr("The dataset's events are cited and read-only; yours can be edited."), this);
    m_message->setWordWrap(true);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(editButton);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_message);
    layout->addWidget(close);
    if (m_store.isReadOnly()) {
        for (QPushButton *b : {add, editButton, remove})
            b->setEnabled(false);
        m_message->setText(tr("A snapshot is read-only: its events are listed as they were saved."));
    }
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::accept);
    connect(add, &QPushButton::clicked, this, [this] { edit(nullptr); });
    connect(editButton, &QPushButton::clicked, this, [this] {
        if (const Event *e = selectedEvent(); e && e->userDefined)
            edit(e);
        else
            m_message->setText(tr("Select one of your own events to edit it."));
    });
    connect(remove, &QPushButton::clicked, this, &EventsDialog::removeSelected);
    connect(&m_store, &DataStore::changed, this, [this](const StoreChange &change) {
        if (change.touches(DataChange::Events))
            reload();
    });
    reload();
}

void EventsDialog::reload()
{
    m_store.readEvents(this, [this](Result<std::vector<Event>> events) { showEvents(events); });
}

void EventsDialog::showEvents(const Result<std::vector<Event>> &events)
{
    m_events = events.isOk() ? events.value() : std::vector<Event>{};
    if (!events.isOk())
        m_message->setText(q(events.status().message()));
    m_table->setRowCount(int(m_events.size()));
    for (int r = 0; r < int(m_events.size()); ++r) {
        const Event &e = m_events[std::size_t(r)];
        const QString date = e.end.empty() ? q(e.start) : q(e.start) + QStringLiteral(" – ") + q(e.end);
        const QStringList cells{date, q(e.title), q(e.source), e.userDefined ? tr("yours") : tr("dataset")};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            item->setToolTip(cells[c]);
            m_table->setItem(r, c, item);
        }
    }
}

const Event *EventsDialog::selectedEvent() const
{
    const int row = m_table->currentRow();
    return row >= 0 && row < int(m_events.size()) ? &m_events[std::size_t(row)] : nullptr;
}

void EventsDialog::edit(const Event *existing)
{
    // The list may be re-read while the form is open: keep the id, not the pointer.
    const std::optional<long long> id = existing ? std::optional<long long>(existing->id) : std::nullopt;
    QDialog form(this);
    form.setWindowTitle(existing ? tr("Edit your event") : tr("Add an event"));
    auto *start = new QDateEdit(&form);
    start->setCalendarPopup(true);
    start->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    auto *hasEnd = new QCheckBox(tr("Lasts until"), &form);
    auto *end = new QDateEdit(&form);
    end->setCalendarPopup(true);
    end->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    auto *title = new QLineEdit(&form);
    auto *source = new QLineEdit(&form);
    source->setPlaceholderText(tr("a link, an article, or \"my note\""));
    auto *error = new QLabel(&form);
    error->setWordWrap(true);
    const QDate today = QDate::currentDate();
    start->setDate(existing ? QDate::fromString(q(existing->start), Qt::ISODate) : today);
    end->setDate(existing && !existing->end.empty() ? QDate::fromString(q(existing->end), Qt::ISODate)
                                                    : today);
    hasEnd->setChecked(existing && !existing->end.empty());
    end->setEnabled(hasEnd->isChecked());
    connect(hasEnd, &QCheckBox::toggled, end, &QWidget::setEnabled);
    if (existing) {
        title->setText(q(existing->title));
        source->setText(q(existing->source));
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, &form);
    auto *layout = new QFormLayout(&form);
    layout->addRow(tr("Date (UTC):"), start);
    layout->addRow(hasEnd, end);
    layout->addRow(tr("Title:"), title);
    layout->addRow(tr("Source:"), source);
    layout->addRow(error);
    layout->addRow(buttons);
    connect(buttons, &QDialogButtonBox::rejected, &form, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, &form, [&] {
        Event e;
        e.start = start->date().toString(Qt::ISODate).toStdString();
        e.end = hasEnd->isChecked() ? end->date().toString(Qt::ISODate).toStdString() : std::string();
        e.title = title->text().trimmed().toStdString();
        e.source = source->text().trimmed().toStdString();
        e.kind = "user";
        buttons->setEnabled(false);
        const auto saved = [&form, error, buttons](const Status &s) {
            buttons->setEnabled(true);
            if (!s.isOk()) {
                error->setText(q(s.message())); // the form stays open with what was typed
                return;
            }
            form.accept();
        };
        if (id)
            m_store.updateUserEvent(&form, *id, e, saved);
        else
            m_store.addUserEvent(&form, e, saved);
    });
    form.exec(); // the store's change signal re-reads the list
}

void EventsDialog::removeSelected()
{
    const Event *e = selectedEvent();
    if (!e || !e->userDefined) {
        m_message->setText(tr("Select one of your own events to remove it; the dataset's stay."));
        return;
    }
    const long long id = e->id;
    const QString title = q(e->title);
    m_store.removeUserEvent(this, id, [this, title](const Status &s) {
        m_message->setText(s.isOk() ? tr("Removed \"%1\".").arg(title) : q(s.message()));
    });
}

} // namespace stackatlas
