// SPDX-License-Identifier: GPL-3.0-or-later
// The start-up baseline: the least a Qt program showing a chart does. A QMainWindow with a
// QChartView of 10,000 points, shown, grabbed to a PNG, then exit. bench_startup runs it in
// alternation with StackAtlas and prints the ratios.
// Usage: minimal_chart_window OUT.png [WxH]
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QMainWindow>
#include <QPixmap>

#include <cmath>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    if (argc < 2)
        return 2;
    QMainWindow window;
    auto *series = new QLineSeries;
    QList<QPointF> points;
    points.reserve(10000);
    for (int i = 0; i < 10000; ++i)
        points.append(QPointF(i, 2.0 + std::sin(i / 500.0)));
    series->replace(points);
    auto *chart = new QChart;
    chart->addSeries(series);
    chart->createDefaultAxes();
    window.setCentralWidget(new QChartView(chart));
    window.resize(1280, 800);
    window.show();
    QApplication::processEvents();
    return window.grab().save(QString::fromLocal8Bit(argv[1]), "PNG") ? 0 : 1;
}
