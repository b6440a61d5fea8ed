// SPDX-License-Identifier: GPL-3.0-or-later
#include "currencyguard.h"

#include "moneyformat.h"
#include "serialize.h"
#include "timeutil.h"
#include "translate.h"

#include <algorithm>
#include <cmath>

namespace stackatlas {

bool isGuardedAcrossSources(const std::string &metric)
{
    // Token figures only: a GPU's hourly price differs between providers by design.
    return metric == "price_usd" || metric == "market_cap_usd" || metric == "fdv_usd";
}

void addReferences(GuardedValue &v, const std::vector<OtherSeries> &others, const SeriesKey *own)
{
    for (const OtherSeries &s : others) {
        // The value's own series holds, at its moment, the value this one replaces: no reference.
        const bool same = own && s.key == *own;
        const auto at = std::lower_bound(s.points.begin(), s.points.end(), std::make_pair(v.ts, -HUGE_VAL));
        const std::pair<UnixSeconds, double> *nearest = nullptr;
        const auto consider = [&](const std::pair<UnixSeconds, double> &p) {
            if (!(p.second > 0) || std::llabs(p.first - v.ts) > kFarWindow || (same && p.first == v.ts))
                return;
            if (!nearest || std::llabs(p.first - v.ts) < std::llabs(nearest->first - v.ts))
                nearest = &p;
        };
        // The nearest points either side (one at the value's moment in its own series skipped).
        auto after = at;
        while (after != s.points.end() && same && after->first == v.ts)
            ++after;
        if (after != s.points.end())
            consider(*after);
        if (at != s.points.begin())
            consider(*std::prev(at));
        if (!nearest)
            continue;
        std::string label = s.key.source;
        for (const auto &[k, d] : s.key.dims)
            label += " " + k + "=" + d;
        v.references.push_back({std::move(label), nearest->first, nearest->second});
    }
}

std::string likelyQuote(double factor, bool below)
{
    if (!below)
        return {};
    // What one coin was worth in dollars over the years the app's data covers (2020 on).
    if (factor >= 800 && factor <= 6000)
        return "ETH";
    if (factor >= 15000 && factor <= 150000)
        return "BTC";
    return {};
}

namespace {

double medianOf(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

struct Compared
{
    const GuardedValue *value;
    double reference;
    double logRatio; // log(value / reference)
    bool off;        // more than the factor either way (compared as products: 10x is not off)
    bool far;        // judged by references weeks away (kFarFactor)
};

std::string describeOff(const Compared &c)
{
    const GuardedValue &v = *c.value;
    const bool below = c.logRatio < 0;
    std::string refs;
    for (std::size_t i = 0; i < v.references.size() && i < 3; ++i)
        refs += (i ? ", " : "") + v.references[i].label + " " + formatNumber(v.references[i].value) + " on " +
                formatIsoDate(v.references[i].ts);
    if (v.references.size() > 3)
        refs += ", ...";
    // Judged by figures weeks away, the message says so: the reader weighs a 100x gap differently.
    return fillArgs(
        c.far ? translate("Guard", "%1/%2 %3: %4 is %5x %6 the nearest figures stored, weeks away "
                                   "(median %7: %8)")
              : translate("Guard", "%1/%2 %3: %4 is %5x %6 the figures stored near it (median %7: %8)"),
        {v.entityId, v.metric, formatIsoDate(v.ts), formatNumber(v.value),
         formatGrouped(std::exp(std::abs(c.logRatio))),
         below ? translate("Guard", "below") : translate("Guard", "above"), formatNumber(c.reference), refs});
}

// The largest run of off values on one side whose factors lie within 3x of one another.
std::vector<const Compared *> commonFactor(const std::vector<Compared> &compared)
{
    std::vector<const Compared *> below, above;
    for (const Compared &c : compared)
        if (c.off)
            (c.logRatio < 0 ? below : above).push_back(&c);
    std::vector<const Compared *> best;
    for (auto *side : {&below, &above}) {
        std::sort(side->begin(), side->end(),
                  [](const Compared *a, const Compared *b) { return a->logRatio < b->logRatio; });
        std::size_t lo = 0;
        for (std::size_t hi = 0; hi < side->size(); ++hi) {
            while ((*side)[hi]->logRatio - (*side)[lo]->logRatio > std::log(3.0))
                ++lo;
            if (hi - lo + 1 > best.size())
                best.assign(side->begin() + std::ptrdiff_t(lo), side->begin() + std::ptrdiff_t(hi) + 1);
        }
    }
    return best;
}

std::string describeRefusal(const std::vector<const Compared *> &common, std::size_t compared,
                            GuardSubject subject)
{
    std::vector<double> logs;
    UnixSeconds first = common.front()->value->ts, last = first;
    for (const Compared *c : common) {
        logs.push_back(c->logRatio);
        first = std::min(first, c->value->ts);
        last = std::max(last, c->value->ts);
    }
    const double mid = medianOf(logs);
    const bool below = mid < 0;
    const double factor = std::exp(std::abs(mid));
    const std::string count = common.size() == compared
                                  ? fillArgs(translate("Guard", "all %1 values"), {std::to_string(compared)})
                                  : fillArgs(translate("Guard", "%1 of %2 values"),
                                             {std::to_string(common.size()), std::to_string(compared)});
    const std::string when =
        formatIsoDate(first) == formatIsoDate(last)
            ? fillArgs(translate("Guard", "on %1"), {formatIsoDate(first)})
            : fillArgs(translate("Guard", "from %1 to %2"), {formatIsoDate(first), formatIsoDate(last)});
    const std::string quote = likelyQuote(factor, below);
    const std::string what =
        subject == GuardSubject::File ? translate("Guard", "this file") : translate("Guard", "this payload");
    std::string question =
        !quote.empty() ? fillArgs(translate("Guard", "is %1 quoted in %2?"), {what, quote})
                       : fillArgs(translate("Guard", "is %1 quoted in another currency than USD?"), {what});
    std::string text =
        fillArgs(translate("Guard", "%1 are about %2x %3 the figures stored for the same coins "
                                    "(other sources, other captures) %4: %5"),
                 {count, formatGrouped(factor),
                  below ? translate("Guard", "below") : translate("Guard", "above"), when, question});
    text += subject == GuardSubject::File
                ? translate("Guard",
                            " Nothing was imported. StackAtlas stores USD figures only: check the file's "
                            "currency (a price or market cap column in ETH or BTC, a mapping that reads the "
                            "wrong column or unit), or give --accept-suspect to import it anyway, marked.")
                : translate("Guard", " Nothing was stored. StackAtlas stores USD figures only: fetch it with "
                                     "vs_currency=usd, or give --accept-suspect to store it anyway, marked.");
    return text;
}

} // namespace

CrossSourceVerdict judgeAcrossSources(const std::vector<GuardedValue> &values, GuardSubject subject)
{
    std::vector<Compared> compared;
    for (const GuardedValue &v : values) {
        if (v.references.empty() || !(v.value > 0))
            continue;
        // The references within a day or two; only without any, those weeks away, with a wider factor.
        std::vector<double> near, all;
        for (const CrossSourceReference &r : v.references) {
            all.push_back(r.value);
            if (std::llabs(r.ts - v.ts) <= kCrossSourceWindow)
                near.push_back(r.value);
        }
        const bool far = near.empty();
        const double reference = medianOf(far ? all : near);
        const double factor = far ? kFarFactor : kCrossSourceFactor;
        const bool off = v.value > reference * factor || v.value * factor < reference;
        compared.push_back({&v, reference, std::log(v.value / reference), off, far});
    }
    CrossSourceVerdict out;
    const std::vector<const Compared *> common = commonFactor(compared);
    // Two values that agree on one factor, and most of what could be compared: a quote, not a
    // glitch (a glitch is one value, of any size).
    if (common.size() >= 2 && 2 * common.size() > compared.size()) {
        out.refusal = describeRefusal(common, compared.size(), subject);
        for (const Compared *c : common)
            out.off.push_back({c->value->index, c->reference, describeOff(*c)});
        return out;
    }
    for (const Compared &c : compared)
        if (c.off)
            out.off.push_back({c.value->index, c.reference, describeOff(c)});
    return out;
}

} // namespace stackatlas
