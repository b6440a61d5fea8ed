// SPDX-License-Identifier: GPL-3.0-or-later
#include "comparedialog.h"

#include "models/item/snapshotcomparison.h"
#include "models/store/datastore.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace stackatlas {

namespace {
QString q(const std::string &s)
{
    return QString::fromStdString(s);
}
} // namespace

CompareDialog::CompareDialog(DataStore &store, const QString &snapshotPath, QWidget *parent)
    : QDialog(parent), m_store(store)
{
    setWindowTitle(tr("Compare: this window against %1").arg(QFileInfo(snapshotPath).fileName()));
    resize(900, 600);
    m_threshold = new QDoubleSpinBox(this);
    m_threshold->setRange(0, 1000);
    m_threshold->setValue(5);
    m_threshold->setSuffix(QStringLiteral(" %"));
    m_threshold->setAccessibleName(tr("Threshold"));
    m_text = new QPlainTextEdit(this);
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setAccessibleName(tr("Differences"));
    m_text->setPlainText(tr("Opening %1…").arg(snapshotPath));
    m_about = new QLabel(this);
    auto *form = new QFormLayout;
    form->addRow(tr("Report value changes of at least:"), m_threshold);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_about);
    layout->addWidget(m_text, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::accept);
    connect(m_threshold, &QDoubleSpinBox::valueChanged, this, &CompareDialog::recompute);

    using Opened = std::shared_ptr<SnapshotComparison>;
    m_store.read<Opened>(
        this, "open",
        [file = snapshotPath.toStdString()](const Cache &) { return SnapshotComparison::open(file); },
        [this](Result<Opened> opened) {
            if (!opened.isOk()) {
                m_text->setPlainText(q(opened.status().message()));
                m_threshold->setEnabled(false);
                return;
            }
            m_snapshot = opened.value();
            m_about->setText(tr("Before: what this window shows. After: %1 (%2).")
                                 .arg(q(m_snapshot->meta().title), q(m_snapshot->meta().createdAt)));
            recompute();
        });
}

CompareDialog::~CompareDialog()
{
    m_store.dispose(std::move(m_snapshot));
}

void CompareDialog::recompute()
{
    if (!m_snapshot)
        return;
    m_store.read<std::string>(
        this, "diff",
        [snapshot = m_snapshot, threshold = m_threshold->value()](const Cache &cache) {
            return snapshot->diffText(cache, threshold);
        },
        [this](Result<std::string> text) {
            m_text->setPlainText(text.isOk() ? q(text.value()) : q(text.status().message()));
        });
}

} // namespace stackatlas
