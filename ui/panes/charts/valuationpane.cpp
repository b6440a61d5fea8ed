// SPDX-License-Identifier: GPL-3.0-or-later
#include "valuationpane.h"

#include "models/item/chartdatamodel.h"
#include "models/item/chartloaders.h"
#include "models/store/datastore.h"
#include "ui/charts/chartpanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSplitter>
#include <QTimeZone>
#include <QToolButton>
#include <QVBoxLayout>

namespace stackatlas {

ValuationPane::ValuationPane(DataStore &store, QWidget *parent)
    : ChartPane(store, DataChange::Points | DataChange::Events | DataChange::Taxonomy | DataChange::AsOf,
                parent),
      m_fdv(new ChartDataModel(this)), m_dilution(new ChartDataModel(this)),
      m_performance(new ChartDataModel(this))
{
    m_base = new QDateEdit(QDate(2025, 1, 20), this);
    m_base->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_base->setCalendarPopup(true);
    m_base->setAccessibleName(tr("Base date"));
    m_metric = new QComboBox(this);
    m_metric->addItem(tr("Market cap"), QStringLiteral("market_cap_usd"));
    m_metric->addItem(tr("Token price"), QStringLiteral("price_usd"));
    m_metric->setAccessibleName(tr("Indexed measure"));
    // Which protocols the indexed chart draws (all by default).
    auto *protocols = new QToolButton(this);
    protocols->setText(tr("Protocols"));
    protocols->setPopupMode(QToolButton::InstantPopup);
    protocols->setAccessibleName(tr("Protocols to index"));
    m_protocolMenu = new QMenu(protocols);
    protocols->setMenu(m_protocolMenu);
    for (const Entity *e : m_store.taxonomy().protocols()) {
        QAction *a = m_protocolMenu->addAction(QString::fromStdString(e->name));
        a->setCheckable(true);
        a->setChecked(true);
        a->setData(QString::fromStdString(e->id));
    }
    connect(m_protocolMenu, &QMenu::triggered, this, [this] {
        applyProtocolChoice();
        reload();
    });
    m_layers = new QCheckBox(tr("Layer &averages"), this);
    m_layers->setChecked(true);
    m_layers->setObjectName(QStringLiteral("layerAverages"));
    // Derived market caps (price x a dated supply) are marked; a researcher may want observed only.
    m_hideDerived = new QCheckBox(tr("&Observed only"), this);
    m_hideDerived->setObjectName(QStringLiteral("hideDerived"));
    m_hideDerived->setToolTip(tr("Leave out market caps derived as price x a dated circulating supply "
                                 "(marked \u2020); show only figures a source published"));
    // Short labels: the row must fit a 1024 px window with the derived switch beside them.
    m_log = new QCheckBox(tr("&Log scale"), this);
    m_log->setToolTip(tr("A log axis for the FDV and market cap charts"));
    m_log->setChecked(true);
    m_log->setObjectName(QStringLiteral("logScale"));
    auto *exportButton = new QPushButton(tr("E&xport…"), this);
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Index to 100 on:"), this));
    top->addWidget(m_base);
    top->addWidget(m_metric);
    top->addWidget(protocols);
    top->addWidget(m_layers);
    top->addWidget(m_hideDerived);
    top->addSpacing(12);
    top->addWidget(m_log);
    top->addWidget(exportButton);
    top->addStretch(1);

    m_fdvPanel = new ChartPanel(m_fdv, this);
    m_dilutionPanel = new ChartPanel(m_dilution, this);
    m_performancePanel = new ChartPanel(m_performance, this);
    // The bars get the full height: one row per protocol needs it.
    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(m_dilutionPanel);
    right->addWidget(m_performancePanel);
    auto *body = new QSplitter(Qt::Horizontal, this);
    body->addWidget(m_fdvPanel);
    body->addWidget(right);
    body->setStretchFactor(0, 2);
    body->setStretchFactor(1, 3);
    // Two fifths for the bars from the start (size hints alone gave them a quarter, eliding the title).
    body->setSizes({400, 600});
    m_status = new QLabel(this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(scrollable(body, QSize(1000, 760)), 1);
    layout->addWidget(m_status);

    m_fdvPanel->setLook({false, true});
    connect(m_log, &QCheckBox::toggled, this, [this](bool on) { m_fdvPanel->setLook({false, on}); });
    connect(m_base, &QDateEdit::dateChanged, this, &ValuationPane::reload);
    connect(m_metric, &QComboBox::currentIndexChanged, this, &ValuationPane::reload);
    connect(m_layers, &QCheckBox::toggled, this, &ValuationPane::reload);
    connect(m_hideDerived, &QCheckBox::toggled, this, &ValuationPane::reload);
    connect(exportButton, &QPushButton::clicked, this, &ChartPane::exportWithDialog);
}

std::vector<ChartData> ValuationPane::charts() const
{
    return {m_fdv->chart(), m_dilution->chart(), m_performance->chart()};
}

void ValuationPane::applyProtocolChoice()
{
    std::vector<std::string> chosen;
    bool all = true;
    for (QAction *a : m_protocolMenu->actions()) {
        if (a->isChecked())
            chosen.push_back(a->data().toString().toStdString());
        else
            all = false;
    }
    m_options.protocols = all ? std::vector<std::string>{} : chosen;
    if (!all && chosen.empty())
        m_options.protocols = {"(none)"}; // an empty choice draws nothing, not everything
}

bool ValuationPane::setMetric(const QString &metric)
{
    const int i = m_metric->findData(metric);
    if (i >= 0)
        m_metric->setCurrentIndex(i);
    return i >= 0;
}

QVariantMap ValuationPane::choices() const
{
    QVariantMap out = ChartPane::choices();
    out.insert(QStringLiteral("baseDate"), m_base->date().toString(Qt::ISODate));
    // The ones left out, so that a protocol new to the taxonomy shows up.
    QStringList excluded;
    for (const QAction *a : m_protocolMenu->actions())
        if (!a->isChecked())
            excluded << a->data().toString();
    out.insert(QStringLiteral("excludedProtocols"), excluded);
    return out;
}

void ValuationPane::restoreChoices(const QVariantMap &choices)
{
    {
        const QSignalBlocker log(m_log), layers(m_layers), derived(m_hideDerived), dates(m_base);
        ChartPane::restoreChoices(choices);
        const QDate base =
            QDate::fromString(choices.value(QStringLiteral("baseDate")).toString(), Qt::ISODate);
        if (base.isValid() && base >= m_base->minimumDate() && base <= m_base->maximumDate())
            m_base->setDate(base);
    }
    const QStringList excluded = choices.value(QStringLiteral("excludedProtocols")).toStringList();
    for (QAction *a : m_protocolMenu->actions())
        a->setChecked(!excluded.contains(a->data().toString()));
    applyProtocolChoice();
    m_fdvPanel->setLook({false, m_log->isChecked()});
    reload();
}

void ValuationPane::reload()
{
    if (!isActive())
        return;
    setBusy(true);
    m_options.base = m_base->date().startOfDay(QTimeZone::utc()).toSecsSinceEpoch();
    m_options.metric = m_metric->currentData().toString().toStdString();
    m_options.layerAverages = m_layers->isChecked();
    m_options.hideDerived = m_hideDerived->isChecked();
    m_store.read<ValuationCharts>(
        this, "charts",
        [options = m_options, asOf = m_store.asOf()](const Cache &cache) {
            TimeRange range;
            range.asOf = asOf;
            return loadValuationCharts(cache, options, range);
        },
        [this](Result<ValuationCharts> charts) {
            setBusy(false);
            if (!charts.isOk()) {
                m_status->setText(tr("Could not read valuations: %1")
                                      .arg(QString::fromStdString(charts.status().message())));
                return;
            }
            m_fdv->setChart(std::move(charts.value().fdvVsMarketCap));
            m_dilution->setChart(std::move(charts.value().dilution));
            m_performance->setChart(std::move(charts.value().performance));
            m_status->clear();
        });
}

} // namespace stackatlas
