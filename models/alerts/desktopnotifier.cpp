// SPDX-License-Identifier: GPL-3.0-or-later
#include "desktopnotifier.h"

#include "alertcheck.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusReply>
#include <QVariantMap>

namespace stackatlas {

namespace {

const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");

} // namespace

bool DesktopNotifier::available()
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected() || !bus.interface())
        return false;
    const QDBusReply<bool> owned = bus.interface()->isServiceRegistered(kService);
    return owned.isValid() && owned.value();
}

Status DesktopNotifier::notify(const AlertFiring &firing)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return Status::error(StatusCode::NotFound, "no D-Bus session bus");
    QDBusMessage call = QDBusMessage::createMethodCall(kService, kPath, kService, QStringLiteral("Notify"));
    QVariantMap hints;
    // The specification's urgency: 0 low, 1 normal, 2 critical, as a byte.
    hints.insert(QStringLiteral("urgency"), QVariant::fromValue(uchar(firing.severity)));
    hints.insert(QStringLiteral("desktop-entry"), QStringLiteral("stackatlas"));
    const QString summary = QStringLiteral("StackAtlas: %1").arg(QString::fromStdString(firing.ruleName));
    call << QStringLiteral("StackAtlas") << uint(0) << QStringLiteral("stackatlas") << summary
         << QString::fromStdString(firingSummary(firing) +
                                   (firing.detail.empty() ? "" : "\n" + firing.detail))
         << QStringList() << hints << int(-1);
    const QDBusMessage reply = bus.call(call, QDBus::Block, 5000);
    if (reply.type() == QDBusMessage::ErrorMessage)
        return Status::error(StatusCode::IoError,
                             "notification not shown: " + reply.errorMessage().toStdString());
    return Status::ok();
}

} // namespace stackatlas
