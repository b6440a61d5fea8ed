// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chartpane.h"

#include <array>

class QDoubleSpinBox;
class QLabel;
class QLineEdit;

namespace stackatlas {

class ChartDataModel;
class ChartPanel;

// Where does Web3 AI usage run? The research's 70/15/15 split (editable as the user's own claim,
// kept in the cache) beside what the cache measures: market cap and fees by layer, sector totals,
// GPU offers by provider class, and the claimed compute market shares.
class UsagePane : public ChartPane
{
    Q_OBJECT

public:
    explicit UsagePane(DataStore &store, QWidget *parent = nullptr);

    QString paneId() const override { return QStringLiteral("usage"); }
    QString title() const override { return tr("Usage share"); }
    std::vector<ChartData> charts() const override;
    void reload() override;

    // Stores the user's split (refused at once unless the shares add up to 100; the store's answer
    // is shown under the charts); reset goes back to the research's figures.
    Status saveClaim(double centralized, double decentralized, double hybrid, const QString &note);
    void resetClaim();
    QString statusText() const;

private:
    struct Contents;
    void showContents(Result<Contents> contents);

    std::array<ChartDataModel *, 6> m_models{};
    std::array<ChartPanel *, 6> m_panels{};
    QDoubleSpinBox *m_centralized, *m_decentralized, *m_hybrid;
    QLineEdit *m_note;
    std::vector<QWidget *> m_claimControls; // disabled until the split is read, and in a snapshot
    QLabel *m_status;
};

} // namespace stackatlas
