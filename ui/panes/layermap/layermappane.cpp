// SPDX-License-Identifier: GPL-3.0-or-later
#include "layermappane.h"

#include "sparkline.h"

#include "models/item/layermapmodel.h"
#include "models/item/layermaproles.h"
#include "models/item/valueformat.h"
#include "ui/views/layermapview.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

#include <set>

namespace stackatlas {
namespace {

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

// Every node reachable from `start` following edges forwards (upstream: what it relies on) or
// backwards (downstream: what relies on it), by name.
std::vector<std::string> closure(const Taxonomy &t, const std::string &start, bool upstream)
{
    std::vector<std::string> out;
    std::set<std::string> seen{start};
    std::vector<std::string> todo{start};
    while (!todo.empty()) {
        const std::string n = todo.back();
        todo.pop_back();
        for (const auto &d : t.dependencies) {
            const std::string &from = upstream ? d.fromId : d.toId;
            const std::string &to = upstream ? d.toId : d.fromId;
            if (from == n && seen.insert(to).second) {
                out.push_back(to);
                todo.push_back(to);
            }
        }
    }
    return out;
}

// "70%", "40–60%", "6×", "$10.0M": the claim's figure in its unit.
QString formatClaim(const Claim &c)
{
    auto one = [&](double v) {
        if (c.unit == "percent")
            return QStringLiteral("%1%").arg(v);
        if (c.unit == "ratio")
            return QStringLiteral("%1×").arg(v);
        if (c.unit == "USD")
            return formatUsdCompact(v);
        return QStringLiteral("%1 %2").arg(v).arg(QString::fromStdString(c.unit));
    };
    return c.valueHigh ? one(c.value) + QStringLiteral("–") + one(*c.valueHigh) : one(c.value);
}

} // namespace

LayerMapPane::LayerMapPane(LayerMapModel *model, QWidget *parent)
    : Pane(parent), m_model(model), m_view(new LayerMapView), m_size(new QComboBox), m_colour(new QComboBox),
      m_providers(new QCheckBox(tr("Compute providers"))), m_search(new QLineEdit),
      m_details(new QTextBrowser), m_sparkline(new Sparkline)
{
    using S = LayerMapOptions::Size;
    using C = LayerMapOptions::Colour;
    for (S s : {S::MarketCap, S::Fdv, S::Volume24h, S::Fees30d, S::Equal})
        m_size->addItem(LayerMapOptions::sizeName(s), int(s));
    // Layer first: it always has data; price changes need a daily history the cache may not hold.
    for (C c : {C::Layer, C::Change24h, C::Change7d, C::Change30d, C::FdvOverMc})
        m_colour->addItem(LayerMapOptions::colourName(c), int(c));
    m_size->setAccessibleName(tr("Tile area"));
    m_size->setObjectName(QStringLiteral("area"));
    m_colour->setObjectName(QStringLiteral("colour"));
    m_providers->setObjectName(QStringLiteral("computeProviders"));
    m_colour->setAccessibleName(tr("Tile colour"));
    // Off at first: providers have no token, so sized by market cap they are all "no data".
    m_providers->setChecked(false);
    m_providers->setToolTip(
        tr("Show the hyperscalers, neoclouds and marketplaces beside the decentralized stack"));
    m_search->setPlaceholderText(tr("Highlight…"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Highlight protocols"));
    auto *exportButton = new QPushButton(tr("Export…"));

    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Area:")));
    controls->addWidget(m_size);
    controls->addWidget(new QLabel(tr("Colour:")));
    controls->addWidget(m_colour);
    controls->addWidget(m_providers);
    controls->addWidget(m_search, 1);
    controls->addWidget(exportButton);

    m_view->setLayerMapModel(model);
    m_details->setOpenLinks(false);
    m_details->setAccessibleName(tr("Details"));
    m_details->setHtml(
        tr("<p>Select a tile to see its figures, where they come from, and what depends on what. "
           "Double-click a category to zoom into it; Escape zooms out.</p>"));
    auto *side = new QWidget;
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(m_sparkline);
    sideLayout->addWidget(m_details, 1);
    auto *splitter = new QSplitter;
    splitter->addWidget(m_view);
    splitter->addWidget(side);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({900, 300});

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(splitter, 1);

    connect(m_size, &QComboBox::currentIndexChanged, this, &LayerMapPane::applyOptions);
    connect(m_colour, &QComboBox::currentIndexChanged, this, &LayerMapPane::applyOptions);
    connect(m_providers, &QCheckBox::toggled, this, &LayerMapPane::applyOptions);
    connect(m_search, &QLineEdit::textChanged, this, &LayerMapPane::search);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { showDetails(current); });
    connect(m_details, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        const QModelIndex idx = m_model->indexForId(url.path());
        if (idx.isValid())
            m_view->setCurrentIndex(idx);
    });
    connect(exportButton, &QPushButton::clicked, this, &LayerMapPane::exportWithDialog);
    connect(model, &QAbstractItemModel::modelReset, this, [this] { showDetails(m_view->currentIndex()); });
    // In compare mode the colour is the change from A to B; the colour choice waits until it ends.
    const auto followCompare = [this] {
        const bool comparing = m_model->comparison().has_value();
        m_colour->setEnabled(!comparing);
        m_colour->setToolTip(comparing ? tr("Compare mode colours tiles by the change from A to B (the as-of "
                                            "date); untick \"Compare with\" to choose another colour")
                                       : QString());
    };
    connect(model, &QAbstractItemModel::modelReset, this, followCompare);
    connect(model, &QAbstractItemModel::dataChanged, this, followCompare);
    followCompare();
    applyOptions();
}

void LayerMapPane::applyOptions()
{
    LayerMapOptions o = m_view->options();
    o.size = LayerMapOptions::Size(m_size->currentData().toInt());
    o.colour = LayerMapOptions::Colour(m_colour->currentData().toInt());
    o.showProviders = m_providers->isChecked();
    m_view->setOptions(o);
}

void LayerMapPane::search(const QString &text)
{
    QSet<QString> hits;
    const QString needle = text.trimmed();
    if (!needle.isEmpty()) {
        for (const auto &e : m_model->taxonomy().entities) {
            if (q(e.name).contains(needle, Qt::CaseInsensitive) ||
                q(e.id).contains(needle, Qt::CaseInsensitive) ||
                q(e.tokenSymbol).contains(needle, Qt::CaseInsensitive))
                hits.insert(q(e.id));
        }
    }
    m_view->setHighlighted(hits);
}

void LayerMapPane::exportWithDialog()
{
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export the layer map"), QStringLiteral("layer-map.png"),
                                     tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
    if (!path.isEmpty())
        exportTo(path);
}

void LayerMapPane::exportTo(const QString &path)
{
    const QString format = QFileInfo(path).suffix().toLower();
    const QSize size = m_view->viewport()->size().expandedTo(QSize(1280, 800));
    LayerMapOptions o = m_view->options();
    o.dark = false; // exports are light unless asked
    const Status s = exportLayerMap(*m_model, o, size, format, path);
    if (!s.isOk())
        QMessageBox::warning(this, tr("Export failed"), q(s.message()));
}

void LayerMapPane::showDetails(const QModelIndex &index)
{
    const Taxonomy &t = m_model->taxonomy();
    const Entity *e = t.entity(index.data(NodeIdRole).toString().toStdString());
    if (!index.isValid() || !e) {
        m_sparkline->setPoints({});
        return;
    }
    auto name = [&](const std::string &id) {
        if (const Entity *x = t.entity(id))
            return q(x->name);
        if (const Category *c = t.category(id))
            return q(c->name);
        if (const ProviderClass *pc = t.providerClass(id))
            return q(pc->name) + tr(" (class)");
        return q(id);
    };
    auto links = [&](const std::vector<std::string> &ids) {
        QStringList out;
        for (const auto &id : ids)
            out << QStringLiteral("<a href=\"node:%1\">%2</a>").arg(q(id), name(id).toHtmlEscaped());
        return out.isEmpty() ? tr("none recorded") : out.join(QStringLiteral(", "));
    };
    QString html = QStringLiteral("<h3>%1</h3>").arg(q(e->name).toHtmlEscaped());
    const Layer *layer = t.layerOf(*e);
    html += QStringLiteral("<p>%1%2%3</p>")
                .arg(layer ? q(layer->name) + QStringLiteral(" › ") + name(e->categoryId)
                           : tr("Outside the stack"),
                     e->providerClass.empty() ? QString() : QStringLiteral(" · ") + name(e->providerClass),
                     e->tokenSymbol.empty()
                         ? QString()
                         : tr(" · token %1 (CoinGecko %2)")
                               .arg(q(e->tokenSymbol),
                                    e->coingeckoId.empty() ? tr("id not confirmed") : q(e->coingeckoId)));
    html += QStringLiteral("<p>") +
            index.data(ProvenanceRole)
                .toString()
                .toHtmlEscaped()
                .replace(QLatin1Char('\n'), QStringLiteral("<br>")) +
            QStringLiteral("</p>");
    QStringList changes;
    for (const auto &[label, role] : {std::pair{tr("24h"), Change24hRole}, std::pair{tr("7d"), Change7dRole},
                                      std::pair{tr("30d"), Change30dRole}}) {
        const QVariant v = index.data(role);
        changes << QStringLiteral("%1 %2").arg(
            label, v.isValid() ? QStringLiteral("%1%2%")
                                     .arg(v.toDouble() > 0 ? QStringLiteral("+") : QString())
                                     .arg(formatDecimal(v.toDouble(), 1))
                               : tr("unknown"));
    }
    html += tr("<p>Price change: %1</p>").arg(changes.join(QStringLiteral(" · ")));
    // Dependencies reach an entity directly or through its category.
    std::vector<std::string> up = closure(t, e->id, true), down = closure(t, e->id, false);
    if (!e->categoryId.empty()) {
        for (const auto &id : closure(t, e->categoryId, true))
            if (std::find(up.begin(), up.end(), id) == up.end())
                up.push_back(id);
        for (const auto &id : closure(t, e->categoryId, false))
            if (std::find(down.begin(), down.end(), id) == down.end())
                down.push_back(id);
    }
    html += tr("<p><b>Relies on</b> (upstream): %1</p>").arg(links(up));
    html += tr("<p><b>Relied on by</b> (downstream): %1</p>").arg(links(down));
    QStringList claims;
    for (const auto &c : t.claims) {
        const bool concerns =
            std::any_of(c.subjects.begin(), c.subjects.end(), [&](const std::string &subject) {
                return subject == e->id || subject == e->categoryId || subject == e->providerClass;
            });
        if (concerns)
            claims << QStringLiteral("%1: %2").arg(q(c.statement).toHtmlEscaped(), formatClaim(c));
    }
    if (!claims.isEmpty())
        html += tr("<p><b>The research's claims</b> (%1):<br>%2</p>")
                    .arg(q(t.claims.front().source).toHtmlEscaped().left(60) + QStringLiteral("…"),
                         claims.join(QStringLiteral("<br>")));
    m_details->setHtml(html);
    const LayerMapModel::Figures *f = m_model->figures(e->id);
    m_sparkline->setPoints(
        f ? std::vector<std::pair<qint64, double>>(f->sparkline.begin(), f->sparkline.end())
          : std::vector<std::pair<qint64, double>>{});
}

} // namespace stackatlas
