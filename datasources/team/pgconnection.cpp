// SPDX-License-Identifier: GPL-3.0-or-later
#include "pgconnection.h"

#include "libpq.h"

#include <cstring>

namespace stackatlas {

namespace {

std::string trimmed(const char *message)
{
    std::string text = message ? message : "";
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
    return text;
}

// Keeps the server's NOTICEs ("relation already exists, skipping") off stderr: they are not
// errors, and the CLI's output is for the user.
void ignoreNotice(void *, const char *) {}

struct ResultCloser
{
    const LibPq *pq;
    void operator()(PGresult *r) const
    {
        if (r)
            pq->clear(r);
    }
};
using PgResult = std::unique_ptr<PGresult, ResultCloser>;

Status resultError(const LibPq *pq, PGresult *r, const char *what)
{
    const char *state = pq->resultErrorField(r, PG_DIAG_SQLSTATE);
    std::string message = trimmed(pq->resultErrorMessage(r));
    if (message.empty())
        message = "no answer (the connection was lost)";
    // 42501: insufficient privilege; a read-only role gets this for every write.
    const StatusCode code =
        state && std::strcmp(state, "42501") == 0 ? StatusCode::Refused : StatusCode::IoError;
    return Status::error(code, std::string(what) + ": " + message);
}

} // namespace

Result<std::unique_ptr<PgConnection>> PgConnection::open(const std::string &url,
                                                         const std::optional<std::string> &password)
{
    std::string why;
    const LibPq *pq = libPq(&why);
    if (!pq)
        return Status::error(StatusCode::NotFound, "PostgreSQL's client library is not available: " + why);
    // libpq's keywords are "later wins": connect_timeout comes before dbname (the URL) so a URL
    // naming its own keeps it; a keyring's password after it, and the caller passes one only when
    // the URL has none.
    std::vector<const char *> keys{"connect_timeout", "fallback_application_name", "dbname"};
    std::vector<const char *> values{"10", "stackatlas", url.c_str()};
    if (password) {
        keys.push_back("password");
        values.push_back(password->c_str());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    pg_conn *conn = pq->connectdbParams(keys.data(), values.data(), 1);
    if (!conn)
        return Status::error(StatusCode::Internal, "libpq could not allocate a connection");
    if (pq->status(conn) != CONNECTION_OK) {
        std::string message = trimmed(pq->errorMessage(conn));
        pq->finish(conn);
        return Status::error(StatusCode::IoError, "cannot connect to the team database: " + message);
    }
    pq->setNoticeProcessor(conn, ignoreNotice, nullptr);
    return std::unique_ptr<PgConnection>(new PgConnection(conn));
}

PgConnection::PgConnection(pg_conn *conn) : m_conn(conn)
{
    const LibPq *pq = libPq();
    const char *host = pq->host(conn);
    std::string where = host && *host ? host : "localhost";
    if (!where.empty() && where.front() == '/')
        where = "socket " + where;
    m_label = std::string(pq->user(conn)) + "@" + where + ":" + pq->port(conn) + "/" + pq->db(conn);
    if (pq->sslInUse(conn))
        m_label += ", TLS";
}

PgConnection::~PgConnection()
{
    libPq()->finish(m_conn);
}

Status PgConnection::lastError(const char *what) const
{
    return Status::error(StatusCode::IoError,
                         std::string(what) + ": " + trimmed(libPq()->errorMessage(m_conn)));
}

namespace {

PgResult run(const LibPq *pq, pg_conn *conn, const std::string &sql,
             const std::vector<std::optional<std::string>> &params)
{
    if (params.empty())
        return PgResult(pq->exec(conn, sql.c_str()), ResultCloser{pq});
    std::vector<const char *> values;
    for (const auto &p : params)
        values.push_back(p ? p->c_str() : nullptr);
    return PgResult(
        pq->execParams(conn, sql.c_str(), int(values.size()), nullptr, values.data(), nullptr, nullptr, 0),
        ResultCloser{pq});
}

} // namespace

Status PgConnection::exec(const std::string &sql, const std::vector<std::optional<std::string>> &params)
{
    const LibPq *pq = libPq();
    PgResult r = run(pq, m_conn, sql, params);
    const ExecStatusType st = r ? pq->resultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        return r ? resultError(pq, r.get(), "the team database refused a statement") : lastError("no answer");
    return Status::ok();
}

Result<std::vector<PgConnection::Row>>
PgConnection::query(const std::string &sql, const std::vector<std::optional<std::string>> &params)
{
    const LibPq *pq = libPq();
    PgResult r = run(pq, m_conn, sql, params);
    if (!r || pq->resultStatus(r.get()) != PGRES_TUPLES_OK)
        return r ? resultError(pq, r.get(), "the team database refused a query") : lastError("no answer");
    std::vector<Row> rows;
    const int n = pq->ntuples(r.get()), columns = pq->nfields(r.get());
    rows.reserve(std::size_t(n));
    for (int i = 0; i < n; ++i) {
        Row row;
        for (int c = 0; c < columns; ++c) {
            if (pq->getisnull(r.get(), i, c))
                row.emplace_back();
            else
                row.emplace_back(
                    std::string(pq->getvalue(r.get(), i, c), std::size_t(pq->getlength(r.get(), i, c))));
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

Result<long long> PgConnection::change(const std::string &sql,
                                       const std::vector<std::optional<std::string>> &params)
{
    const LibPq *pq = libPq();
    PgResult r = run(pq, m_conn, sql, params);
    const ExecStatusType st = r ? pq->resultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        return r ? resultError(pq, r.get(), "the team database refused a change") : lastError("no answer");
    const char *count = pq->cmdTuples(r.get());
    return count && *count ? std::stoll(count) : 0LL;
}

Status PgConnection::copyBegin(const std::string &copySql)
{
    const LibPq *pq = libPq();
    PgResult r(pq->exec(m_conn, copySql.c_str()), ResultCloser{pq});
    if (!r || pq->resultStatus(r.get()) != PGRES_COPY_IN)
        return r ? resultError(pq, r.get(), "the team database refused a copy") : lastError("no answer");
    return Status::ok();
}

bool PgConnection::copySend(std::string_view piece)
{
    return piece.empty() || libPq()->putCopyData(m_conn, piece.data(), int(piece.size())) == 1;
}

Result<long long> PgConnection::copyEnd(const char *abandon)
{
    const LibPq *pq = libPq();
    // Ending with an error message makes the server fail the COPY (and so the transaction).
    if (pq->putCopyEnd(m_conn, abandon) != 1)
        return lastError("the copy could not be ended");
    long long rows = 0;
    Status status;
    while (PGresult *raw = pq->getResult(m_conn)) {
        PgResult r(raw, ResultCloser{pq});
        if (pq->resultStatus(raw) != PGRES_COMMAND_OK) {
            if (status.isOk())
                status = resultError(pq, raw, "the team database refused the copied rows");
        } else if (const char *count = pq->cmdTuples(raw); count && *count) {
            rows = std::stoll(count);
        }
    }
    if (!status.isOk())
        return status;
    return rows;
}

Result<long long> PgConnection::copyIn(const std::string &copySql,
                                       const std::function<bool(std::string &)> &produce)
{
    if (Status s = copyBegin(copySql); !s.isOk())
        return s;
    std::string buffer;
    bool more = true;
    bool sent = true;
    while (more && sent) {
        buffer.clear();
        more = produce(buffer);
        sent = copySend(buffer);
    }
    // A failed send still ends the copy, so the server answers with its error.
    auto rows = copyEnd(sent ? nullptr : "the client stopped sending");
    if (rows.isOk() && !sent)
        return lastError("the copy was cut off");
    return rows;
}

Status PgConnection::copyOut(const std::string &copySql, const std::function<Status(std::string_view)> &row)
{
    const LibPq *pq = libPq();
    {
        PgResult r(pq->exec(m_conn, copySql.c_str()), ResultCloser{pq});
        if (!r || pq->resultStatus(r.get()) != PGRES_COPY_OUT)
            return r ? resultError(pq, r.get(), "the team database refused a copy") : lastError("no answer");
    }
    Status status;
    for (;;) {
        char *line = nullptr;
        const int n = pq->getCopyData(m_conn, &line, 0);
        if (n < 0)
            break;
        std::string_view text(line, std::size_t(n));
        if (!text.empty() && text.back() == '\n')
            text.remove_suffix(1);
        if (status.isOk())
            status = row(text); // after a refusal the rest is read and dropped: the copy must end
        pq->freemem(line);
    }
    while (PGresult *raw = pq->getResult(m_conn)) {
        PgResult r(raw, ResultCloser{pq});
        if (pq->resultStatus(raw) != PGRES_COMMAND_OK && status.isOk())
            status = resultError(pq, raw, "the copy from the team database failed");
    }
    return status;
}

void PgConnection::appendCopyText(std::string &out, std::string_view text)
{
    for (char c : text) {
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            out += c;
        }
    }
}

std::vector<std::optional<std::string>> PgConnection::splitCopyLine(std::string_view line)
{
    std::vector<std::optional<std::string>> fields;
    std::string field;
    bool isNull = false;
    for (std::size_t i = 0; i <= line.size(); ++i) {
        if (i == line.size() || line[i] == '\t') {
            fields.push_back(isNull ? std::nullopt : std::optional<std::string>(std::move(field)));
            field.clear();
            isNull = false;
            continue;
        }
        if (line[i] != '\\' || i + 1 == line.size()) {
            field += line[i];
            continue;
        }
        const char next = line[++i];
        switch (next) {
        case 'N':
            isNull = field.empty();
            break;
        case 't':
            field += '\t';
            break;
        case 'n':
            field += '\n';
            break;
        case 'r':
            field += '\r';
            break;
        case 'b':
            field += '\b';
            break;
        case 'f':
            field += '\f';
            break;
        case 'v':
            field += '\v';
            break;
        default:
            field += next;
        }
    }
    return fields;
}

} // namespace stackatlas
