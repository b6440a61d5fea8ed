// SPDX-License-Identifier: GPL-3.0-or-later
// StackAtlas: one binary for the desktop application and the headless command line.
#include "cli/cli.h"
#include "gui.h"

#include "models/item/translations.h"

#include <QApplication>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QLocale>

#include <cstdio>

#include <malloc.h>

namespace {

void setApplicationNames()
{
    // AppDataLocation becomes ~/.local/share/stackatlas.
    QCoreApplication::setApplicationName(QStringLiteral("stackatlas"));
    QCoreApplication::setApplicationVersion(QStringLiteral(STACKATLAS_VERSION));
    stackatlas::loadTranslations(QLocale(), stackatlas::installedTranslationsDir());
}

bool hasDisplay()
{
    return qEnvironmentVariableIsSet("QT_QPA_PLATFORM") || !qEnvironmentVariableIsEmpty("DISPLAY") ||
           !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
}

} // namespace

int main(int argc, char **argv)
{
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);

    if (stackatlas::cli::isCliInvocation(args)) {
        // Rendering needs a GUI application (fonts, painting), but never a display: offscreen.
        if (args.first() == QLatin1String("export") || args.first() == QLatin1String("report")) {
            if (!hasDisplay())
                qputenv("QT_QPA_PLATFORM", "offscreen");
            // QtCharts draws through QGraphicsWidget, which needs a widgets application.
            QApplication app(argc, argv);
            setApplicationNames();
            return stackatlas::cli::run(args);
        }
        QCoreApplication app(argc, argv);
        setApplicationNames();
        return stackatlas::cli::run(args);
    }
    if (!hasDisplay()) {
        std::fputs(
            "stackatlas: no display found (DISPLAY and WAYLAND_DISPLAY are unset); use the headless "
            "commands instead: stackatlas --help (for example stackatlas taxonomy, stackatlas query)\n",
            stderr);
        return 1;
    }
    // The data store's thread builds what a pane shows and the GUI thread frees it: with an arena
    // per thread, the store's keeps its high-water mark resident while the GUI's grows beside it
    // (5 MB of the price war's start-up peak, measured). Two threads that rarely allocate at once
    // lose nothing by sharing one.
    mallopt(M_ARENA_MAX, 1);
    QApplication app(argc, argv);
    setApplicationNames();
    QGuiApplication::setApplicationDisplayName(QStringLiteral("StackAtlas"));
    // Matches the installed .desktop file, so desktops group the window under its entry and icon.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.stackatlas.StackAtlas"));
    return stackatlas::runGui(args);
}
