// SPDX-License-Identifier: GPL-3.0-or-later
// The layer map's layout, a pure function: properties on generated inputs.
#include "models/domain/treemap.h"
#include "support/warnings.h"

#include <QTest>

#include <numeric>
#include <random>

using namespace stackatlas;

namespace {

double overlap(const RectF &a, const RectF &b)
{
    const double w = std::min(a.x + a.w, b.x + b.w) - std::max(a.x, b.x);
    const double h = std::min(a.y + a.h, b.y + b.h) - std::max(a.y, b.y);
    return w > 0 && h > 0 ? w * h : 0;
}

} // namespace

class tst_Treemap : public QObject
{
    Q_OBJECT

private slots:
    void init() { stackatlas::test::failOnUnexpectedWarnings(); }
    void squarifyProperties_data();
    void squarifyProperties();
    void squarifyKeepsTilesNearSquare();
    void layerMapBandsGroupsAndNoData();
    void layerMapIsDeterministic();
};

void tst_Treemap::squarifyProperties_data()
{
    QTest::addColumn<int>("seed");
    for (int seed = 1; seed <= 200; ++seed)
        QTest::newRow(qPrintable(QStringLiteral("seed-%1").arg(seed))) << seed;
}

void tst_Treemap::squarifyProperties()
{
    QFETCH(int, seed);
    std::mt19937 rng{static_cast<unsigned>(seed)};
    const int n = std::uniform_int_distribution<int>(1, 40)(rng);
    std::vector<double> weights;
    for (int i = 0; i < n; ++i)
        weights.push_back(
            std::exp(std::uniform_real_distribution<double>(-6, 6)(rng))); // 5 orders of magnitude
    const RectF box{std::uniform_real_distribution<double>(0, 100)(rng), 10,
                    std::uniform_real_distribution<double>(20, 1600)(rng),
                    std::uniform_real_distribution<double>(20, 900)(rng)};
    const auto rects = squarify(weights, box);
    QCOMPARE(int(rects.size()), n);
    const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
    double covered = 0;
    for (int i = 0; i < n; ++i) {
        QVERIFY2(box.contains(rects[std::size_t(i)], 1e-6), qPrintable(QString::number(i)));
        const double expected = weights[std::size_t(i)] / total;
        const double actual = rects[std::size_t(i)].area() / box.area();
        QVERIFY2(std::abs(actual - expected) <= 0.01 * expected + 1e-9,
                 qPrintable(QStringLiteral("tile %1: %2 vs %3").arg(i).arg(actual).arg(expected)));
        covered += rects[std::size_t(i)].area();
        for (int j = i + 1; j < n; ++j)
            QVERIFY(overlap(rects[std::size_t(i)], rects[std::size_t(j)]) <= 1e-6 * box.area());
    }
    QVERIFY(std::abs(covered - box.area()) <= 1e-6 * box.area());
}

void tst_Treemap::squarifyKeepsTilesNearSquare()
{
    // Equal weights in a square: a squarified layout has no sliver (worst aspect well below n).
    const auto rects = squarify(std::vector<double>(16, 1.0), {0, 0, 400, 400});
    for (const auto &r : rects)
        QVERIFY(std::max(r.w / r.h, r.h / r.w) < 3.0);
}

void tst_Treemap::layerMapBandsGroupsAndNoData()
{
    LayerMapInput input;
    input.bands = {
        {"infrastructure",
         {{"compute", {{"render", 1.2e9}, {"akash", 1.3e8}, {"io-net", 6e7}}},
          {"storage", {{"ar", 5e8}, {"storj", std::nullopt}}}}},
        {"model", {{"open-model-training", {{"bittensor", 2.3e9}}}}},
        {"application", {{"agents", {{"goat", std::nullopt}, {"aixbt", std::nullopt}}}}},
    };
    const RectF area{0, 0, 1200, 600};
    const auto layout = layoutLayerMap(input, area);
    QCOMPARE(layout.bands.size(), std::size_t(3));
    QVERIFY(layout.bands[0].rect.y >
            layout.bands[2].rect.y); // infrastructure at the bottom, application on top
    QCOMPARE(layout.tiles.size(), std::size_t(8));
    std::map<std::string, const LayerMapLayout::Box *> groups;
    for (const auto &g : layout.groups)
        groups[g.id] = &g;
    for (const auto &t : layout.tiles) {
        QVERIFY2(groups.at(t.groupId)->inner.contains(t.rect, 1e-6), t.id.c_str());
        QVERIFY(t.rect.area() > 0); // nothing is dropped, "no data" included
    }
    for (std::size_t i = 0; i < layout.groups.size(); ++i) {
        for (std::size_t j = i + 1; j < layout.groups.size(); ++j)
            QCOMPARE(overlap(layout.groups[i].rect, layout.groups[j].rect), 0.0);
    }
    auto tile = [&](const char *id) {
        return *std::find_if(layout.tiles.begin(), layout.tiles.end(),
                             [&](const auto &t) { return t.id == id; });
    };
    QVERIFY(!tile("storj").hasData);
    QCOMPARE(std::round(tile("storj").rect.area() / groups.at("storage")->inner.area() * 100),
             6.0); // the no-data share
    // among tiles with data, areas stay proportional within the box
    const double renderToAkash = tile("render").rect.area() / tile("akash").rect.area();
    QVERIFY(std::abs(renderToAkash - 1.2e9 / 1.3e8) < 0.01 * (1.2e9 / 1.3e8));
    // a category with no data at all: equal tiles
    QVERIFY(std::abs(tile("goat").rect.area() - tile("aixbt").rect.area()) < 1e-6);
}

void tst_Treemap::layerMapIsDeterministic()
{
    LayerMapInput input;
    input.bands = {{"b", {{"g", {{"a", 3.0}, {"b", 3.0}, {"c", 3.0}, {"d", 1.0}}}}}};
    const auto one = layoutLayerMap(input, {0, 0, 800, 300});
    const auto two = layoutLayerMap(input, {0, 0, 800, 300});
    QCOMPARE(one.tiles.size(), two.tiles.size());
    for (std::size_t i = 0; i < one.tiles.size(); ++i) {
        QCOMPARE(one.tiles[i].rect.x, two.tiles[i].rect.x);
        QCOMPARE(one.tiles[i].rect.y, two.tiles[i].rect.y);
    }
    // equal weights keep their input order (a stable placement)
    QVERIFY(one.tiles[0].rect.x <= one.tiles[1].rect.x || one.tiles[0].rect.y <= one.tiles[1].rect.y);
}

QTEST_GUILESS_MAIN(tst_Treemap)
#include "tst_treemap.moc"
