// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/status.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct pg_conn;

namespace stackatlas {

// One connection to a PostgreSQL server through libpq (loaded at first use, team/libpq.h). The
// only place that talks to libpq: the team store's SQL is in teamschema and teamsync.
//
// The URL is anything libpq takes (a URI or "host=… dbname=…"), and libpq's environment
// variables (PGHOST, PGPASSFILE, PGSSLMODE…) apply as in psql. A password given here (from the
// keyring) is passed to libpq only; nothing this class reports (label(), errors) carries one.
class PgConnection
{
public:
    using Row = std::vector<std::optional<std::string>>;

    static Result<std::unique_ptr<PgConnection>> open(const std::string &url,
                                                      const std::optional<std::string> &password = {});
    ~PgConnection();
    PgConnection(const PgConnection &) = delete;
    PgConnection &operator=(const PgConnection &) = delete;

    // "user@host:port/dbname", with ", TLS" when the connection is encrypted: what messages,
    // runs and the Sources pane name the store by.
    const std::string &label() const { return m_label; }

    // Statements that return no rows; several may be given at once when params is empty.
    Status exec(const std::string &sql, const std::vector<std::optional<std::string>> &params = {});
    // The rows of one statement, as text; NULL is nullopt.
    Result<std::vector<Row>> query(const std::string &sql,
                                   const std::vector<std::optional<std::string>> &params = {});
    // How many rows the statement changed (INSERT/UPDATE/DELETE).
    Result<long long> change(const std::string &sql,
                             const std::vector<std::optional<std::string>> &params = {});

    // COPY … FROM STDIN in text format: `produce` appends rows to the buffer it is given and
    // returns false when it has no more; each filled buffer goes to the server as it is made.
    Result<long long> copyIn(const std::string &copySql, const std::function<bool(std::string &)> &produce);
    // The same in three steps, for a producer that cannot be called back (it calls instead):
    // begin, send each piece, end. A failed send or `abandon` ends the copy with an error, and the
    // server's answer (how many rows, or why not) comes from copyEnd.
    Status copyBegin(const std::string &copySql);
    bool copySend(std::string_view piece);
    Result<long long> copyEnd(const char *abandon = nullptr);
    // COPY … TO STDOUT in text format: `row` gets each line without its newline; returning a
    // non-ok Status stops the copy with that error.
    Status copyOut(const std::string &copySql, const std::function<Status(std::string_view)> &row);

    // COPY's text format: backslash, tab, newline and carriage return escaped.
    static void appendCopyText(std::string &out, std::string_view text);
    // Splits one COPY text line into its fields, unescaped; NULL (\N) is nullopt.
    static std::vector<std::optional<std::string>> splitCopyLine(std::string_view line);

private:
    explicit PgConnection(pg_conn *conn);
    Status lastError(const char *what) const;

    pg_conn *m_conn;
    std::string m_label;
};

} // namespace stackatlas
