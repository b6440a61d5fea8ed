// SPDX-License-Identifier: GPL-3.0-or-later
#include "datasources/settings/fetchsettings.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace stackatlas {
namespace {

std::string envKey(const char *name)
{
    const QByteArray v = qgetenv(name);
    return std::string(v.constData(), std::size_t(v.size()));
}

} // namespace

std::map<std::string, ApiKey> apiKeysFromEnvironment()
{
    std::map<std::string, ApiKey> keys;
    if (auto pro = envKey("STACKATLAS_COINGECKO_PRO_KEY"); !pro.empty())
        keys["coingecko"] = {pro, "pro"};
    else if (auto demo = envKey("STACKATLAS_COINGECKO_DEMO_KEY"); !demo.empty())
        keys["coingecko"] = {demo, "demo"};
    if (auto vast = envKey("STACKATLAS_VASTAI_KEY"); !vast.empty())
        keys["vastai"] = {vast, "bearer"};
    return keys;
}

std::string priceSheetPath(const QString &explicitPath)
{
    if (!explicitPath.isEmpty())
        return QFileInfo(explicitPath).absoluteFilePath().toStdString();
    const QString user = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                             .filePath(QStringLiteral("pricesheet.csv"));
    return QFileInfo::exists(user) ? user.toStdString() : std::string();
}

} // namespace stackatlas
