// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chartpane.h"

#include "models/domain/pricewarcharts.h"

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QHBoxLayout;
class QLabel;
class QMenu;
class QTreeWidget;

namespace stackatlas {

class ChartDataModel;
class ChartPanel;

// Does decentralized compute keep its price advantage? USD per GPU-hour by provider for one GPU
// (grouped by class, with class medians and min-max bands), the price advantage index under it,
// dated events on both, range presets, drag-zoom, a log axis and a provider list to toggle lines.
class PriceWarPane : public ChartPane
{
    Q_OBJECT

public:
    explicit PriceWarPane(DataStore &store, QWidget *parent = nullptr);

    QString paneId() const override { return QStringLiteral("price-war"); }
    QString title() const override { return tr("Price war"); }
    std::vector<ChartData> charts() const override;
    // Re-reads the GPUs on offer, then the charts of the chosen one.
    void reload() override;
    // Adds the range preset and the index sides to the remembered controls.
    QVariantMap choices() const override;
    void restoreChoices(const QVariantMap &choices) override;

    // Chooses the GPU by key; one not (yet) in the list is chosen when it appears.
    void setGpu(const QString &key);
    QString gpu() const { return QString::fromStdString(m_options.gpu); }
    // "30d", "90d", "1y", "all"
    void setPreset(const QString &preset);
    ChartPanel *pricePanel() const { return m_pricePanel; }
    ChartPanel *indexPanel() const { return m_indexPanel; }
    ChartDataModel *priceModel() const { return m_prices; }
    ChartDataModel *indexModel() const { return m_index; }

private:
    QHBoxLayout *makeControls();
    void editEvents();
    void fillSidesMenu();
    void reloadCharts();
    void showCharts(Result<PriceWarCharts> charts);
    // The dates the current preset shows of `prices`: its last 30 days, 90 days, year, or all.
    std::optional<std::pair<double, double>> presetWindow(const ChartData &prices) const;
    void fillProviderList();
    void applyLook();

    PriceWarOptions m_options;
    QString m_wantedGpu = QStringLiteral("h100-80gb");
    ChartDataModel *m_prices;
    ChartDataModel *m_index;
    ChartPanel *m_pricePanel;
    ChartPanel *m_indexPanel;
    QComboBox *m_gpu;
    QComboBox *m_rental;
    QCheckBox *m_log;
    QButtonGroup *m_presets;
    QTreeWidget *m_providers;
    QMenu *m_sidesMenu;
    QLabel *m_status;
    QString m_preset = QStringLiteral("all");
    bool m_syncingAxes = false; // one chart is following the other's x range
};

} // namespace stackatlas
