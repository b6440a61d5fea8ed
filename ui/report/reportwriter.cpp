// SPDX-License-Identifier: GPL-3.0-or-later
#include "reportwriter.h"

#include "datasources/cache/cache.h"
#include "datasources/cache/snapshot.h"
#include "models/domain/serialize.h"
#include "models/item/chartloaders.h"
#include "models/item/layermapmodel.h"
#include "models/item/valueformat.h"
#include "ui/charts/chartexport.h"
#include "ui/views/dependencygraphview.h"
#include "ui/views/layermappainter.h"
#include "ui/views/layermapview.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>

#include <cmath>
#include <functional>
#include <map>

namespace stackatlas {

namespace {

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

// Pages are laid out in a logical 1400 px wide space and scaled onto the landscape page, so text
// keeps the proportions it has on screen.
constexpr double kLogicalWidth = 1400;

struct Table
{
    QStringList header;
    QList<QStringList> rows;
    QList<double> widths; // shares of the width
};

struct Page
{
    QString section; // empty: continues the previous section
    QString heading;
    std::function<void(QPainter &, const QRectF &)> paint;
};

QString money(std::optional<double> v)
{
    if (!v)
        return QCoreApplication::translate("Report", "unknown");
    const double a = std::fabs(*v);
    if (a >= 1e9)
        return QStringLiteral("$%1 bn").arg(*v / 1e9, 0, 'f', 2);
    if (a >= 1e6)
        return QStringLiteral("$%1 M").arg(*v / 1e6, 0, 'f', 1);
    return QStringLiteral("$%1").arg(*v, 0, 'g', 4);
}

void paintTable(QPainter &p, const QRectF &area, const Table &t, int first, int count)
{
    QFont f = p.font();
    f.setPointSizeF(8.5);
    p.setFont(f);
    const QFontMetricsF fm(f);
    const double rowH = fm.height() + 6;
    double total = 0;
    for (double w : t.widths)
        total += w;
    const auto drawRow = [&](double y, const QStringList &cells, bool bold) {
        QFont rf = f;
        rf.setBold(bold);
        p.setFont(rf);
        double x = area.left();
        for (int c = 0; c < cells.size() && c < t.widths.size(); ++c) {
            const double w = area.width() * t.widths[c] / total;
            p.drawText(QRectF(x + 3, y, w - 6, rowH), Qt::AlignVCenter | Qt::AlignLeft,
                       QFontMetricsF(rf).elidedText(cells[c], Qt::ElideRight, w - 6));
            x += w;
        }
    };
    p.setPen(QColor(0x20, 0x22, 0x25));
    drawRow(area.top(), t.header, true);
    p.setPen(QPen(QColor(0x9a, 0xa0, 0xa6), 0.8));
    p.drawLine(QPointF(area.left(), area.top() + rowH), QPointF(area.right(), area.top() + rowH));
    for (int r = 0; r < count && first + r < t.rows.size(); ++r) {
        const double y = area.top() + rowH * (r + 1);
        if (r % 2)
            p.fillRect(QRectF(area.left(), y, area.width(), rowH), QColor(0xf1, 0xf3, 0xf4));
        p.setPen(QColor(0x20, 0x22, 0x25));
        drawRow(y, t.rows[first + r], false);
    }
}

int rowsPerPage(const QRectF &area)
{
    QFont f;
    f.setPointSizeF(8.5);
    return int(area.height() / (QFontMetricsF(f).height() + 6)) - 1;
}

} // namespace

Result<ReportSummary> writeReport(const Cache &cache, const SnapshotMeta *snapshot, const QString &path,
                                  const ReportOptions &options)
{
    const auto taxonomyResult = cache.taxonomy();
    if (!taxonomyResult.isOk())
        return taxonomyResult.status();
    const Taxonomy &taxonomy = taxonomyResult.value();
    LayerMapModel layerMap;
    if (Status s = layerMap.reload(cache); !s.isOk())
        return s;
    const GraphScene graph = buildGraphScene(taxonomy, DependencyGraph::Level::Category, true);
    const auto priceWar = loadPaneCharts(cache, "price-war", options.gpu.toStdString(), {});
    const auto valuation = loadPaneCharts(cache, "valuation", "", {});
    const auto usage = loadPaneCharts(cache, "usage", "", {});
    for (const auto *r : {&priceWar, &valuation, &usage})
        if (!r->isOk())
            return r->status();
    const auto latest = cache.latestValues({"price_usd", "market_cap_usd", "fdv_usd", "volume_24h_usd"});
    const auto sources = cache.sources();
    if (!latest.isOk())
        return latest.status();
    if (!sources.isOk())
        return sources.status();
    const auto asOf = cache.newestAsOf();

    // The tables behind the charts.
    Table protocols{
        {QCoreApplication::translate("Report", "Protocol"), QCoreApplication::translate("Report", "Layer"),
         QCoreApplication::translate("Report", "Price"), QCoreApplication::translate("Report", "Market cap"),
         QCoreApplication::translate("Report", "FDV"), QCoreApplication::translate("Report", "FDV/MC"),
         QCoreApplication::translate("Report", "24h volume"),
         QCoreApplication::translate("Report", "Source, as of")},
        {},
        {2.2, 1.4, 1, 1.2, 1.2, 0.8, 1.2, 3.2}};
    std::map<std::pair<std::string, std::string>, const LatestValue *> byKey;
    for (const LatestValue &v : latest.value())
        byKey[{v.entityId, v.metric}] = &v;
    for (const Entity *e : taxonomy.protocols()) {
        const auto get = [&](const char *m) -> const LatestValue * {
            const auto it = byKey.find({e->id, m});
            return it == byKey.end() ? nullptr : it->second;
        };
        const LatestValue *price = get("price_usd"), *mc = get("market_cap_usd"), *fdv = get("fdv_usd"),
                          *vol = get("volume_24h_usd");
        const auto val = [](const LatestValue *v) {
            return v ? std::optional<double>(v->value) : std::nullopt;
        };
        QString ratio = QCoreApplication::translate("Report", "unknown");
        if (mc && fdv && mc->ts == fdv->ts && mc->provenance.source == fdv->provenance.source &&
            mc->value > 0)
            ratio = QStringLiteral("%1x").arg(fdv->value / mc->value, 0, 'f', 2);
        QString provenance = QCoreApplication::translate("Report", "no data");
        if (const LatestValue *any = mc ? mc : price ? price : fdv)
            provenance = q(any->provenance.source) + QStringLiteral(", ") + q(formatIsoDate(any->ts));
        const Category *c = taxonomy.category(e->categoryId);
        const Layer *l = c ? taxonomy.layer(c->layerId) : nullptr;
        protocols.rows.append({q(e->name), l ? q(l->name) : QString(),
                               price ? QStringLiteral("$%1").arg(price->value, 0, 'g', 4)
                                     : QCoreApplication::translate("Report", "unknown"),
                               money(val(mc)), money(val(fdv)), ratio, money(val(vol)), provenance});
    }
    Table index{{QCoreApplication::translate("Report", "Day (UTC)"),
                 QCoreApplication::translate("Report", "Index"),
                 QCoreApplication::translate("Report", "Providers")},
                {},
                {1.2, 1, 3}};
    if (!priceWar.value().at(1).series.empty())
        for (const ChartPoint &p : priceWar.value().at(1).series.front().points)
            index.rows.append({q(formatIsoDate(UnixSeconds(p.x))), QString::number(p.y, 'f', 3), q(p.label)});
    Table sourceTable{{QCoreApplication::translate("Report", "Source"),
                       QCoreApplication::translate("Report", "Endpoint or file"),
                       QCoreApplication::translate("Report", "Data as of"),
                       QCoreApplication::translate("Report", "Last run"),
                       QCoreApplication::translate("Report", "Points")},
                      {},
                      {1.4, 4, 1.4, 1.8, 0.8}};
    for (const SourceStatus &s : sources.value())
        sourceTable.rows.append({q(s.source), s.lastRun ? q(s.lastRun->endpoint) : QString(),
                                 s.asOf ? q(formatIsoUtc(*s.asOf)) : QStringLiteral("-"),
                                 s.lastRun ? q(s.lastRun->status + " " + formatIsoUtc(s.lastRun->endedAt))
                                           : QCoreApplication::translate("Report", "never"),
                                 QString::number(s.points)});
    Table claims{
        {QCoreApplication::translate("Report", "Claim"), QCoreApplication::translate("Report", "Value"),
         QCoreApplication::translate("Report", "Date"), QCoreApplication::translate("Report", "Citation")},
        {},
        {3.2, 0.9, 0.6, 3.4}};
    for (const Claim &c : taxonomy.claims)
        claims.rows.append(
            {q(c.statement),
             q(formatNumber(c.value)) +
                 (c.valueHigh ? QStringLiteral("–") + q(formatNumber(*c.valueHigh)) : QString()) +
                 QStringLiteral(" ") + q(c.unit),
             q(c.date), q(c.source)});

    // Page plan first, so the contents page can give page numbers.
    const QPageLayout layout(QPageSize(options.page), QPageLayout::Landscape, QMarginsF(12, 12, 12, 12),
                             QPageLayout::Millimeter);
    const QRect paintable = layout.paintRectPixels(96);
    const double scale = paintable.width() / kLogicalWidth;
    const QRectF logical(0, 0, kLogicalWidth, paintable.height() / scale);
    const QRectF content = logical.adjusted(0, 44, 0, -30);

    std::vector<Page> pages;
    const auto chartPage = [&](const QString &section, const std::vector<ChartData> &charts) {
        pages.push_back({section, section, [charts](QPainter &p, const QRectF &area) {
                             paintCharts(p, area, charts, false);
                         }});
    };
    pages.push_back({QCoreApplication::translate("Report", "Cover"), QString(), nullptr});
    pages.push_back({QCoreApplication::translate("Report", "Contents"),
                     QCoreApplication::translate("Report", "Contents"), nullptr});
    pages.push_back({QCoreApplication::translate("Report", "Layer map"),
                     QCoreApplication::translate("Report", "Layer map: market cap by layer"),
                     [&layerMap](QPainter &p, const QRectF &area) {
                         LayerMapOptions o;
                         LayerMapPainter(layerMap).paint(p, area, o);
                     }});
    pages.push_back({QCoreApplication::translate("Report", "Dependency graph"),
                     QCoreApplication::translate("Report", "Dependency graph: who relies on whom"),
                     [&graph](QPainter &p, const QRectF &area) {
                         paintGraph(p, area, graph, {});
                     }});
    chartPage(QCoreApplication::translate("Report", "Price war"), priceWar.value());
    chartPage(QCoreApplication::translate("Report", "Valuation"), valuation.value());
    chartPage(QCoreApplication::translate("Report", "Usage share"), usage.value());
    const int perPage = rowsPerPage(content);
    const auto tablePages = [&](const QString &section, const Table &t) {
        for (int first = 0; first < std::max<qsizetype>(1, t.rows.size()); first += perPage) {
            pages.push_back(
                {first == 0 ? section : QString(),
                 section + (first ? QCoreApplication::translate("Report", " (continued)") : QString()),
                 [&t, first, perPage](QPainter &p, const QRectF &area) {
                     paintTable(p, area, t, first, perPage);
                 }});
        }
    };
    tablePages(QCoreApplication::translate("Report", "Data: protocols"), protocols);
    tablePages(QCoreApplication::translate("Report", "Data: price advantage index (") + options.gpu +
                   QStringLiteral(")"),
               index);
    tablePages(QCoreApplication::translate("Report", "Sources"), sourceTable);
    // Citations are the point of this page: each claim gets its full citation, wrapped, not a cell.
    constexpr int claimsPerPage = 14;
    for (int first = 0; first < std::max<qsizetype>(1, claims.rows.size()); first += claimsPerPage) {
        pages.push_back(
            {first == 0 ? QCoreApplication::translate("Report", "Research claims and citations") : QString(),
             QCoreApplication::translate("Report", "Research claims and citations") +
                 (first ? QCoreApplication::translate("Report", " (continued)") : QString()),
             [&claims, first](QPainter &p, const QRectF &area) {
                 QFont f = p.font();
                 f.setPointSizeF(9.5);
                 QFont bold = f;
                 bold.setBold(true);
                 double y = area.top();
                 for (int r = first; r < first + claimsPerPage && r < claims.rows.size(); ++r) {
                     const QStringList &c = claims.rows[r];
                     p.setFont(bold);
                     p.setPen(QColor(0x20, 0x22, 0x25));
                     const QString head = c[0] + QStringLiteral(": ") + c[1] + QStringLiteral(" (") + c[2] +
                                          QStringLiteral(")");
                     QRectF used;
                     p.drawText(QRectF(area.left(), y, area.width(), 40), Qt::TextWordWrap, head, &used);
                     y += used.height() + 2;
                     p.setFont(f);
                     p.setPen(QColor(0x3c, 0x40, 0x43));
                     p.drawText(QRectF(area.left() + 16, y, area.width() - 16, 60), Qt::TextWordWrap, c[3],
                                &used);
                     y += used.height() + 12;
                 }
             }});
    }

    ReportSummary summary;
    summary.pages = int(pages.size());
    std::vector<std::pair<QString, int>> contents;
    for (int i = 0; i < int(pages.size()); ++i)
        if (!pages[std::size_t(i)].section.isEmpty() && i > 0) {
            contents.emplace_back(pages[std::size_t(i)].section, i + 1);
            summary.sections << pages[std::size_t(i)].section;
        }

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Status::error(StatusCode::IoError,
                             path.toStdString() + ": " + file.errorString().toStdString());
    {
        QPdfWriter pdf(&file);
        pdf.setResolution(96);
        pdf.setPageLayout(layout);
        pdf.setTitle(options.title);
        pdf.setCreator(QStringLiteral("StackAtlas ") + options.appVersion);
        QPainter p(&pdf);
        p.setRenderHint(QPainter::Antialiasing);
        const QString dataAsOf =
            asOf ? q(formatIsoUtc(*asOf)) : QCoreApplication::translate("Report", "no data");
        for (int i = 0; i < int(pages.size()); ++i) {
            if (i > 0)
                pdf.newPage();
            p.save();
            p.scale(scale, scale);
            const Page &page = pages[std::size_t(i)];
            QFont base = p.font();
            base.setPointSizeF(9);
            p.setFont(base);
            p.setPen(QColor(0x5f, 0x63, 0x68));
            if (i > 0) {
                p.drawText(QRectF(0, 0, logical.width(), 16), Qt::AlignLeft, options.title);
                p.drawText(QRectF(0, 0, logical.width(), 16), Qt::AlignRight,
                           QCoreApplication::translate("Report", "Data as of %1").arg(dataAsOf));
                QFont h = base;
                h.setPointSizeF(15);
                h.setBold(true);
                p.setFont(h);
                p.setPen(QColor(0x20, 0x22, 0x25));
                p.drawText(QRectF(0, 16, logical.width(), 26), Qt::AlignLeft | Qt::AlignVCenter,
                           page.heading);
                p.setFont(base);
            }
            p.setPen(QColor(0x5f, 0x63, 0x68));
            p.drawText(QRectF(0, logical.height() - 18, logical.width(), 16), Qt::AlignCenter,
                       QCoreApplication::translate("Report", "Page %1 of %2").arg(i + 1).arg(pages.size()));
            if (i == 0) {
                QFont t = base;
                t.setPointSizeF(30);
                t.setBold(true);
                p.setFont(t);
                p.setPen(QColor(0x20, 0x22, 0x25));
                p.drawText(QRectF(60, 160, logical.width() - 120, 90), Qt::AlignLeft | Qt::TextWordWrap,
                           options.title);
                QFont s = base;
                s.setPointSizeF(13);
                p.setFont(s);
                QString lines =
                    QCoreApplication::translate(
                        "Report", "StackAtlas report\nData as of %1\nGenerated %2 by StackAtlas %3\n")
                        .arg(dataAsOf, QDateTime::currentDateTimeUtc().toString(Qt::ISODate),
                             options.appVersion);
                if (snapshot)
                    lines += QStringLiteral("Snapshot \"%1\" of %2\nContent hash (SHA-256):\n")
                                 .arg(q(snapshot->title), q(snapshot->createdAt));
                else
                    lines += QStringLiteral(
                        "From a live cache, not a snapshot: save a snapshot to freeze what this "
                        "report shows.\n");
                QRectF used;
                p.drawText(QRectF(60, 270, logical.width() - 120, 300), Qt::AlignLeft | Qt::TextWordWrap,
                           lines, &used);
                if (snapshot) {
                    // Monospace and unshaped: a ligature ("ff" as one glyph) would make the hash copied
                    // out of the PDF differ from the real one.
                    QFont mono(QStringLiteral("DejaVu Sans Mono"));
                    mono.setStyleHint(QFont::Monospace);
                    mono.setStyleStrategy(QFont::PreferNoShaping);
                    mono.setPointSizeF(12);
                    p.setFont(mono);
                    p.drawText(QRectF(60, used.bottom() + 2, logical.width() - 120, 30), Qt::AlignLeft,
                               q(snapshot->contentHash));
                }
            } else if (page.heading == QLatin1String("Contents")) {
                QFont c = base;
                c.setPointSizeF(12);
                p.setFont(c);
                p.setPen(QColor(0x20, 0x22, 0x25));
                double y = content.top() + 10;
                for (const auto &[section, number] : contents) {
                    p.drawText(QRectF(60, y, 700, 26), Qt::AlignLeft | Qt::AlignVCenter, section);
                    p.drawText(QRectF(760, y, 80, 26), Qt::AlignRight | Qt::AlignVCenter,
                               QString::number(number));
                    y += 28;
                }
            } else if (page.paint) {
                page.paint(p, content);
            }
            p.restore();
        }
    }
    if (!file.commit())
        return Status::error(StatusCode::IoError,
                             path.toStdString() + ": " + file.errorString().toStdString());

    if (!options.chartsDir.isEmpty()) {
        if (!QDir().mkpath(options.chartsDir))
            return Status::error(StatusCode::IoError, "cannot create " + options.chartsDir.toStdString());
        const QDir dir(options.chartsDir);
        for (const QString &fmt : {QStringLiteral("png"), QStringLiteral("svg")}) {
            const QSize size(1600, 1000);
            const auto out = [&](const QString &name) {
                return dir.filePath(name + QLatin1Char('.') + fmt);
            };
            std::vector<std::pair<QString, Status>> written{
                {out(QStringLiteral("layer-map")),
                 exportLayerMap(layerMap, {}, size, fmt, out(QStringLiteral("layer-map")))},
                {out(QStringLiteral("dependency-graph")),
                 exportGraph(graph, {}, fmt, out(QStringLiteral("dependency-graph")))},
                {out(QStringLiteral("price-war")),
                 exportCharts(priceWar.value(), fmt, out(QStringLiteral("price-war")), size,
                              QCoreApplication::translate("Report", "Price war"))},
                {out(QStringLiteral("valuation")),
                 exportCharts(valuation.value(), fmt, out(QStringLiteral("valuation")), size,
                              QCoreApplication::translate("Report", "Valuation"))},
                {out(QStringLiteral("usage")),
                 exportCharts(usage.value(), fmt, out(QStringLiteral("usage")), size,
                              QCoreApplication::translate("Report", "Usage share"))}};
            for (const auto &[file, status] : written) {
                if (!status.isOk())
                    return status;
                summary.chartFiles << file;
            }
        }
    }
    return summary;
}

} // namespace stackatlas
