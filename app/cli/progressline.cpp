// SPDX-License-Identifier: GPL-3.0-or-later
#include "progressline.h"

#include <QString>

#include <unistd.h>

namespace stackatlas::cli {

ProgressLine::ProgressLine(std::FILE *out) : m_out(out), m_terminal(isatty(fileno(out)) == 1)
{
    m_clock.start();
}

ProgressLine::~ProgressLine()
{
    if (m_drawn && m_terminal)
        std::fputc('\n', m_out);
}

void ProgressLine::update(long long bytes, long long total, long long rows)
{
    const qint64 ms = m_clock.elapsed();
    if (ms < 1000 || ms - m_lastMs < (m_terminal ? 200 : 5000))
        return;
    m_lastMs = ms;
    const double seconds = double(ms) / 1000;
    QString line = QStringLiteral("%1 rows, %2 rows/s").arg(rows).arg(qRound64(double(rows) / seconds));
    if (total > 0 && bytes > 0) {
        const double done = double(bytes) / double(total);
        line += QStringLiteral(", %1 % of %2 MB, about %3 s left")
                    .arg(QString::number(100 * done, 'f', 1))
                    .arg(QString::number(double(total) / 1e6, 'f', 0))
                    .arg(qRound64(seconds * (1 - done) / done));
    } else {
        line += QStringLiteral(", %1 MB read").arg(QString::number(double(bytes) / 1e6, 'f', 0));
    }
    const QByteArray text = line.toLocal8Bit();
    if (m_terminal)
        std::fprintf(m_out, "\r\033[K%s", text.constData());
    else
        std::fprintf(m_out, "%s\n", text.constData());
    std::fflush(m_out);
    m_drawn = true;
}

} // namespace stackatlas::cli
