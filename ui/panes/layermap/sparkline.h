// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

#include <utility>
#include <vector>

namespace stackatlas {

// A small line of the last 30 days of a price, with its first and last value. Shows "no price
// history" rather than a flat line when there is nothing to draw.
class Sparkline : public QWidget
{
    Q_OBJECT

public:
    explicit Sparkline(QWidget *parent = nullptr);
    void setPoints(std::vector<std::pair<qint64, double>> points);
    QSize sizeHint() const override { return {240, 56}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    std::vector<std::pair<qint64, double>> m_points;
};

} // namespace stackatlas
