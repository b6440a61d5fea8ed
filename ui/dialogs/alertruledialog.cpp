// SPDX-License-Identifier: GPL-3.0-or-later
#include "alertruledialog.h"

#include "models/domain/serialize.h"
#include "models/domain/textutil.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

namespace stackatlas {

namespace {

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

QString dimsText(const Dimensions &dims)
{
    QStringList parts;
    for (const auto &[k, v] : dims)
        parts << q(k) + QLatin1Char('=') + q(v);
    return parts.join(QStringLiteral(", "));
}

QSpinBox *spinBox(int min, int max, int value, const QString &suffix, const QString &name, QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setRange(min, max);
    box->setValue(std::clamp(value, min, max));
    box->setSuffix(suffix);
    box->setAccessibleName(name);
    return box;
}

} // namespace

AlertRuleDialog::AlertRuleDialog(const AlertRule &rule, QWidget *parent)
    : QDialog(parent), m_base(rule), m_form(new QFormLayout), m_problem(new QLabel(this)),
      m_name(new QLineEdit(q(rule.name), this)), m_kind(new QComboBox(this)),
      m_target(new QLineEdit(q(rule.target), this)),
      m_gpu(new QLineEdit(q(rule.dims.count("gpu") ? rule.dims.at("gpu") : std::string()), this)),
      m_metric(new QLineEdit(q(rule.metric), this)), m_metric2(new QLineEdit(q(rule.metric2), this)),
      m_dims(new QLineEdit(dimsText(rule.dims), this)), m_comparison(new QComboBox(this)),
      m_threshold(new QLineEdit(this)),
      m_days(spinBox(1, kMaxAlertDays, rule.days ? rule.days : 7, tr(" days"), tr("Window"), this)),
      m_hours(spinBox(1, kMaxAlertHours, rule.hours ? rule.hours : 48, tr(" hours"), tr("Hours"), this)),
      m_minPerSide(
          spinBox(1, 100, rule.minPerSide, tr(" provider(s) a side"), tr("Fewest providers a side"), this)),
      m_severity(new QComboBox(this)), m_note(new QLineEdit(q(rule.note), this))
{
    setWindowTitle(rule.name.empty() ? tr("New watch rule") : tr("Edit watch rule"));
    m_kind->addItem(tr("Price advantage index of a GPU"), int(AlertKind::Index));
    m_kind->addItem(tr("A metric of an entity"), int(AlertKind::Metric));
    m_kind->addItem(tr("A metric's change over days"), int(AlertKind::Change));
    m_kind->addItem(tr("One metric over another (FDV / market cap)"), int(AlertKind::Ratio));
    m_kind->addItem(tr("A source not refreshed"), int(AlertKind::Stale));
    m_kind->addItem(tr("Median price of a provider class"), int(AlertKind::ClassMedian));
    m_kind->setCurrentIndex(m_kind->findData(int(rule.kind)));
    m_comparison->addItem(tr("below"), int(AlertComparison::Below));
    m_comparison->addItem(tr("above"), int(AlertComparison::Above));
    m_comparison->setCurrentIndex(m_comparison->findData(int(rule.comparison)));
    for (AlertSeverity s : {AlertSeverity::Info, AlertSeverity::Warning, AlertSeverity::Critical})
        m_severity->addItem(QString::fromUtf8(severityName(s).data()), int(s));
    m_severity->setCurrentIndex(m_severity->findData(int(rule.severity)));
    m_threshold->setText(rule.name.empty() && rule.threshold == 0 ? QString()
                                                                  : q(formatNumber(rule.threshold)));
    m_metric->setPlaceholderText(tr("price_usd, fdv_usd, gpu_hourly_usd, …"));
    m_dims->setPlaceholderText(tr("optional: gpu=h100-80gb, rental=on_demand"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #c0392b"));
    m_problem->hide();
    for (auto [w, name] :
         std::initializer_list<std::pair<QWidget *, QString>>{{m_name, tr("Rule name")},
                                                              {m_kind, tr("What the rule watches")},
                                                              {m_target, tr("GPU, entity or source")},
                                                              {m_gpu, tr("GPU priced")},
                                                              {m_metric, tr("Metric")},
                                                              {m_metric2, tr("Divided by metric")},
                                                              {m_dims, tr("Dimensions")},
                                                              {m_comparison, tr("Comparison")},
                                                              {m_threshold, tr("Threshold")},
                                                              {m_severity, tr("Severity")},
                                                              {m_note, tr("Note")}})
        w->setAccessibleName(name);

    m_form->addRow(tr("Name:"), m_name);
    m_form->addRow(tr("Watch:"), m_kind);
    m_form->addRow(tr("GPU / entity / source:"), m_target);
    m_form->addRow(tr("GPU priced:"), m_gpu);
    m_form->addRow(tr("Metric:"), m_metric);
    m_form->addRow(tr("Divided by:"), m_metric2);
    m_form->addRow(tr("Dimensions:"), m_dims);
    m_form->addRow(tr("Fires when:"), m_comparison);
    m_form->addRow(tr("Threshold:"), m_threshold);
    m_form->addRow(tr("Within:"), m_days);
    m_form->addRow(tr("Older than:"), m_hours);
    m_form->addRow(tr("Days with at least:"), m_minPerSide);
    m_form->addRow(tr("Severity:"), m_severity);
    m_form->addRow(tr("Note:"), m_note);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_problem);
    layout->addLayout(m_form);
    layout->addWidget(buttons);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &AlertRuleDialog::showFieldsOfKind);
    showFieldsOfKind();
}

void AlertRuleDialog::showFieldsOfKind()
{
    const auto kind = AlertKind(m_kind->currentData().toInt());
    const auto show = [this](QWidget *w, bool visible) {
        m_form->setRowVisible(w, visible);
    };
    const bool entity = kind == AlertKind::Metric || kind == AlertKind::Change || kind == AlertKind::Ratio;
    show(m_metric, entity);
    show(m_gpu, kind == AlertKind::ClassMedian);
    show(m_metric2, kind == AlertKind::Ratio);
    show(m_dims, kind == AlertKind::Metric || kind == AlertKind::Change);
    show(m_comparison, kind != AlertKind::Change && kind != AlertKind::Stale);
    show(m_threshold, kind != AlertKind::Stale);
    show(m_days, kind == AlertKind::Change);
    show(m_hours, kind == AlertKind::Stale);
    show(m_minPerSide, kind == AlertKind::Index);
    m_form->labelForField(m_target)->setProperty("text", kind == AlertKind::ClassMedian
                                                             ? tr("Provider class:")
                                                         : kind == AlertKind::Index ? tr("GPU:")
                                                         : kind == AlertKind::Stale ? tr("Source:")
                                                                                    : tr("Entity:"));
    m_target->setPlaceholderText(kind == AlertKind::ClassMedian
                                     ? tr("hyperscaler, neocloud, decentralized, marketplace")
                                 : kind == AlertKind::Index ? tr("h100-80gb, H100_SXM, rtx-4090, …")
                                 : kind == AlertKind::Stale ? tr("coingecko, vastai, defillama, …")
                                                            : tr("bittensor, render, tao, …"));
    // The threshold's unit, said where it is typed.
    QString unit = tr("Threshold (in the metric's unit):");
    if (kind == AlertKind::Change)
        unit = tr("Change (%, negative: a fall):");
    else if (kind == AlertKind::Index)
        unit = tr("Index (1 = parity):");
    else if (kind == AlertKind::Ratio)
        unit = tr("Ratio:");
    else if (kind == AlertKind::ClassMedian)
        unit = tr("USD per GPU-hour:");
    m_form->labelForField(m_threshold)->setProperty("text", unit);
}

AlertRule AlertRuleDialog::rule() const
{
    AlertRule r = m_base;
    r.name = m_name->text().trimmed().toStdString();
    r.kind = AlertKind(m_kind->currentData().toInt());
    r.target = m_target->text().trimmed().toStdString();
    const bool entity =
        r.kind == AlertKind::Metric || r.kind == AlertKind::Change || r.kind == AlertKind::Ratio;
    r.metric = entity ? m_metric->text().trimmed().toStdString() : std::string();
    r.metric2 = r.kind == AlertKind::Ratio ? m_metric2->text().trimmed().toStdString() : std::string();
    r.dims.clear();
    if (r.kind == AlertKind::ClassMedian)
        r.dims["gpu"] = m_gpu->text().trimmed().toStdString();
    if (r.kind == AlertKind::Metric || r.kind == AlertKind::Change) {
        for (const QString &part : m_dims->text().split(u',', Qt::SkipEmptyParts)) {
            const qsizetype eq = part.indexOf(u'=');
            if (eq > 0)
                r.dims[part.left(eq).trimmed().toStdString()] = part.mid(eq + 1).trimmed().toStdString();
        }
    }
    r.threshold = parseFiniteDouble(m_threshold->text().trimmed().toStdString()).value_or(0);
    r.comparison = AlertComparison(m_comparison->currentData().toInt());
    if (r.kind == AlertKind::Change)
        r.comparison = r.threshold < 0 ? AlertComparison::Below : AlertComparison::Above;
    r.days = r.kind == AlertKind::Change ? m_days->value() : 0;
    r.hours = r.kind == AlertKind::Stale ? m_hours->value() : 0;
    r.minPerSide = r.kind == AlertKind::Index ? m_minPerSide->value() : 1;
    r.severity = AlertSeverity(m_severity->currentData().toInt());
    r.note = m_note->text().toStdString();
    return r;
}

void AlertRuleDialog::setProblem(const QString &problem)
{
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
}

void AlertRuleDialog::accept()
{
    const auto kind = AlertKind(m_kind->currentData().toInt());
    if (kind != AlertKind::Stale && !parseFiniteDouble(m_threshold->text().trimmed().toStdString())) {
        setProblem(tr("The threshold must be a number (\"%1\" is not).").arg(m_threshold->text()));
        return;
    }
    const std::string shape = alertRuleShapeProblem(rule());
    if (!shape.empty()) {
        setProblem(q(shape));
        return;
    }
    QDialog::accept();
}

} // namespace stackatlas
