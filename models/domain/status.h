// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace stackatlas {

// Expected failures are values, not exceptions: every parser, the cache and the adapters return a
// Status (or a Result carrying one) whose message is written for the user, in one line.
enum class StatusCode
{
    Ok,
    InvalidInput, // malformed file, row or argument
    NotFound,
    Refused, // a file we will not touch: foreign, newer, corrupt
    IoError,
    Conflict, // e.g. a unit that disagrees with the stored series
    Internal,
};

class Status
{
public:
    Status() = default;
    static Status ok() { return {}; }
    static Status error(StatusCode code, std::string message) { return Status(code, std::move(message)); }

    bool isOk() const { return m_code == StatusCode::Ok; }
    StatusCode code() const { return m_code; }
    const std::string &message() const { return m_message; }

private:
    Status(StatusCode code, std::string message) : m_code(code), m_message(std::move(message)) {}
    StatusCode m_code = StatusCode::Ok;
    std::string m_message;
};

// A value or the Status that explains why there is none. (C++20 has no std::expected.)
template <typename T> class Result
{
public:
    Result(T value) : m_value(std::move(value)) {}
    Result(Status status) : m_status(std::move(status)) {}

    bool isOk() const { return m_value.has_value(); }
    const Status &status() const { return m_status; }
    const T &value() const & { return *m_value; }
    T &value() & { return *m_value; }
    T &&value() && { return std::move(*m_value); }

private:
    std::optional<T> m_value;
    Status m_status;
};

// A problem tied to a place in an input file: the row, the reason. Used for bad CSV rows, skipped
// records and the like, which are reported without failing the whole input.
struct LineIssue
{
    long line = 0;
    std::string message;
};

} // namespace stackatlas
