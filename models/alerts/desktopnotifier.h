// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/alertrule.h"
#include "models/domain/status.h"

namespace stackatlas {

// Desktop notifications through org.freedesktop.Notifications on the session bus (the
// specification every Linux desktop's notification server implements). Where no session bus
// runs, or nothing owns the name, available() is false and the caller says so its own way (the
// status bar and Activity in the app, a line on stderr in the CLI).
class DesktopNotifier
{
public:
    static bool available();
    // One notification: the rule's name as the summary, the firing's value, date and source as the
    // body, the severity as its urgency (info low, warning normal, critical critical).
    static Status notify(const AlertFiring &firing);
};

} // namespace stackatlas
