// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui.h"

#include "datasources/cache/cachelocation.h"
#include "models/item/protocolsmodel.h"
#include "models/item/valueformat.h"
#include "ui/mainwindow.h"
#include "ui/panes/protocols/protocolspane.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QMessageBox>
#include <QPixmap>
#include <QRegularExpression>

#include <cstdio>

namespace stackatlas {
namespace {

void fail(const QString &message, bool interactive)
{
    std::fprintf(stderr, "stackatlas: %s\n", qPrintable(message));
    if (interactive)
        QMessageBox::critical(nullptr, QObject::tr("StackAtlas"), message);
}

} // namespace

int runGui(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption cacheOpt(QStringLiteral("cache"), QString(), QStringLiteral("PATH"));
    const QCommandLineOption paneOpt(QStringLiteral("pane"), QString(), QStringLiteral("ID"));
    const QCommandLineOption shotOpt(QStringLiteral("screenshot"), QString(), QStringLiteral("FILE"));
    const QCommandLineOption sizeOpt(QStringLiteral("size"), QString(), QStringLiteral("WxH"),
                                     QStringLiteral("1280x800"));
    parser.addOptions({cacheOpt, paneOpt, shotOpt, sizeOpt});
    if (!parser.parse(QStringList{QStringLiteral("stackatlas")} + args)) {
        std::fprintf(stderr, "stackatlas: %s (see stackatlas --help)\n", qPrintable(parser.errorText()));
        return 2;
    }
    const bool screenshot = parser.isSet(shotOpt);
    const auto size =
        QRegularExpression(QStringLiteral("^(\\d{2,5})x(\\d{2,5})$")).match(parser.value(sizeOpt));
    if (!size.hasMatch()) {
        std::fprintf(stderr, "stackatlas: --size takes WxH, e.g. 1280x800\n");
        return 2;
    }

    const QString cachePath = resolveCachePath(parser.value(cacheOpt));
    auto cache = openUserCache(cachePath);
    if (!cache.isOk()) {
        fail(QString::fromStdString(cache.status().message()), !screenshot);
        return 1;
    }
    auto taxonomy = cache.value()->taxonomy();
    if (!taxonomy.isOk()) {
        fail(QString::fromStdString(taxonomy.status().message()), !screenshot);
        return 1;
    }

    ProtocolsModel protocols;
    if (Status s = protocols.reload(*cache.value()); !s.isOk()) {
        fail(QString::fromStdString(s.message()), !screenshot);
        return 1;
    }

    MainWindow window;
    window.addPane(new ProtocolsPane(&protocols, taxonomy.value()));
    const auto asOf = cache.value()->newestAsOf();
    window.setCacheStatus(
        QObject::tr("Cache: %1").arg(QDir::toNativeSeparators(QString::fromStdString(cache.value()->path()))),
        asOf ? QObject::tr("Newest data as of %1").arg(formatUtcDateTime(*asOf))
             : QObject::tr("No market data yet: import a CSV with stackatlas import-csv"));
    if (parser.isSet(paneOpt) && !window.showPane(parser.value(paneOpt))) {
        std::fprintf(stderr, "stackatlas: unknown pane \"%s\"\n", qPrintable(parser.value(paneOpt)));
        return 2;
    }
    window.resize(size.captured(1).toInt(), size.captured(2).toInt());
    window.show();

    if (screenshot) {
        QApplication::processEvents();
        const QPixmap pixmap = window.grab();
        if (!pixmap.save(parser.value(shotOpt), "PNG")) {
            std::fprintf(stderr, "stackatlas: cannot write %s\n", qPrintable(parser.value(shotOpt)));
            return 1;
        }
        return 0;
    }
    return QApplication::exec();
}

} // namespace stackatlas
