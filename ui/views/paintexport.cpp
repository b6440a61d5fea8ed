// SPDX-License-Identifier: GPL-3.0-or-later
#include "paintexport.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QImage>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

#include <cerrno>
#include <cstring>

namespace stackatlas {

Status writeFileAtomically(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    const auto ioError = [&](const QString &why) {
        return Status::error(StatusCode::IoError, path.toStdString() + ": " + why.toStdString());
    };
    if (!file.open(QIODevice::WriteOnly))
        return ioError(file.errorString());
    // Every byte accounted for before the rename: a short write (a full disk) keeps the old file.
    errno = 0;
    if (file.write(bytes) != bytes.size() || !file.flush()) {
        // QSaveFile keeps the OS's reason to itself until commit; errno still holds it here.
        const int reason = errno;
        const QString why = reason != 0 ? QString::fromLocal8Bit(std::strerror(reason)) : file.errorString();
        file.cancelWriting();
        return ioError(why);
    }
    if (!file.commit())
        return ioError(file.errorString());
    return Status::ok();
}

namespace {

// The picture encoded in memory; the file is written only once the encoder reported success
// (QSvgGenerator and QPdfWriter say nothing of a device that stopped taking bytes).
Result<QByteArray> encode(const QString &format, const ExportDocument &doc,
                          const std::function<void(QPainter &, const QRectF &)> &paint)
{
    const QRectF area(QPointF(), doc.size);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (format == QLatin1String("png")) {
        QImage image(doc.size, QImage::Format_ARGB32_Premultiplied);
        if (image.isNull())
            return Status::error(StatusCode::IoError, "not enough memory for a picture of this size");
        QPainter p(&image);
        paint(p, area);
        p.end();
        if (!image.save(&buffer, "PNG"))
            return Status::error(StatusCode::Internal,
                                 QCoreApplication::translate("Export", "cannot encode PNG").toStdString());
        return bytes;
    }
    bool ended = false;
    if (format == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setOutputDevice(&buffer);
        svg.setSize(doc.size);
        svg.setViewBox(QRect(QPoint(), doc.size));
        svg.setTitle(doc.title);
        if (!doc.description.isEmpty())
            svg.setDescription(doc.description);
        QPainter p(&svg);
        paint(p, area);
        ended = p.end();
    } else {
        QPdfWriter pdf(&buffer);
        pdf.setTitle(doc.title);
        pdf.setCreator(QStringLiteral("StackAtlas"));
        // 96 dpi: one layout pixel is one PDF pixel, so text wraps as it does in the PNG.
        pdf.setResolution(96);
        pdf.setPageSize(QPageSize(QSizeF(doc.size.width() * 72.0 / 96.0, doc.size.height() * 72.0 / 96.0),
                                  QPageSize::Point));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        QPainter p(&pdf);
        paint(p, area);
        ended = p.end();
    }
    if (!ended || bytes.isEmpty())
        return Status::error(StatusCode::Internal, "the " + format.toStdString() + " encoder failed");
    return bytes;
}

} // namespace

Status exportPainting(const QString &path, const QString &format, const ExportDocument &doc,
                      const std::function<void(QPainter &, const QRectF &)> &paint)
{
    if (format != QLatin1String("png") && format != QLatin1String("svg") && format != QLatin1String("pdf"))
        return Status::error(StatusCode::InvalidInput, "format must be png, svg or pdf");
    auto bytes = encode(format, doc, paint);
    if (!bytes.isOk())
        return Status::error(bytes.status().code(), path.toStdString() + ": " + bytes.status().message());
    return writeFileAtomically(path, bytes.value());
}

} // namespace stackatlas
