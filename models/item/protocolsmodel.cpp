// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocolsmodel.h"
#include "models/domain/derivedcaps.h"

#include "protocolsroles.h"
#include "valueformat.h"

#include "datasources/cache/cache.h"

#include <QColor>
#include <QSet>

#include <map>

namespace stackatlas {

namespace {

QString fromStd(const std::string &s)
{
    return QString::fromStdString(s);
}

QString provenanceText(const LatestValue &v)
{
    return ProtocolsModel::tr("%1 = %2 %3\nSource: %4 (%5)\nAs of: %6\nFetched: %7")
        .arg(fromStd(v.metric), QString::number(v.value, 'g', 10), fromStd(v.unit),
             fromStd(v.provenance.source), fromStd(v.provenance.endpoint),
             formatUtcDateTime(v.provenance.asOf), formatUtcDateTime(v.provenance.fetchedAt));
}

// Which of metrics() a column shows; -1 for columns that show no stored metric. FDV/MC sits
// between FDV and volume, so column order and metric order differ.
int metricSlot(int column)
{
    switch (column) {
    case ProtocolsModel::PriceColumn:
        return 0;
    case ProtocolsModel::MarketCapColumn:
        return 1;
    case ProtocolsModel::FdvColumn:
        return 2;
    case ProtocolsModel::Volume24hColumn:
        return 3;
    default:
        return -1;
    }
}

} // namespace

const std::vector<std::string> &ProtocolsModel::metrics()
{
    static const std::vector<std::string> list{"price_usd", "market_cap_usd", "fdv_usd", "volume_24h_usd"};
    return list;
}

ProtocolsModel::ProtocolsModel(QObject *parent) : QAbstractTableModel(parent) {}

std::optional<double> ProtocolsModel::Row::fdvOverMarketCap() const
{
    const auto &mc = values[1];
    const auto &fdv = values[2];
    // Only figures of one snapshot make a ratio: an FDV from May over a market cap from June is noise.
    if (!mc || !fdv || mc->value <= 0 || mc->ts != fdv->ts || mc->provenance.source != fdv->provenance.source)
        return std::nullopt;
    return fdv->value / mc->value;
}

std::optional<std::pair<UnixSeconds, UnixSeconds>> ProtocolsModel::Row::dateSpan() const
{
    std::optional<std::pair<UnixSeconds, UnixSeconds>> span;
    for (const auto &v : values) {
        if (!v)
            continue;
        if (!span)
            span.emplace(v->ts, v->ts);
        span->first = std::min(span->first, v->ts);
        span->second = std::max(span->second, v->ts);
    }
    return span;
}

std::vector<ProtocolsModel::Row> ProtocolsModel::buildRows(const Taxonomy &taxonomy,
                                                           const std::vector<LatestValue> &latest) const
{
    std::map<std::pair<std::string, std::string>, const LatestValue *> byKey;
    for (const auto &v : latest)
        byKey[{v.entityId, v.metric}] = &v;

    std::vector<Row> rows;
    // Protocols first, then providers: the table reads like the stack, then what sits beside it.
    for (const EntityKind kind : {EntityKind::Protocol, EntityKind::Provider}) {
        for (const auto &e : taxonomy.entities) {
            if (e.kind != kind)
                continue;
            Row row;
            row.entity = e;
            int layerIndex = int(taxonomy.layers.size());
            if (const Layer *layer = taxonomy.layerOf(e)) {
                row.layerId = fromStd(layer->id);
                row.layerName = fromStd(layer->name);
                layerIndex = taxonomy.layerIndex(layer->id);
            }
            int categoryIndex = 0;
            for (std::size_t c = 0; c < taxonomy.categories.size(); ++c) {
                if (taxonomy.categories[c].id == e.categoryId)
                    categoryIndex = int(c);
            }
            row.stackOrder = (layerIndex * 1000 + categoryIndex) * 1000 + int(rows.size());
            if (const Category *c = taxonomy.category(e.categoryId))
                row.categoryName = fromStd(c->name);
            if (const ProviderClass *pc = taxonomy.providerClass(e.providerClass))
                row.className = fromStd(pc->name);
            for (std::size_t m = 0; m < metrics().size(); ++m) {
                const auto it = byKey.find({e.id, metrics()[m]});
                if (it != byKey.end())
                    row.values[m] = *it->second;
            }
            rows.push_back(std::move(row));
        }
    }
    return rows;
}

void ProtocolsModel::setContents(const Taxonomy &taxonomy, const std::vector<LatestValue> &latest)
{
    std::vector<Row> next = buildRows(taxonomy, latest);

    QSet<QString> nextIds;
    for (const auto &r : next)
        nextIds.insert(fromStd(r.entity.id));
    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        if (!nextIds.contains(fromStd(m_rows[std::size_t(i)].entity.id))) {
            beginRemoveRows({}, i, i);
            m_rows.erase(m_rows.begin() + i);
            endRemoveRows();
        }
    }
    for (std::size_t i = 0; i < next.size(); ++i) {
        if (i < m_rows.size() && m_rows[i].entity.id == next[i].entity.id) {
            if (!(m_rows[i] == next[i])) {
                m_rows[i] = next[i];
                emit dataChanged(index(int(i), 0), index(int(i), ColumnCount - 1));
            }
            continue;
        }
        const bool movedLater =
            std::any_of(m_rows.begin() + std::ptrdiff_t(std::min(i, m_rows.size())), m_rows.end(),
                        [&](const Row &r) { return r.entity.id == next[i].entity.id; });
        if (movedLater) {
            // The taxonomy itself was reordered: rare enough that a reset is the honest signal.
            beginResetModel();
            m_rows = std::move(next);
            endResetModel();
            return;
        }
        beginInsertRows({}, int(i), int(i));
        m_rows.insert(m_rows.begin() + std::ptrdiff_t(i), next[i]);
        endInsertRows();
    }
}

Result<ProtocolsModel::Contents> ProtocolsModel::load(const Cache &cache, const AsOf &asOf)
{
    auto taxonomy = cache.taxonomy();
    if (!taxonomy.isOk())
        return taxonomy.status();
    auto latest = cache.latestValues(metrics(), asOf);
    if (!latest.isOk())
        return latest.status();
    Contents out{std::move(taxonomy).value(), std::move(latest).value(), {}, {}};
    if (asOf.compareFrom) {
        const auto a = cache.latestValueCandidates(metrics(), asOf.atCompareFrom());
        const auto b = cache.latestValueCandidates(metrics(), asOf);
        if (!a.isOk())
            return a.status();
        if (!b.isOk())
            return b.status();
        for (const std::string &metric : metrics())
            for (ComparedFigure &f :
                 compareDates(out.taxonomy, a.value(), b.value(), metric, CompareLevel::Protocol))
                out.compared.push_back(std::move(f));
    }
    if (!cache.hasRevisions())
        return out;
    for (const LatestValue &v : out.latest) {
        auto revised = cache.revisions(v.entityId, v.metric);
        if (!revised.isOk())
            return revised.status();
        for (Revision &r : revised.value())
            if (r.ts == v.ts && r.key.source == v.provenance.source && r.key.dims.empty())
                out.revisions.push_back(std::move(r));
    }
    return out;
}

void ProtocolsModel::setContents(const Contents &contents)
{
    const bool wasComparing = !m_compared.empty();
    m_compared.clear();
    for (const ComparedFigure &f : contents.compared)
        m_compared[{f.id, f.metric}] = f;
    if (wasComparing != !m_compared.empty())
        emit headerDataChanged(Qt::Horizontal, PriceColumn, Volume24hColumn);
    m_revisions.clear();
    for (const Revision &r : contents.revisions)
        m_revisions[{r.key.entityId, r.key.metric}].push_back(r);
    setContents(contents.taxonomy, contents.latest);
}

Status ProtocolsModel::reload(const Cache &cache, const AsOf &asOf)
{
    auto contents = load(cache, asOf);
    if (!contents.isOk())
        return contents.status();
    setContents(contents.value());
    return Status::ok();
}

QModelIndex ProtocolsModel::indexFor(const QString &entityId, int column) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (fromStd(m_rows[i].entity.id) == entityId)
            return index(int(i), column);
    }
    return {};
}

QString ProtocolsModel::entityIdAt(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? fromStd(m_rows[std::size_t(row)].entity.id) : QString();
}

int ProtocolsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ProtocolsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProtocolsModel::displayValue(const Row &row, int column) const
{
    switch (column) {
    case NameColumn:
        return fromStd(row.entity.name);
    case LayerColumn:
        return row.layerName.isEmpty() ? QStringLiteral("—") : row.layerName;
    case CategoryColumn:
        return row.categoryName;
    case ClassColumn:
        return row.className;
    case TokenColumn:
        return fromStd(row.entity.tokenSymbol);
    case PriceColumn:
    case MarketCapColumn:
    case FdvColumn:
    case Volume24hColumn: {
        const auto format = [column](double value) {
            return column == PriceColumn ? formatUsdPrice(value) : formatUsdCompact(value);
        };
        if (const ComparedFigure *f = compared(row, column)) {
            // Compare mode: A -> B and the change, each end unknown when it is.
            if (!f->a && !f->b)
                return {};
            const auto end = [&](const std::optional<double> &v, const std::string &sources) {
                if (!v)
                    return tr("unknown");
                return sources.find(kDerivedSource) != std::string::npos ? tr("%1 (derived)").arg(format(*v))
                                                                         : format(*v);
            };
            const QString a = end(f->a, f->sourcesA), b = end(f->b, f->sourcesB);
            const auto change = f->change();
            return change ? tr("%1 \u2192 %2 (%3%4%)")
                                .arg(a, b, *change > 0 ? QStringLiteral("+") : QString())
                                .arg(*change, 0, 'f', 1)
                          : tr("%1 \u2192 %2").arg(a, b);
        }
        const auto &v = row.values[std::size_t(metricSlot(column))];
        if (!v)
            return {};
        // A derived market cap (price x a dated supply) says so; a stale value, shown only when
        // asked for, never comes without its date.
        const QString figure =
            isDerived(v->provenance) ? tr("%1 (derived)").arg(format(v->value)) : format(v->value);
        return v->stale ? tr("%1 (%2)").arg(figure, formatUtcDate(v->ts)) : figure;
    }
    case AsOfColumn: {
        const auto span = row.dateSpan();
        if (!span)
            return {};
        const QString first = formatUtcDate(span->first);
        const QString last = formatUtcDate(span->second);
        return first == last ? last : tr("%1 to %2").arg(first, last);
    }
    case FdvMcColumn: {
        const auto ratio = row.fdvOverMarketCap();
        return ratio ? formatRatio(*ratio) : QVariant();
    }
    }
    return {};
}

const ComparedFigure *ProtocolsModel::compared(const Row &row, int column) const
{
    if (m_compared.empty() || metricSlot(column) < 0)
        return nullptr;
    const auto it = m_compared.find({row.entity.id, metrics()[std::size_t(metricSlot(column))]});
    return it == m_compared.end() ? nullptr : &it->second;
}

QVariant ProtocolsModel::sortValue(const Row &row, int column) const
{
    switch (column) {
    case LayerColumn:
        // The stack's order, bottom up, then the taxonomy's order within it (category by
        // category), providers last.
        return row.stackOrder;
    case PriceColumn:
    case MarketCapColumn:
    case FdvColumn:
    case Volume24hColumn: {
        if (const ComparedFigure *f = compared(row, column)) // compare mode sorts by the change
            return f->change() ? QVariant(*f->change()) : QVariant();
        const auto &v = row.values[std::size_t(metricSlot(column))];
        return v ? QVariant(v->value) : QVariant();
    }
    case FdvMcColumn: {
        const auto ratio = row.fdvOverMarketCap();
        return ratio ? QVariant(*ratio) : QVariant();
    }
    case AsOfColumn: {
        const auto span = row.dateSpan();
        return span ? QVariant(qint64(span->second)) : QVariant();
    }
    default:
        return displayValue(row, column).toString().toCaseFolded();
    }
}

QString ProtocolsModel::toolTip(const Row &row, int column) const
{
    switch (column) {
    case NameColumn: {
        QString tip = fromStd(row.entity.name) + QStringLiteral(" [") + fromStd(row.entity.id) + u']';
        if (!row.entity.website.empty())
            tip += u'\n' + fromStd(row.entity.website);
        if (!row.entity.idNote.empty())
            tip += u'\n' + fromStd(row.entity.idNote);
        return tip;
    }
    case LayerColumn:
        return row.layerName.isEmpty() ? tr("A compute provider outside the Web3 AI stack") : QString();
    case TokenColumn:
        if (row.entity.tokenSymbol.empty())
            return tr("No token recorded");
        return tr("CoinGecko id: %1")
            .arg(row.entity.coingeckoId.empty() ? tr("not confirmed") : fromStd(row.entity.coingeckoId));
    case PriceColumn:
    case MarketCapColumn:
    case FdvColumn:
    case Volume24hColumn: {
        if (const ComparedFigure *f = compared(row, column)) {
            const auto end = [](const std::optional<double> &v, const std::string &source, UnixSeconds ts) {
                return v ? tr("%1 (%2, %3)")
                               .arg(QString::number(*v, 'g', 10), fromStd(source), formatUtcDate(ts))
                         : tr("unknown within its window");
            };
            return tr("%1 from A to B\nA: %2\nB: %3%4")
                .arg(fromStd(f->metric), end(f->a, f->sourcesA, f->fromA), end(f->b, f->sourcesB, f->fromB),
                     f->a && f->b && f->sourcesA != f->sourcesB
                         ? tr("\nThe sources differ: no source has both dates")
                         : QString());
        }
        const std::size_t slot = std::size_t(metricSlot(column));
        const auto &v = row.values[slot];
        if (!v)
            return tr("Unknown at the date shown: no %1 for %2 within its window")
                .arg(fromStd(metrics()[slot]), fromStd(row.entity.name));
        QString text =
            v->stale ? tr("Stale: older than its window at the date shown\n\n%1").arg(provenanceText(*v))
                     : provenanceText(*v);
        // A value that replaced earlier readings of the same moment says what they were.
        if (const auto it = m_revisions.find({row.entity.id, v->metric}); it != m_revisions.end()) {
            text += u'\n' + tr("Earlier readings of this moment, replaced:");
            for (const Revision &r : it->second)
                text += u'\n' + tr("  %1 from %2 (fetched %3), replaced %4")
                                    .arg(QString::number(r.value, 'g', 10), fromStd(r.provenance.endpoint),
                                         formatUtcDateTime(r.provenance.fetchedAt),
                                         formatUtcDateTime(r.replacedAt));
        }
        return text;
    }
    case AsOfColumn: {
        QStringList lines;
        for (std::size_t m = 0; m < row.values.size(); ++m)
            if (const auto &v = row.values[m])
                lines << tr("%1: %2 (%3)%4")
                             .arg(fromStd(metrics()[m]), formatUtcDateTime(v->ts),
                                  fromStd(v->provenance.source), v->stale ? tr(", stale") : QString());
        return lines.isEmpty() ? tr("No figure within its window at the date shown") : lines.join(u'\n');
    }
    case FdvMcColumn: {
        if (!row.fdvOverMarketCap()) {
            const auto &mc = row.values[1];
            const auto &fdv = row.values[2];
            if (mc && fdv && mc->value > 0)
                return tr("Unknown: the latest FDV (%1, %2) and market cap (%3, %4) are not from the same "
                          "snapshot")
                    .arg(formatUtcDateTime(fdv->ts), fromStd(fdv->provenance.source),
                         formatUtcDateTime(mc->ts), fromStd(mc->provenance.source));
            return tr("Unknown: needs both FDV and a market cap above zero from the same snapshot");
        }
        return tr("FDV ÷ market cap\n\n%1\n\n%2")
            .arg(provenanceText(*row.values[2]), provenanceText(*row.values[1]));
    }
    default:
        return {};
    }
}

QVariant ProtocolsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(row, index.column());
    case Qt::ToolTipRole:
        return toolTip(row, index.column());
    case Qt::TextAlignmentRole:
        return index.column() >= PriceColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                             : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (index.column() >= PriceColumn && index.column() <= Volume24hColumn &&
            index.column() != FdvMcColumn)
            if (const auto &v = row.values[std::size_t(metricSlot(index.column()))]; v && v->stale)
                return QColor(0x80, 0x84, 0x8a); // greyed: a stale value shown on request
        return {};
    case SortRole:
        return sortValue(row, index.column());
    case EntityIdRole:
        return fromStd(row.entity.id);
    case LayerIdRole:
        return row.layerId;
    case EntityKindRole:
        return QString::fromLatin1(toString(row.entity.kind).data());
    default:
        return {};
    }
}

QVariant ProtocolsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case NameColumn:
            return tr("Name");
        case LayerColumn:
            return tr("Layer");
        case CategoryColumn:
            return tr("Category");
        case ClassColumn:
            return tr("Class");
        case TokenColumn:
            return tr("Token");
        case PriceColumn:
            return m_compared.empty() ? tr("Price\n(USD)") : tr("Price\n(USD, A \u2192 B)");
        case MarketCapColumn:
            return m_compared.empty() ? tr("Market cap\n(USD)") : tr("Market cap\n(USD, A \u2192 B)");
        case FdvColumn:
            return m_compared.empty() ? tr("FDV\n(USD)") : tr("FDV\n(USD, A \u2192 B)");
        case FdvMcColumn:
            return tr("FDV / MC\n(ratio)");
        case Volume24hColumn:
            return m_compared.empty() ? tr("24h volume\n(USD)") : tr("24h volume\n(USD, A \u2192 B)");
        case AsOfColumn:
            return tr("As of\n(UTC)");
        }
    }
    if (role == Qt::ToolTipRole && section == FdvMcColumn)
        return tr("Fully diluted valuation divided by market cap: the dilution overhang");
    if (role == Qt::ToolTipRole && section == AsOfColumn)
        return tr("The date of the row's figures: each is the newest at or before the date shown, within "
                  "its staleness window");
    return {};
}

} // namespace stackatlas
