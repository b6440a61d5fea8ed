// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>

#include <cstdio>

namespace stackatlas::cli {

// An import's progress on stderr: on a terminal one line redrawn in place (rows, rows/s, percent
// of the bytes and time left when the size is known); otherwise a plain line every few seconds,
// for logs. Nothing for an import that ends within a second, so scripts and tests see no noise.
class ProgressLine
{
public:
    explicit ProgressLine(std::FILE *out = stderr);
    ~ProgressLine(); // ends the redrawn line
    void update(long long bytes, long long total, long long rows);

private:
    std::FILE *m_out;
    bool m_terminal;
    bool m_drawn = false;
    QElapsedTimer m_clock;
    qint64 m_lastMs = 0;
};

} // namespace stackatlas::cli
