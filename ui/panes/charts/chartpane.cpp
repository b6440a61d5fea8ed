// SPDX-License-Identifier: GPL-3.0-or-later
#include "chartpane.h"

#include "models/store/datastore.h"
#include "ui/charts/chartexport.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMessageBox>
#include <QRegularExpression>
#include <QScrollArea>

namespace stackatlas {

ChartPane::ChartPane(DataStore &store, DataChanges shows, QWidget *parent) : Pane(parent), m_store(store)
{
    connect(&m_store, &DataStore::changed, this, [this, shows](const StoreChange &change) {
        if (isActive() && change.touches(shows))
            reload();
    });
}

void ChartPane::exportWithDialog()
{
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export %1").arg(title()), paneId() + QStringLiteral(".png"),
                                     tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf);;CSV "
                                        "data behind the charts (*.csv)"));
    if (path.isEmpty())
        return;
    QSize size(1600, 1000);
    if (QFileInfo(path).suffix().toLower() != QLatin1String("csv")) {
        bool ok = false;
        const QString text = QInputDialog::getText(this, tr("Export size"), tr("Width x height in pixels:"),
                                                   QLineEdit::Normal, QStringLiteral("1600x1000"), &ok);
        if (!ok)
            return;
        const auto m =
            QRegularExpression(QStringLiteral("^\\s*(\\d{3,5})\\s*x\\s*(\\d{3,5})\\s*$")).match(text);
        if (!m.hasMatch() || m.captured(1).toInt() > 10000 || m.captured(2).toInt() > 10000) {
            QMessageBox::warning(this, tr("Export"),
                                 tr("The size must be WxH between 100 and 10000, e.g. 1600x1000."));
            return;
        }
        size = QSize(m.captured(1).toInt(), m.captured(2).toInt());
    }
    const Status s = exportTo(path, size);
    if (!s.isOk())
        QMessageBox::warning(this, tr("Export failed"), QString::fromStdString(s.message()));
}

QWidget *ChartPane::scrollable(QWidget *body, QSize minimum)
{
    auto *area = new QScrollArea;
    body->setMinimumSize(minimum);
    area->setWidget(body);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    return area;
}

Status ChartPane::exportTo(const QString &path, QSize size) const
{
    const QString format = QFileInfo(path).suffix().toLower();
    if (format != QLatin1String("png") && format != QLatin1String("svg") && format != QLatin1String("pdf") &&
        format != QLatin1String("csv"))
        return Status::error(StatusCode::InvalidInput, "the file must end in .png, .svg, .pdf or .csv");
    return exportCharts(charts(), format, path, size, QStringLiteral("StackAtlas: %1").arg(title()));
}

} // namespace stackatlas
