// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QRegularExpression>
#include <QTest>

namespace stackatlas::test {

// Call in every test class's init(): any warning the test does not expect (with
// QTest::ignoreMessage) fails it, so a QtCharts complaint, a stray SQL statement on the GUI thread
// or a dropped error shows up as a failure, not as noise in the log. Only the offscreen platform's
// own notes are let through: they say nothing about the app.
inline void failOnUnexpectedWarnings()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral(
        "^(?!This plugin does not support propagateSizeHints|QStandardPaths: XDG_RUNTIME_DIR)")));
}

} // namespace stackatlas::test
