// SPDX-License-Identifier: GPL-3.0-or-later
#include "pricewarpane.h"

#include "ui/dialogs/eventsdialog.h"

#include "models/item/chartdatamodel.h"
#include "models/item/chartloaders.h"
#include "models/store/datastore.h"
#include "ui/charts/chartpanel.h"
#include "ui/charts/chartstyle.h"

#include <QActionGroup>
#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QPushButton>
#include <QSplitter>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <cmath>

namespace stackatlas {

namespace {
QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

QIcon swatch(const QColor &c)
{
    QPixmap pm(12, 12);
    pm.fill(c);
    return QIcon(pm);
}
} // namespace

// The row above the charts: GPU, rental kind, range presets, log scale, index sides, events, export.
QHBoxLayout *PriceWarPane::makeControls()
{
    m_gpu = new QComboBox(this);
    m_gpu->setAccessibleName(tr("GPU model"));
    m_gpu->setObjectName(QStringLiteral("gpu"));
    m_rental = new QComboBox(this);
    m_rental->addItem(tr("On-demand"), QStringLiteral("on_demand"));
    m_rental->addItem(tr("Spot"), QStringLiteral("spot"));
    m_rental->setAccessibleName(tr("Rental kind"));
    m_rental->setObjectName(QStringLiteral("rental"));
    m_log = new QCheckBox(tr("&Log scale"), this);
    m_log->setObjectName(QStringLiteral("logScale"));
    m_presets = new QButtonGroup(this);
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("GPU:"), this));
    top->addWidget(m_gpu);
    top->addWidget(m_rental);
    top->addSpacing(12);
    for (const auto &[key, label] :
         std::vector<std::pair<QString, QString>>{{QStringLiteral("30d"), tr("30 d")},
                                                  {QStringLiteral("90d"), tr("90 d")},
                                                  {QStringLiteral("1y"), tr("1 y")},
                                                  {QStringLiteral("all"), tr("All")}}) {
        auto *b = new QToolButton(this); // compact: the row must fit a 1024 px window
        b->setText(label);
        b->setCheckable(true);
        b->setProperty("preset", key);
        b->setAccessibleName(tr("Show %1").arg(label));
        b->setChecked(key == m_preset);
        m_presets->addButton(b);
        top->addWidget(b);
    }
    top->addWidget(m_log);
    auto *sides = new QToolButton(this);
    sides->setText(tr("Index sides"));
    sides->setPopupMode(QToolButton::InstantPopup);
    m_sidesMenu = new QMenu(sides);
    sides->setMenu(m_sidesMenu);
    top->addWidget(sides);
    auto *events = new QPushButton(tr("&Events…"), this);
    top->addWidget(events);
    auto *exportButton = new QPushButton(tr("E&xport…"), this);
    top->addWidget(exportButton);
    top->addStretch(1);
    connect(m_presets, &QButtonGroup::buttonClicked, this,
            [this](QAbstractButton *b) { setPreset(b->property("preset").toString()); });
    connect(events, &QPushButton::clicked, this, &PriceWarPane::editEvents);
    connect(exportButton, &QPushButton::clicked, this, &ChartPane::exportWithDialog);
    return top;
}

PriceWarPane::PriceWarPane(DataStore &store, QWidget *parent)
    : ChartPane(store, DataChange::Points | DataChange::Events | DataChange::Taxonomy | DataChange::AsOf,
                parent),
      m_prices(new ChartDataModel(this)), m_index(new ChartDataModel(this))
{
    QHBoxLayout *top = makeControls();

    m_providers = new QTreeWidget(this);
    m_providers->setHeaderLabel(tr("Providers (click to show or hide)"));
    m_providers->setAccessibleName(tr("Providers"));
    m_providers->setMinimumWidth(200);
    m_providers->setMaximumWidth(280);

    m_pricePanel = new ChartPanel(m_prices, this);
    m_indexPanel = new ChartPanel(m_index, this);
    auto *charts = new QSplitter(Qt::Vertical, this);
    charts->addWidget(m_pricePanel);
    charts->addWidget(m_indexPanel);
    charts->setStretchFactor(0, 5);
    charts->setStretchFactor(1, 4);
    charts->setSizes({500, 400}); // whatever the charts' size hints before they are built
    auto *body = new QSplitter(Qt::Horizontal, this);
    body->addWidget(m_providers);
    body->addWidget(charts);
    body->setStretchFactor(1, 1);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(scrollable(body, QSize(860, 640)), 1);
    layout->addWidget(m_status);

    fillSidesMenu();
    connect(m_gpu, &QComboBox::activated, this, [this] { m_wantedGpu = m_gpu->currentData().toString(); });
    connect(m_gpu, &QComboBox::currentIndexChanged, this, [this] {
        m_options.gpu = m_gpu->currentData().toString().toStdString();
        reloadCharts();
    });
    connect(m_rental, &QComboBox::currentIndexChanged, this, [this] {
        m_options.selection.rental = m_rental->currentData().toString().toStdString();
        reloadCharts();
    });
    connect(m_log, &QCheckBox::toggled, this, &PriceWarPane::applyLook);
    // A zoom or pan of either chart moves the other to the same dates.
    const auto follow = [this](ChartPanel *other) {
        return [this, other](double from, double to) {
            if (m_syncingAxes)
                return;
            m_syncingAxes = true;
            other->setTimeWindow(std::make_pair(from, to), false);
            m_syncingAxes = false;
        };
    };
    connect(m_pricePanel, &ChartPanel::xRangeChanged, this, follow(m_indexPanel));
    connect(m_indexPanel, &ChartPanel::xRangeChanged, this, follow(m_pricePanel));
    connect(m_providers, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem *item) {
        const QVariant index = item->data(0, Qt::UserRole);
        if (!index.isValid() || !m_pricePanel->built())
            return;
        const auto si = std::size_t(index.toULongLong());
        const bool wanted = item->checkState(0) == Qt::Checked;
        if (m_pricePanel->built()->isSeriesVisible(si) != wanted) {
            m_pricePanel->built()->toggleSeries(si);
            m_pricePanel->built()->resample();
        }
    });
}

// Which classes sit on each side of the index.
void PriceWarPane::fillSidesMenu()
{
    const Taxonomy &taxonomy = m_store.taxonomy();
    for (const auto &[sideName, side] : std::vector<std::pair<QString, std::set<std::string> *>>{
             {tr("Cheaper side (numerator)"), &m_options.cheapSide},
             {tr("Incumbent side (denominator)"), &m_options.incumbentSide}}) {
        QMenu *menu = m_sidesMenu->addMenu(sideName);
        menu->setProperty("cheap", side == &m_options.cheapSide);
        for (const std::string &cls : providerClassOrder()) {
            const ProviderClass *pc = taxonomy.providerClass(cls);
            QAction *a = menu->addAction(pc ? q(pc->name) : q(cls));
            a->setCheckable(true);
            a->setChecked(side->count(cls) > 0);
            a->setData(q(cls));
            // An init-capture: clang 14 cannot capture a structured binding by name.
            connect(a, &QAction::toggled, this, [this, set = side, cls](bool on) {
                if (on)
                    set->insert(cls);
                else
                    set->erase(cls);
                reloadCharts();
            });
        }
    }
    // Days under it are drawn hollow and apart from the index line.
    QMenu *minimum = m_sidesMenu->addMenu(tr("Fewest providers a side"));
    minimum->setObjectName(QStringLiteral("minPerSideMenu"));
    auto *group = new QActionGroup(minimum);
    for (int n = 1; n <= 5; ++n) {
        QAction *a = minimum->addAction(n == 2 ? tr("%1 (default)").arg(n) : QString::number(n));
        a->setCheckable(true);
        a->setChecked(n == m_options.minProvidersPerSide);
        a->setData(n);
        group->addAction(a);
        connect(a, &QAction::triggered, this, [this, n] {
            m_options.minProvidersPerSide = n;
            reloadCharts();
        });
    }
    // The statistic compared is the median or list price; a source publishing only a mean is left
    // out (and named in the caption) unless this is on.
    QAction *mean = m_sidesMenu->addAction(tr("Compare the mean where a source publishes no median"));
    mean->setObjectName(QStringLiteral("meanWhereNoMedian"));
    mean->setCheckable(true);
    mean->setChecked(m_options.selection.meanWhereNoMedian);
    connect(mean, &QAction::toggled, this, [this](bool on) {
        m_options.selection.meanWhereNoMedian = on;
        reloadCharts();
    });
}

std::vector<ChartData> PriceWarPane::charts() const
{
    // An export holds what the pane shows: the preset's or the zoomed range, at full resolution.
    std::vector<ChartData> out{m_prices->chart(), m_index->chart()};
    if (m_pricePanel->built() && m_pricePanel->built()->dataXRange()) {
        const auto [from, to] = m_pricePanel->built()->xRange();
        const auto full = *m_pricePanel->built()->dataXRange();
        if (from > full.first || to < full.second)
            for (ChartData &c : out)
                c = clipToTimeRange(c, UnixSeconds(std::floor(from)), UnixSeconds(std::ceil(to)));
    }
    return out;
}

namespace {
QStringList toList(const std::set<std::string> &classes)
{
    QStringList out;
    for (const std::string &c : classes)
        out << q(c);
    return out;
}
} // namespace

QVariantMap PriceWarPane::choices() const
{
    QVariantMap out = ChartPane::choices();
    out.insert(QStringLiteral("preset"), m_preset);
    out.insert(QStringLiteral("cheapSide"), toList(m_options.cheapSide));
    out.insert(QStringLiteral("incumbentSide"), toList(m_options.incumbentSide));
    out.insert(QStringLiteral("minPerSide"), m_options.minProvidersPerSide);
    return out;
}

void PriceWarPane::restoreChoices(const QVariantMap &choices)
{
    // One reload at the end, not one per control.
    {
        const QSignalBlocker rental(m_rental);
        const QSignalBlocker log(m_log);
        ChartPane::restoreChoices(choices);
    }
    m_options.selection.rental = m_rental->currentData().toString().toStdString();
    const auto &classes = providerClassOrder();
    for (auto [key, side] : {std::pair{QStringLiteral("cheapSide"), &m_options.cheapSide},
                             std::pair{QStringLiteral("incumbentSide"), &m_options.incumbentSide}}) {
        if (!choices.contains(key))
            continue;
        std::set<std::string> wanted;
        bool known = true;
        for (const QString &c : choices.value(key).toStringList()) {
            known = known && std::find(classes.begin(), classes.end(), c.toStdString()) != classes.end();
            wanted.insert(c.toStdString());
        }
        if (known) // a class this version does not know: the file was not ours to trust
            *side = wanted;
    }
    for (const QMenu *menu : m_sidesMenu->findChildren<QMenu *>(Qt::FindDirectChildrenOnly)) {
        const std::set<std::string> *side =
            menu->property("cheap").toBool() ? &m_options.cheapSide : &m_options.incumbentSide;
        for (QAction *a : menu->actions()) {
            const QSignalBlocker block(a);
            a->setChecked(side->count(a->data().toString().toStdString()) > 0);
        }
    }
    if (const int n = choices.value(QStringLiteral("minPerSide")).toInt(); n >= 1 && n <= 5) {
        m_options.minProvidersPerSide = n;
        if (auto *menu = m_sidesMenu->findChild<QMenu *>(QStringLiteral("minPerSideMenu")))
            for (QAction *a : menu->actions())
                a->setChecked(a->data().toInt() == n);
    }
    const QString preset = choices.value(QStringLiteral("preset")).toString();
    if (preset == QLatin1String("30d") || preset == QLatin1String("90d") || preset == QLatin1String("1y") ||
        preset == QLatin1String("all"))
        m_preset = preset;
    reloadCharts();
    applyLook();
}

void PriceWarPane::setGpu(const QString &key)
{
    m_wantedGpu = key;
    if (const int i = m_gpu->findData(key); i >= 0)
        m_gpu->setCurrentIndex(i);
}

void PriceWarPane::reload()
{
    if (!isActive())
        return;
    setBusy(true);
    m_store.read<std::vector<std::string>>(
        this, "gpus", &pricedGpus, [this](Result<std::vector<std::string>> gpus) {
            {
                // The list is rebuilt quietly; the choice is applied once below.
                const QSignalBlocker block(m_gpu);
                m_gpu->clear();
                for (const std::string &key : gpus.isOk() ? gpus.value() : std::vector<std::string>{})
                    m_gpu->addItem(q(m_store.taxonomy().gpuName(key)), q(key));
                const int wanted = m_gpu->findData(m_wantedGpu);
                m_gpu->setCurrentIndex(wanted >= 0 ? wanted : 0);
            }
            m_options.gpu = m_gpu->currentData().toString().toStdString();
            reloadCharts();
        });
}

void PriceWarPane::reloadCharts()
{
    if (!isActive())
        return;
    setBusy(true);
    m_store.read<PriceWarCharts>(
        this, "charts",
        [options = m_options, asOf = m_store.asOf()](const Cache &cache) {
            auto charts = loadPriceWarCharts(cache, options, TimeRange{{}, {}, asOf});
            if (charts.isOk()) {
                charts.value().prices.fillColumns();
                charts.value().index.fillColumns();
            }
            return charts;
        },
        [this](Result<PriceWarCharts> charts) { showCharts(std::move(charts)); });
}

void PriceWarPane::showCharts(Result<PriceWarCharts> charts)
{
    setBusy(false);
    if (!charts.isOk()) {
        m_status->setText(tr("Could not read prices: %1").arg(q(charts.status().message())));
        return;
    }
    // The preset's window first, so each chart is built and resampled once, for it.
    const auto window = presetWindow(charts.value().prices);
    m_pricePanel->setTimeWindowForNextBuild(window);
    m_indexPanel->setTimeWindowForNextBuild(window, false);
    m_prices->setChart(std::move(charts.value().prices));
    m_index->setChart(std::move(charts.value().index));
    m_status->setText(tr("%1 price points from %2 series; the index has %3 days.")
                          .arg(m_prices->rowCount())
                          .arg(m_prices->chart().series.size())
                          .arg(m_index->rowCount()));
    fillProviderList();
}

void PriceWarPane::fillProviderList()
{
    const QSignalBlocker block(m_providers);
    m_providers->clear();
    const ChartData &d = m_prices->chart();
    std::map<std::string, QTreeWidgetItem *> groups;
    for (std::size_t i = 0; i < d.series.size(); ++i) {
        const ChartSeries &s = d.series[i];
        if (s.role == SeriesRole::Band)
            continue;
        QTreeWidgetItem *parent = nullptr;
        if (s.role == SeriesRole::Median || s.group == "aggregate") {
            parent = new QTreeWidgetItem(m_providers, {q(s.name)});
            groups[s.group] = parent;
        } else {
            auto it = groups.find(s.group);
            parent = it != groups.end() ? new QTreeWidgetItem(it->second, {q(s.name)})
                                        : new QTreeWidgetItem(m_providers, {q(s.name)});
            parent->setToolTip(0, tr("%1 points").arg(s.points.size()));
        }
        parent->setData(0, Qt::UserRole, qulonglong(i));
        parent->setCheckState(0, Qt::Checked);
        parent->setIcon(0, swatch(groupColour(s.group, false)));
    }
    m_providers->expandAll();
}

std::optional<std::pair<double, double>> PriceWarPane::presetWindow(const ChartData &prices) const
{
    // From the data, not the drawn chart: a pane out of sight builds no chart to ask.
    const auto full = prices.xExtent();
    const std::map<QString, double> days{
        {QStringLiteral("30d"), 30}, {QStringLiteral("90d"), 90}, {QStringLiteral("1y"), 365}};
    if (full && days.count(m_preset))
        return std::make_pair(full->second - days.at(m_preset) * 86400.0, full->second);
    return full;
}

void PriceWarPane::setPreset(const QString &preset)
{
    m_preset = preset;
    for (QAbstractButton *b : m_presets->buttons())
        b->setChecked(b->property("preset").toString() == preset);
    const auto window = presetWindow(m_prices->chart());
    // Both charts show the same dates, the index's included where it has no data, so the eye
    // lines up one day above the other.
    m_syncingAxes = true;
    m_pricePanel->setTimeWindow(window);
    m_indexPanel->setTimeWindow(window, false);
    m_syncingAxes = false;
}

void PriceWarPane::applyLook()
{
    ChartLook look;
    look.logY = m_log->isChecked();
    m_pricePanel->setLook(look);
    m_indexPanel->setLook(look);
    fillProviderList();
    setPreset(m_preset);
}

void PriceWarPane::editEvents()
{
    // Edits reach this pane (and every other that draws events) through the store's change signal.
    EventsDialog dialog(m_store, this);
    dialog.exec();
}

} // namespace stackatlas
