// SPDX-License-Identifier: GPL-3.0-or-later
#include "chartpanel.h"

#include "models/item/chartdatamodel.h"

#include <QChart>
#include <QDateTimeAxis>
#include <QLabel>
#include <QMouseEvent>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>

namespace stackatlas {

namespace {

// Zooms with the rubber band on the x axis only and resamples afterwards; a right click goes back
// to the panel's window.
class ZoomView : public QChartView
{
public:
    using QChartView::QChartView;
    std::function<void()> onReset;

protected:
    void mouseReleaseEvent(QMouseEvent *event) override
    {
        if (event->button() == Qt::RightButton && onReset) {
            onReset();
            event->accept();
            return;
        }
        QChartView::mouseReleaseEvent(event);
    }
};

// Holds the chart's place until the chart is built, sized as a QChartView is, so that splitters
// share out the same space whether or not a chart has been built yet.
class ChartPlaceholder : public QWidget
{
public:
    ChartPlaceholder() { setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding); }
    QSize sizeHint() const override { return m_hints.first; }
    QSize minimumSizeHint() const override { return m_hints.second; }

private:
    // QChartView's own hints (Qt 6.4), read once from a real one would cost the view we spare.
    std::pair<QSize, QSize> m_hints{QSize(3, 17), QSize(68, 68)};
};

} // namespace

ChartPanel::ChartPanel(ChartDataModel *model, QWidget *parent)
    : QWidget(parent), m_model(model), m_resampleTimer(new QTimer(this))
{
    m_caption = new QLabel(this);
    m_caption->setWordWrap(true);
    m_caption->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont small = m_caption->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_caption->setFont(small);
    m_readout = new QLabel(this);
    m_readout->setTextFormat(Qt::RichText);
    m_readout->setFont(small);
    m_readout->setMinimumHeight(QFontMetrics(small).height() * 2);
    m_readout->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_readout->setAccessibleName(tr("Value under the mouse"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(new ChartPlaceholder, 1);
    layout->addWidget(m_readout);
    layout->addWidget(m_caption);
    m_resampleTimer->setSingleShot(true);
    m_resampleTimer->setInterval(0);
    connect(m_resampleTimer, &QTimer::timeout, this, [this] {
        if (m_built) {
            m_built->resample();
            const auto [from, to] = m_built->xRange();
            emit xRangeChanged(from, to);
        }
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &ChartPanel::rebuild);
}

void ChartPanel::createView()
{
    auto *zoomView = new ZoomView(this);
    m_view = zoomView;
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMouseTracking(true);
    zoomView->onReset = [this] {
        applyWindow();
    };
    QWidget *placeholder = layout()->itemAt(0)->widget();
    delete layout()->replaceWidget(placeholder, m_view);
    delete placeholder;
}

BuiltChart *ChartPanel::built()
{
    if (m_stale)
        buildNow();
    return m_built;
}

QChartView *ChartPanel::view()
{
    if (m_stale)
        buildNow();
    return m_view;
}

void ChartPanel::showEvent(QShowEvent *event)
{
    if (m_stale)
        buildNow();
    QWidget::showEvent(event);
}

void ChartPanel::setLook(const ChartLook &look)
{
    m_look = look;
    rebuild();
}

void ChartPanel::setTimeWindow(std::optional<std::pair<double, double>> window, bool clampToData)
{
    m_window = window;
    m_clampWindow = clampToData;
    applyWindow();
}

void ChartPanel::setTimeWindowForNextBuild(std::optional<std::pair<double, double>> window, bool clampToData)
{
    m_window = window;
    m_clampWindow = clampToData;
}

void ChartPanel::applyWindow()
{
    if (!m_built)
        return;
    const auto full = m_built->dataXRange();
    if (!full)
        return;
    auto [from, to] = m_window.value_or(*full);
    if (m_window && m_clampWindow && m_model->chart().xKind == AxisKind::Time) {
        from = std::max(from, full->first);
        to = std::min(to, full->second);
        if (!(to > from))
            std::tie(from, to) = *full;
    }
    if (!(to > from))
        std::tie(from, to) = *full;
    // A view not laid out yet has a stand-in size; its first resize brings the real resample.
    m_built->setXRange(from, to, !m_view->testAttribute(Qt::WA_PendingResizeEvent));
    emit xRangeChanged(from, to);
}

void ChartPanel::rebuild()
{
    m_stale = true;
    if (isVisible())
        buildNow();
}

void ChartPanel::buildNow()
{
    m_stale = false;
    if (!m_view)
        createView();
    const ChartData &data = m_model->chart();
    QChart *old = m_view->chart();
    // On screen the chart follows the window's palette; exports stay light unless asked.
    ChartLook look = m_look;
    look.dark = look.dark || palette().color(QPalette::Window).lightness() < 128;
    m_built = BuiltChart::build(data, look);
    m_view->setChart(m_built->chart());
    delete old;
    const bool zoomable = data.xKind == AxisKind::Time;
    m_view->setRubberBand(zoomable ? QChartView::HorizontalRubberBand : QChartView::NoRubberBand);
    m_caption->setText(QString::fromStdString(data.caption));
    // What a screen reader says of the chart: its title, then why it is empty or where it comes from.
    m_view->setAccessibleName(data.title.empty() ? tr("Chart") : QString::fromStdString(data.title));
    m_view->setAccessibleDescription(QString::fromStdString(
        data.isEmpty() && !data.emptyReason.empty() ? data.emptyReason : data.caption));
    m_readout->setText(zoomable
                           ? tr("Drag across the chart to zoom; right click to zoom out. Hover for values.")
                           : tr("Hover for values."));
    connect(m_built, &BuiltChart::hovered, this, [this](const QString &text, bool entered) {
        if (entered) {
            m_hoverText = text;
            m_readout->setText(text);
        }
    });
    for (QAbstractAxis *axis : m_built->chart()->axes(Qt::Horizontal)) {
        if (auto *t = qobject_cast<QDateTimeAxis *>(axis))
            connect(t, &QDateTimeAxis::rangeChanged, m_resampleTimer, qOverload<>(&QTimer::start));
        else if (auto *v = qobject_cast<QValueAxis *>(axis))
            connect(v, &QValueAxis::rangeChanged, m_resampleTimer, qOverload<>(&QTimer::start));
    }
    connect(m_built->chart(), &QChart::plotAreaChanged, m_resampleTimer, qOverload<>(&QTimer::start));
    applyWindow();
}

} // namespace stackatlas
