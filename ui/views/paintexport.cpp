// SPDX-License-Identifier: GPL-3.0-or-later
#include "paintexport.h"

#include <QCoreApplication>
#include <QImage>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

namespace stackatlas {

Status exportPainting(const QString &path, const QString &format, const ExportDocument &doc,
                      const std::function<void(QPainter &, const QRectF &)> &paint)
{
    if (format != QLatin1String("png") && format != QLatin1String("svg") && format != QLatin1String("pdf"))
        return Status::error(StatusCode::InvalidInput, "format must be png, svg or pdf");
    const QRectF area(QPointF(), doc.size);
    QSaveFile file(path);
    const auto ioError = [&](const QString &why) {
        return Status::error(StatusCode::IoError, path.toStdString() + ": " + why.toStdString());
    };
    if (!file.open(QIODevice::WriteOnly))
        return ioError(file.errorString());
    if (format == QLatin1String("png")) {
        QImage image(doc.size, QImage::Format_ARGB32_Premultiplied);
        QPainter p(&image);
        paint(p, area);
        p.end();
        if (!image.save(&file, "PNG"))
            return ioError(QCoreApplication::translate("Export", "cannot encode PNG"));
    } else if (format == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(doc.size);
        svg.setViewBox(QRect(QPoint(), doc.size));
        svg.setTitle(doc.title);
        if (!doc.description.isEmpty())
            svg.setDescription(doc.description);
        QPainter p(&svg);
        paint(p, area);
    } else {
        QPdfWriter pdf(&file);
        pdf.setTitle(doc.title);
        pdf.setCreator(QStringLiteral("StackAtlas"));
        // 96 dpi: one layout pixel is one PDF pixel, so text wraps as it does in the PNG.
        pdf.setResolution(96);
        pdf.setPageSize(QPageSize(QSizeF(doc.size.width() * 72.0 / 96.0, doc.size.height() * 72.0 / 96.0),
                                  QPageSize::Point));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        QPainter p(&pdf);
        paint(p, area);
    }
    if (!file.commit())
        return ioError(file.errorString());
    return Status::ok();
}

} // namespace stackatlas
