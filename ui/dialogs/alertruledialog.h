// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/alertrule.h"

#include <QDialog>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace stackatlas {

// A watch rule, new or edited: what it watches (the price advantage index of a GPU, a metric of an
// entity, its change over days, a ratio of two metrics, a source's staleness), the bound, the
// severity and a note. Only the fields the kind uses are shown. What the data knows (the entity,
// metric, GPU or source) is checked by the store when the rule is saved; the dialog refuses only
// what it can see: a number that is not one.
class AlertRuleDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AlertRuleDialog(const AlertRule &rule, QWidget *parent = nullptr);
    AlertRule rule() const;
    // A refusal from the store, shown above the form when the dialog is opened again.
    void setProblem(const QString &problem);

    void accept() override;

private:
    void showFieldsOfKind();

    AlertRule m_base;
    QFormLayout *m_form;
    QLabel *m_problem;
    QLineEdit *m_name;
    QComboBox *m_kind;
    QLineEdit *m_target;
    QLineEdit *m_gpu;
    QLineEdit *m_metric;
    QLineEdit *m_metric2;
    QLineEdit *m_dims;
    QComboBox *m_comparison;
    QLineEdit *m_threshold;
    QSpinBox *m_days;
    QSpinBox *m_hours;
    QSpinBox *m_minPerSide;
    QComboBox *m_severity;
    QLineEdit *m_note;
};

} // namespace stackatlas
