// SPDX-License-Identifier: GPL-3.0-or-later
#include "reportwriter.h"

#include "datasources/cache/snapshotmeta.h"
#include "models/domain/serialize.h"
#include "models/domain/timeutil.h"
#include "models/item/layermapmodel.h"
#include "models/item/reportdata.h"
#include "models/item/valueformat.h"
#include "ui/charts/chartexport.h"
#include "ui/views/dependencygraphview.h"
#include "ui/views/layermappainter.h"
#include "ui/views/layermapview.h"
#include "ui/views/paintexport.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QPainter>
#include <QPdfWriter>
#include <QTemporaryDir>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <memory>

namespace stackatlas {

namespace {

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

// Pages are laid out in a logical 1400 px wide space and scaled onto the landscape page, so text
// keeps the proportions it has on screen.
constexpr double kLogicalWidth = 1400;
constexpr int kContentsPage = 2; // after the cover and the summary

struct Page
{
    QString section; // empty: continues the previous section
    QString heading;
    std::function<void(QPainter &, const QRectF &)> paint;
};

void paintTable(QPainter &p, const QRectF &area, const ReportTable &t, int first, int count)
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
            // A figure cut short misleads: a cell too long for its column is set smaller (down to
            // 70 %) before anything is elided.
            QFont cf = rf;
            const double needed = QFontMetricsF(rf).horizontalAdvance(cells[c]);
            if (needed > w - 6)
                cf.setPointSizeF(rf.pointSizeF() * std::max(0.7, (w - 6) / needed));
            p.setFont(cf);
            p.drawText(QRectF(x + 3, y, w - 6, rowH), Qt::AlignVCenter | Qt::AlignLeft,
                       QFontMetricsF(cf).elidedText(cells[c], Qt::ElideRight, w - 6));
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

void paintClaims(QPainter &p, const QRectF &area, const ReportTable &claims, int first, int count)
{
    QFont f = p.font();
    f.setPointSizeF(9.5);
    QFont bold = f;
    bold.setBold(true);
    double y = area.top();
    for (int r = first; r < first + count && r < claims.rows.size(); ++r) {
        const QStringList &c = claims.rows[r];
        p.setFont(bold);
        p.setPen(QColor(0x20, 0x22, 0x25));
        const QString head =
            c[0] + QStringLiteral(": ") + c[1] + QStringLiteral(" (") + c[2] + QStringLiteral(")");
        QRectF used;
        p.drawText(QRectF(area.left(), y, area.width(), 40), Qt::TextWordWrap, head, &used);
        y += used.height() + 2;
        p.setFont(f);
        p.setPen(QColor(0x3c, 0x40, 0x43));
        p.drawText(QRectF(area.left() + 16, y, area.width() - 16, 60), Qt::TextWordWrap, c[3], &used);
        y += used.height() + 12;
    }
}

// The findings page: each finding's topic, its sentence, and the date(s) and source(s) of its figures.
// The font steps down until every finding fits the page.
void paintSummary(QPainter &p, const QRectF &area, const std::vector<Finding> &findings)
{
    const QFont base = p.font();
    for (double size = 11; size >= 7; size -= 0.5) {
        QFont topic = base, text = base, note = base;
        topic.setPointSizeF(size);
        topic.setBold(true);
        text.setPointSizeF(size);
        note.setPointSizeF(size * 0.85);
        const double width = area.width() - 20;
        const auto height = [&](const QFont &f, const QString &s) {
            return QFontMetricsF(f).boundingRect(QRectF(0, 0, width, 1e6), Qt::TextWordWrap, s).height();
        };
        double needed = 0;
        for (const Finding &f : findings)
            needed += height(topic, q(f.topic)) + height(text, q(f.text)) + height(note, q(f.date)) + 12;
        if (needed > area.height() && size > 7)
            continue;
        double y = area.top() + 4;
        for (const Finding &f : findings) {
            const auto draw = [&](const QFont &font, const QColor &colour, const QString &s) {
                p.setFont(font);
                p.setPen(colour);
                QRectF used;
                p.drawText(QRectF(area.left() + 10, y, width, 1e6), Qt::AlignLeft | Qt::TextWordWrap, s,
                           &used);
                y += used.height();
            };
            draw(topic, QColor(0x20, 0x22, 0x25), q(f.topic));
            draw(text, QColor(0x20, 0x22, 0x25), q(f.text));
            draw(note, QColor(0x5f, 0x63, 0x68),
                 QCoreApplication::translate("Report", "Date: %1 \u00b7 Source: %2")
                     .arg(q(f.date), q(f.source)));
            y += 12;
        }
        break;
    }
    p.setFont(base);
}

// The pages in order, before anything is painted, so the contents page can give page numbers.
std::vector<Page> planPages(const ReportData &data, const LayerMapModel &layerMap, const GraphScene &graph,
                            const QRectF &content)
{
    std::vector<Page> pages;
    const auto chartPage = [&](const QString &section, const std::vector<ChartData> &charts) {
        pages.push_back({section, section, [&charts](QPainter &p, const QRectF &area) {
                             paintCharts(p, area, charts, false);
                         }});
    };
    pages.push_back({QCoreApplication::translate("Report", "Cover"), QString(), nullptr});
    pages.push_back({QCoreApplication::translate("Report", "Summary"),
                     QCoreApplication::translate("Report", "Summary: what the data says as of %1")
                         .arg(data.asOf ? q(formatIsoDate(*data.asOf))
                                        : QCoreApplication::translate("Report", "no date")),
                     [&findings = data.findings](QPainter &p, const QRectF &area) {
                         paintSummary(p, area, findings);
                     }});
    pages.push_back({QCoreApplication::translate("Report", "Contents"),
                     QCoreApplication::translate("Report", "Contents"), nullptr});
    const QString mapHeading =
        data.compareFrom && data.asOf
            ? QCoreApplication::translate("Report", "Layer map: market cap change %1 \u2192 %2")
                  .arg(q(formatIsoDate(*data.compareFrom)), q(formatIsoDate(*data.asOf)))
            : QCoreApplication::translate("Report", "Layer map: market cap by layer");
    pages.push_back({QCoreApplication::translate("Report", "Layer map"), mapHeading,
                     [&layerMap](QPainter &p, const QRectF &area) {
                         LayerMapOptions o;
                         LayerMapPainter(layerMap).paint(p, area, o);
                     }});
    pages.push_back({QCoreApplication::translate("Report", "Dependency graph"),
                     QCoreApplication::translate("Report", "Dependency graph: who relies on whom"),
                     [&graph](QPainter &p, const QRectF &area) {
                         paintGraph(p, area, graph, {});
                     }});
    chartPage(QCoreApplication::translate("Report", "Price war"), data.priceWar);
    chartPage(QCoreApplication::translate("Report", "Valuation"), data.valuation);
    chartPage(QCoreApplication::translate("Report", "Usage share"), data.usage);
    const int perPage = rowsPerPage(content);
    const auto tablePages = [&](const QString &section, const ReportTable &t) {
        for (int first = 0; first < std::max<qsizetype>(1, t.rows.size()); first += perPage) {
            pages.push_back(
                {first == 0 ? section : QString(),
                 section + (first ? QCoreApplication::translate("Report", " (continued)") : QString()),
                 [&t, first, perPage](QPainter &p, const QRectF &area) {
                     paintTable(p, area, t, first, perPage);
                 }});
        }
    };
    tablePages(QCoreApplication::translate("Report", "Data: protocols"), data.protocols);
    tablePages(QCoreApplication::translate("Report", "Data: price advantage index (") + data.gpu +
                   QStringLiteral(")"),
               data.index);
    tablePages(QCoreApplication::translate("Report", "Sources"), data.sources);
    // Citations are the point of this page: each claim gets its full citation, wrapped, not a cell.
    constexpr int claimsPerPage = 14;
    for (int first = 0; first < std::max<qsizetype>(1, data.claims.rows.size()); first += claimsPerPage) {
        pages.push_back(
            {first == 0 ? QCoreApplication::translate("Report", "Research claims and citations") : QString(),
             QCoreApplication::translate("Report", "Research claims and citations") +
                 (first ? QCoreApplication::translate("Report", " (continued)") : QString()),
             [&claims = data.claims, first](QPainter &p, const QRectF &area) {
                 paintClaims(p, area, claims, first, claimsPerPage);
             }});
    }
    return pages;
}

// The running head (title, data as-of, the page's heading) and the page number.
void paintFrame(QPainter &p, const QRectF &logical, const Page &page, int number, int count,
                const QString &title, const QString &dataAsOf)
{
    QFont base = p.font();
    base.setPointSizeF(9);
    p.setFont(base);
    p.setPen(QColor(0x5f, 0x63, 0x68));
    if (number > 1) {
        p.drawText(QRectF(0, 0, logical.width(), 16), Qt::AlignLeft, title);
        p.drawText(QRectF(0, 0, logical.width(), 16), Qt::AlignRight,
                   QCoreApplication::translate("Report", "Data as of %1").arg(dataAsOf));
        QFont h = base;
        h.setPointSizeF(15);
        h.setBold(true);
        p.setFont(h);
        p.setPen(QColor(0x20, 0x22, 0x25));
        p.drawText(QRectF(0, 16, logical.width(), 26), Qt::AlignLeft | Qt::AlignVCenter, page.heading);
        p.setFont(base);
    }
    p.setPen(QColor(0x5f, 0x63, 0x68));
    p.drawText(QRectF(0, logical.height() - 18, logical.width(), 16), Qt::AlignCenter,
               QCoreApplication::translate("Report", "Page %1 of %2").arg(number).arg(count));
}

void paintCover(QPainter &p, const QRectF &logical, const SnapshotMeta *snapshot,
                const ReportOptions &options, const QString &dataAsOf)
{
    const QFont base = p.font();
    QFont t = base;
    t.setPointSizeF(30);
    t.setBold(true);
    p.setFont(t);
    p.setPen(QColor(0x20, 0x22, 0x25));
    p.drawText(QRectF(60, 160, logical.width() - 120, 90), Qt::AlignLeft | Qt::TextWordWrap, options.title);
    QFont s = base;
    s.setPointSizeF(13);
    p.setFont(s);
    QString lines =
        QCoreApplication::translate("Report",
                                    "StackAtlas report\nData as of %1\nGenerated %2 by StackAtlas %3\n")
            .arg(dataAsOf, QDateTime::currentDateTimeUtc().toString(Qt::ISODate), options.appVersion);
    if (snapshot)
        lines += QStringLiteral("Snapshot \"%1\" of %2\nContent hash (%3):\n")
                     .arg(q(snapshot->title), q(snapshot->createdAt), q(snapshot->contentHashKind));
    else
        lines += QStringLiteral("From a live cache, not a snapshot: save a snapshot to freeze what this "
                                "report shows.\n");
    QRectF used;
    p.drawText(QRectF(60, 270, logical.width() - 120, 300), Qt::AlignLeft | Qt::TextWordWrap, lines, &used);
    if (snapshot) {
        // Monospace and unshaped: a ligature ("ff" as one glyph) would make the hash copied out of the
        // PDF differ from the real one.
        QFont mono(QStringLiteral("DejaVu Sans Mono"));
        mono.setStyleHint(QFont::Monospace);
        mono.setStyleStrategy(QFont::PreferNoShaping);
        mono.setPointSizeF(12);
        p.setFont(mono);
        p.drawText(QRectF(60, used.bottom() + 2, logical.width() - 120, 30), Qt::AlignLeft,
                   q(snapshot->contentHash));
    }
}

void paintContents(QPainter &p, const QRectF &content, const std::vector<std::pair<QString, int>> &contents)
{
    QFont c = p.font();
    c.setPointSizeF(12);
    p.setFont(c);
    p.setPen(QColor(0x20, 0x22, 0x25));
    double y = content.top() + 10;
    for (const auto &[section, number] : contents) {
        p.drawText(QRectF(60, y, 700, 26), Qt::AlignLeft | Qt::AlignVCenter, section);
        p.drawText(QRectF(760, y, 80, 26), Qt::AlignRight | Qt::AlignVCenter, QString::number(number));
        y += 28;
    }
}

// The report's charts, PNG and SVG, written into `staging` (a folder beside the charts folder, so
// the moves into place cannot fail for space). The first failure stops it.
Status writeChartFiles(const ReportData &data, const LayerMapModel &layerMap, const GraphScene &graph,
                       const QDir &staging, QStringList &names)
{
    const QSize size(1600, 1000);
    for (const QString &fmt : {QStringLiteral("png"), QStringLiteral("svg")}) {
        const auto out = [&](const char *name) {
            names << QString::fromLatin1(name) + QLatin1Char('.') + fmt;
            return staging.filePath(names.back());
        };
        const std::vector<std::function<Status()>> files{
            [&] { return exportLayerMap(layerMap, {}, size, fmt, out("layer-map")); },
            [&] { return exportGraph(graph, {}, fmt, out("dependency-graph")); },
            [&] {
                return exportCharts(data.priceWar, fmt, out("price-war"), size,
                                    QCoreApplication::translate("Report", "Price war"));
            },
            [&] {
                return exportCharts(data.valuation, fmt, out("valuation"), size,
                                    QCoreApplication::translate("Report", "Valuation"));
            },
            [&] {
                return exportCharts(data.usage, fmt, out("usage"), size,
                                    QCoreApplication::translate("Report", "Usage share"));
            }};
        for (const auto &write : files)
            if (Status s = write(); !s.isOk())
                return s;
    }
    return Status::ok();
}

// Moves the staged charts into the charts folder, each replacing its older copy (rename(2)).
Status placeChartFiles(const QDir &staging, const QString &chartsDir, const QStringList &names,
                       QStringList &placed)
{
    const QDir dir(chartsDir);
    for (const QString &name : names) {
        const QByteArray from = QFile::encodeName(staging.filePath(name));
        const QByteArray to = QFile::encodeName(dir.filePath(name));
        if (std::rename(from.constData(), to.constData()) != 0)
            return Status::error(StatusCode::IoError,
                                 dir.filePath(name).toStdString() + ": " + std::strerror(errno));
        placed << dir.filePath(name);
    }
    return Status::ok();
}

} // namespace

Result<ReportSummary> writeReport(const ReportData &data, const SnapshotMeta *snapshot, const QString &path,
                                  const ReportOptions &options)
{
    LayerMapModel layerMap;
    layerMap.setContents(data.layerMap); // with its comparison, for report --compare
    const GraphScene graph = buildGraphScene(data.layerMap.taxonomy, DependencyGraph::Level::Category, true);
    const QPageLayout layout(QPageSize(options.page), QPageLayout::Landscape, QMarginsF(12, 12, 12, 12),
                             QPageLayout::Millimeter);
    const QRect paintable = layout.paintRectPixels(96);
    // Pages are laid out in a logical space kLogicalWidth wide and scaled onto the landscape page.
    const double scale = paintable.width() / kLogicalWidth;
    const QRectF logical(0, 0, kLogicalWidth, paintable.height() / scale);
    const QRectF content = logical.adjusted(0, 44, 0, -30);
    const std::vector<Page> pages = planPages(data, layerMap, graph, content);

    ReportSummary summary;
    summary.pages = int(pages.size());
    std::vector<std::pair<QString, int>> contents;
    for (int i = 1; i < int(pages.size()); ++i)
        if (!pages[std::size_t(i)].section.isEmpty()) {
            contents.emplace_back(pages[std::size_t(i)].section, i + 1);
            summary.sections << pages[std::size_t(i)].section;
        }

    // The charts first, into a staging folder beside the charts folder: a failure on any of them
    // leaves the charts folder and the report as they were.
    std::unique_ptr<QTemporaryDir> staging;
    QStringList chartNames;
    if (!options.chartsDir.isEmpty()) {
        if (!QDir().mkpath(options.chartsDir))
            return Status::error(StatusCode::IoError, "cannot create " + options.chartsDir.toStdString());
        staging = std::make_unique<QTemporaryDir>(
            QDir(options.chartsDir).absoluteFilePath(QStringLiteral("../.stackatlas-charts-XXXXXX")));
        if (!staging->isValid())
            return Status::error(StatusCode::IoError, options.chartsDir.toStdString() + ": " +
                                                          staging->errorString().toStdString());
        if (Status s = writeChartFiles(data, layerMap, graph, QDir(staging->path()), chartNames); !s.isOk())
            // Named where it was going, not where it was staged; nothing of it is left.
            return Status::error(s.code(),
                                 QString::fromStdString(s.message())
                                     .replace(staging->path(), QDir(options.chartsDir).absolutePath())
                                     .toStdString());
    }
    // Written in memory, then to the file in one checked write: QPdfWriter does not report a device
    // that stopped taking bytes, and a full disk must leave the earlier report as it was.
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter pdf(&buffer);
        pdf.setResolution(96);
        pdf.setPageLayout(layout);
        pdf.setTitle(options.title);
        pdf.setCreator(QStringLiteral("StackAtlas ") + options.appVersion);
        QPainter p(&pdf);
        p.setRenderHint(QPainter::Antialiasing);
        const QString dataAsOf =
            data.asOf ? q(formatIsoUtc(*data.asOf)) : QCoreApplication::translate("Report", "no data");
        for (int i = 0; i < int(pages.size()); ++i) {
            if (i > 0)
                pdf.newPage();
            p.save();
            p.scale(scale, scale);
            const Page &page = pages[std::size_t(i)];
            paintFrame(p, logical, page, i + 1, int(pages.size()), options.title, dataAsOf);
            if (i == 0)
                paintCover(p, logical, snapshot, options, dataAsOf);
            else if (i == kContentsPage)
                paintContents(p, content, contents);
            else if (page.paint)
                page.paint(p, content);
            p.restore();
            if (options.onPage && !options.onPage(i + 1, int(pages.size()))) {
                p.end();
                return Status::error(StatusCode::Cancelled,
                                     "report export cancelled; " + path.toStdString() + " is unchanged");
            }
        }
        if (!p.end() || bytes.isEmpty())
            return Status::error(StatusCode::Internal,
                                 path.toStdString() + ": the PDF writer failed; the file is unchanged");
    }
    if (Status s = writeFileAtomically(path, bytes); !s.isOk())
        return s;
    if (!options.chartsDir.isEmpty())
        if (Status s =
                placeChartFiles(QDir(staging->path()), options.chartsDir, chartNames, summary.chartFiles);
            !s.isOk())
            return s;
    return summary;
}

Result<ReportSummary> writeReport(const Cache &cache, const SnapshotMeta *snapshot, const QString &path,
                                  const ReportOptions &options)
{
    auto data = gatherReportData(cache, options.gpu, options.asOf);
    if (!data.isOk())
        return data.status();
    return writeReport(data.value(), snapshot, path, options);
}

} // namespace stackatlas
