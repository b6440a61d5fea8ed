// SPDX-License-Identifier: GPL-3.0-or-later
#include "progressline.h"

#include "models/domain/importprogress.h"

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
    const std::string text = describeImportProgress(bytes, total, rows, double(ms) / 1000);
    if (m_terminal)
        std::fprintf(m_out, "\r\033[K%s", text.c_str());
    else
        std::fprintf(m_out, "%s\n", text.c_str());
    std::fflush(m_out);
    m_drawn = true;
}

} // namespace stackatlas::cli
