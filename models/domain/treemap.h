// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace stackatlas {

struct RectF
{
    double x = 0, y = 0, w = 0, h = 0;
    double area() const { return w * h; }
    bool contains(const RectF &o, double eps = 1e-9) const
    {
        return o.x >= x - eps && o.y >= y - eps && o.x + o.w <= x + w + eps && o.y + o.h <= y + h + eps;
    }
};

// Squarified treemap (Bruls, Huizing, van Wijk 2000): one rectangle per weight, in input order,
// areas proportional to the weights, tiling the box, with aspect ratios kept near 1. Order of
// placement is by weight (ties by index), so the result is deterministic. Weights must be > 0.
std::vector<RectF> squarify(const std::vector<double> &weights, const RectF &box);

// The layer map: layers stacked as bands (the last layer on top), each divided into category
// boxes, each holding a treemap of its entities. An entity without a value still gets a tile, of
// minimum size, so nothing silently disappears; if no entity of a category has a value, all
// tiles of it are equal.
struct LayerMapInput
{
    struct Item
    {
        std::string id;
        std::optional<double> weight; // nullopt or <= 0: no data
    };
    struct Group
    {
        std::string id;
        std::vector<Item> items;
    };
    struct Band
    {
        std::string id;
        std::vector<Group> groups;
    };
    std::vector<Band> bands; // bottom to top
};

struct LayerMapLayout
{
    struct Tile
    {
        std::string id;
        std::string groupId;
        RectF rect;
        bool hasData = false;
    };
    struct Box
    {
        std::string id;
        RectF rect;  // whole box
        RectF inner; // where its tiles go (below the caption)
    };
    std::vector<Box> bands;
    std::vector<Box> groups;
    std::vector<Tile> tiles;
};

struct LayerMapStyle
{
    double bandCaption = 22;  // px at the left of each band for its name
    double groupCaption = 18; // px at the top of each category box
    double gap = 4;
    double minGroupShare = 0.14; // a category box is at least this share of its band's width
    double noDataShare = 0.06;   // a tile without data takes this share of its box
};

LayerMapLayout layoutLayerMap(const LayerMapInput &input, const RectF &area, const LayerMapStyle &style = {});

} // namespace stackatlas
