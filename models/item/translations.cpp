// SPDX-License-Identifier: GPL-3.0-or-later
#include "translations.h"

#include "datasources/logging.h"
#include "models/domain/translate.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace stackatlas {

QString installedTranslationsDir()
{
    return QCoreApplication::applicationDirPath() + QStringLiteral("/../share/stackatlas/translations");
}

int loadTranslations(const QLocale &locale, const QString &dir)
{
    // Chart texts are built in the Qt-free models/domain; they translate through Qt from here on.
    setTranslator([](const char *context, const char *text) {
        return QCoreApplication::translate(context, text).toStdString();
    });
    int loaded = 0;
    for (const auto &[name, from] :
         {std::pair{QStringLiteral("qtbase"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)},
          std::pair{QStringLiteral("stackatlas"), dir}}) {
        auto *translator = new QTranslator(QCoreApplication::instance());
        if (translator->load(locale, name, QStringLiteral("_"), from)) {
            QCoreApplication::installTranslator(translator);
            qCDebug(lcUi, "translation %s loaded from %s", qPrintable(translator->filePath()),
                    qPrintable(from));
            ++loaded;
        } else {
            delete translator;
        }
    }
    return loaded;
}

} // namespace stackatlas
