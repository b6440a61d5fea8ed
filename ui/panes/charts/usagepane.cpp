// SPDX-License-Identifier: GPL-3.0-or-later
#include "usagepane.h"

#include "models/item/chartdatamodel.h"
#include "models/item/chartloaders.h"
#include "models/store/datastore.h"
#include "ui/charts/chartpanel.h"

#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace stackatlas {

struct UsagePane::Contents
{
    UsageCharts charts;
    UsageClaim claim;
};

UsagePane::UsagePane(DataStore &store, QWidget *parent)
    : ChartPane(store, DataChange::Points | DataChange::Claims | DataChange::Taxonomy | DataChange::AsOf,
                parent)
{
    const auto spin = [this](const QString &name) {
        auto *s = new QDoubleSpinBox(this);
        // Until the split is read it is unknown, not 0 %: the value below the range says so.
        s->setRange(-1, 100);
        s->setSpecialValueText(tr("unknown"));
        s->setValue(-1);
        s->setDecimals(1);
        s->setSuffix(QStringLiteral(" %"));
        s->setAccessibleName(name);
        return s;
    };
    m_centralized = spin(tr("Centralized share"));
    m_decentralized = spin(tr("Decentralized share"));
    m_hybrid = spin(tr("Hybrid share"));
    m_note = new QLineEdit(this);
    m_note->setPlaceholderText(tr("where your figures come from"));
    m_note->setMinimumWidth(80);
    m_note->setAccessibleName(tr("Source of your split"));
    auto *save = new QPushButton(tr("&Use my split"), this);
    auto *reset = new QPushButton(tr("&Research's split"), this);
    auto *exportButton = new QPushButton(tr("E&xport…"), this);
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Split: centralized"), this));
    top->addWidget(m_centralized);
    top->addWidget(new QLabel(tr("decentralized"), this));
    top->addWidget(m_decentralized);
    top->addWidget(new QLabel(tr("hybrid"), this));
    top->addWidget(m_hybrid);
    top->addWidget(m_note, 1);
    top->addWidget(save);
    top->addWidget(reset);
    top->addWidget(exportButton);

    auto *gridHost = new QWidget;
    auto *grid = new QGridLayout(gridHost);
    grid->setContentsMargins(0, 0, 0, 0);
    for (std::size_t i = 0; i < m_models.size(); ++i) {
        m_models[i] = new ChartDataModel(this);
        m_panels[i] = new ChartPanel(m_models[i], gridHost);
        m_panels[i]->setMinimumSize(200, 180);
        grid->addWidget(m_panels[i], int(i / 3), int(i % 3));
    }
    m_panels[3]->setLook({false, true}); // sector totals span decades (set once: a look rebuilds the chart)
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(scrollable(gridHost, QSize(1000, 760)), 1);
    layout->addWidget(m_status);

    m_claimControls = {m_centralized, m_decentralized, m_hybrid, m_note, save, reset};
    for (QWidget *w : m_claimControls)
        w->setEnabled(false); // until the split is read
    if (m_store.isReadOnly()) {
        for (QWidget *w : m_claimControls)
            w->setToolTip(tr("A snapshot is read-only"));
    }
    connect(save, &QPushButton::clicked, this, [this] {
        const Status s =
            saveClaim(m_centralized->value(), m_decentralized->value(), m_hybrid->value(), m_note->text());
        if (!s.isOk())
            m_status->setText(QString::fromStdString(s.message()));
    });
    connect(reset, &QPushButton::clicked, this, &UsagePane::resetClaim);
    connect(exportButton, &QPushButton::clicked, this, &ChartPane::exportWithDialog);
}

std::vector<ChartData> UsagePane::charts() const
{
    std::vector<ChartData> out;
    for (const ChartDataModel *m : m_models)
        out.push_back(m->chart());
    return out;
}

void UsagePane::reload()
{
    if (!isActive())
        return;
    setBusy(true);
    m_store.read<Contents>(
        this, "charts",
        [asOf = m_store.asOf()](const Cache &cache) -> Result<Contents> {
            TimeRange range;
            range.asOf = asOf;
            auto charts = loadUsageCharts(cache, range);
            if (!charts.isOk())
                return charts.status();
            auto claim = currentUsageClaim(cache);
            if (!claim.isOk())
                return claim.status();
            return Contents{std::move(charts).value(), std::move(claim).value()};
        },
        [this](Result<Contents> contents) { showContents(std::move(contents)); });
}

void UsagePane::showContents(Result<Contents> contents)
{
    setBusy(false);
    if (!contents.isOk()) {
        m_status->setText(
            tr("Could not read usage data: %1").arg(QString::fromStdString(contents.status().message())));
        return;
    }
    UsageCharts &c = contents.value().charts;
    ChartData *list[] = {&c.claimedSplit, &c.marketCapByLayer, &c.feesByLayer,
                         &c.sectorTotals, &c.offerShare,       &c.computeShare};
    for (std::size_t i = 0; i < m_models.size(); ++i)
        m_models[i]->setChart(std::move(*list[i]));
    const UsageClaim &claim = contents.value().claim;
    for (QDoubleSpinBox *s : {m_centralized, m_decentralized, m_hybrid})
        s->setMinimum(0);
    for (QWidget *w : m_claimControls)
        w->setEnabled(!m_store.isReadOnly());
    m_centralized->setValue(claim.centralized);
    m_decentralized->setValue(claim.decentralized);
    m_hybrid->setValue(claim.hybrid);
    m_note->setText(claim.userDefined ? QString::fromStdString(claim.source) : QString());
}

QString UsagePane::statusText() const
{
    return m_status->text();
}

Status UsagePane::saveClaim(double centralized, double decentralized, double hybrid, const QString &note)
{
    UsageClaim claim{
        centralized,
        decentralized,
        hybrid,
        note.trimmed().isEmpty() ? std::string("the user's own estimate") : note.trimmed().toStdString(),
        "",
        true};
    if (Status s = validateUsageClaim(claim); !s.isOk())
        return s;
    // The store's change signal redraws this pane and anything else that shows the split.
    m_store.setUsageClaim(this, claim, [this](const Status &s) {
        m_status->setText(s.isOk() ? tr("Your split is kept in this cache.")
                                   : QString::fromStdString(s.message()));
    });
    return Status::ok();
}

void UsagePane::resetClaim()
{
    m_store.setUsageClaim(this, std::nullopt, [this](const Status &s) {
        m_status->setText(s.isOk() ? tr("Back to the research's split.")
                                   : QString::fromStdString(s.message()));
    });
}

} // namespace stackatlas
