// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chartpane.h"

#include "models/domain/valuationcharts.h"

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QMenu;

namespace stackatlas {

class ChartDataModel;
class ChartPanel;

// Is the market paying for dilution? FDV next to market cap by layer, FDV/MC against volume/MC,
// and token performance indexed to a chosen date (the DeepSeek R1 release by default).
class ValuationPane : public ChartPane
{
    Q_OBJECT

public:
    explicit ValuationPane(DataStore &store, QWidget *parent = nullptr);

    QString paneId() const override { return QStringLiteral("valuation"); }
    QString title() const override { return tr("Valuation"); }
    std::vector<ChartData> charts() const override;
    void reload() override;
    ChartDataModel *performanceModel() const { return m_performance; }
    // "market_cap_usd" or "price_usd": what the indexed chart indexes (the Settings default).
    bool setMetric(const QString &metric);
    // Adds the base date and the protocols left out of the indexed chart.
    QVariantMap choices() const override;
    void restoreChoices(const QVariantMap &choices) override;

private:
    void applyProtocolChoice();

    PerformanceOptions m_options;
    ChartDataModel *m_fdv, *m_dilution, *m_performance;
    ChartPanel *m_fdvPanel, *m_dilutionPanel, *m_performancePanel;
    QDateEdit *m_base;
    QComboBox *m_metric;
    QCheckBox *m_log;
    QCheckBox *m_layers;
    QCheckBox *m_hideDerived;
    QMenu *m_protocolMenu;
    QLabel *m_status;
};

} // namespace stackatlas
