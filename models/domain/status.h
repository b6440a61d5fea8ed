// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdio>
#include <cstdlib>
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
    Conflict,  // e.g. a unit that disagrees with the stored series
    Cancelled, // stopped by the user; nothing was changed
    Internal,
};

// [[nodiscard]]: a Status that nobody looks at is an error nobody sees. Ignore one on purpose with
// a (void) cast and a comment saying why.
class [[nodiscard]] Status
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
template <typename T> class [[nodiscard]] Result
{
public:
    Result(T value) : m_value(std::move(value)) {}
    Result(Status status) : m_status(std::move(status)) {}

    bool isOk() const { return m_value.has_value(); }
    const Status &status() const { return m_status; }
    // Only on success: asking an error for its value is a bug, caught here in every build.
    const T &value() const &
    {
        assertHasValue();
        return *m_value;
    }
    T &value() &
    {
        assertHasValue();
        return *m_value;
    }
    T &&value() &&
    {
        assertHasValue();
        return std::move(*m_value);
    }

private:
    void assertHasValue() const
    {
        if (!m_value) {
            std::fprintf(stderr, "stackatlas: Result::value() called on an error: %s\n",
                         m_status.message().c_str());
            std::abort();
        }
    }
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
