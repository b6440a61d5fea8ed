// SPDX-License-Identifier: GPL-3.0-or-later
// Layout and paint time of the layer map on the default data, against a baseline painted in the
// same process: filling the same image and drawing one rectangle and one label per tile.
#include "datasources/cache/cache.h"
#include "models/item/layermapmodel.h"
#include "ui/views/layermappainter.h"

#include "benchtimer.h"

#include <QApplication>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>

using namespace stackatlas;
using bench::bestMs;

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_layermap DEFAULT_DATA.sqlite\n");
        return 2;
    }
    auto cache = Cache::open(argv[1], Cache::Mode::ReadOnly);
    if (!cache.isOk())
        return 1;
    LayerMapModel model;
    if (!model.reload(*cache.value()).isOk())
        return 1;
    const double load = bestMs(3, [&] { (void)model.reload(*cache.value()); }); // checked just above
    const LayerMapPainter painter(model);
    for (const QSize size : {QSize(1280, 800), QSize(1920, 1080)}) {
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        for (const bool providers : {false, true}) {
            LayerMapOptions o;
            o.showProviders = providers;
            const auto tiles = painter.layout(QRectF(QPointF(), size), o).tiles;
            const double layout = bestMs(20, [&] { painter.layout(QRectF(QPointF(), size), o); });
            const double paint = bestMs(20, [&] {
                QPainter p(&image);
                painter.paint(p, QRectF(QPointF(), size), o);
            });
            const double baseline = bestMs(20, [&] {
                QPainter p(&image);
                p.setRenderHint(QPainter::Antialiasing);
                p.fillRect(image.rect(), Qt::white);
                for (const auto &t : tiles) {
                    p.fillRect(QRectF(t.rect.x, t.rect.y, t.rect.w, t.rect.h), QColor(0x9e, 0xc5, 0xe8));
                    p.drawText(QRectF(t.rect.x, t.rect.y, t.rect.w, t.rect.h), Qt::AlignLeft | Qt::AlignTop,
                               QStringLiteral("label"));
                }
            });
            std::printf("%dx%d providers=%d: %zu tiles, layout %.2f ms, layout+paint %.2f ms, baseline %.2f "
                        "ms, ratio %.2fx\n",
                        size.width(), size.height(), int(providers), tiles.size(), layout, paint, baseline,
                        paint / baseline);
        }
    }
    std::printf("model reload from the cache: %.1f ms\n", load);
    return 0;
}
