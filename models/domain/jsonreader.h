// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "status.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stackatlas {

// A parsed JSON value that remembers where it stood in the input, so that an error found after
// parsing (a missing field, an unknown id) can still name its line.
struct JsonValue
{
    enum class Type
    {
        Null,
        Bool,
        Number,
        String,
        Array,
        Object
    };

    Type type = Type::Null;
    bool boolean = false;
    std::string text;              // a string's contents, or a number's literal as written
    std::vector<std::string> keys; // an object's keys, parallel to items
    std::vector<JsonValue> items;  // an array's elements or an object's values
    std::size_t offset = 0;        // byte offset in the input, for lineAt()

    bool isNull() const { return type == Type::Null; }
    bool isString() const { return type == Type::String; }
    bool isNumber() const { return type == Type::Number; }
    bool isObject() const { return type == Type::Object; }
    bool isArray() const { return type == Type::Array; }
    const JsonValue *find(std::string_view key) const;
    // The number as a finite double; nullopt for non-numbers and for values out of double range.
    std::optional<double> toDouble() const;
    static const char *typeName(Type type);
};

struct JsonLimits
{
    std::size_t maxBytes = 16u << 20; // 16 MiB
    int maxDepth = 64;
    // When set, an object that is an element of an array (a payload's items) keeps only these
    // members; the others are read and checked as JSON but not built, so a parser that reads ten
    // fields of a hundred does not pay for the ninety. Duplicate keys are refused among the kept.
    const std::vector<std::string_view> *keepInItems = nullptr;
};

// Parses without recursion (RapidJSON's iterative mode), validates UTF-8, keeps numbers as text
// (Debian's RapidJSON 1.1.0 misparses some exponents: CVE-2024-38517) and refuses nesting deeper
// than maxDepth and duplicate keys in an object. Errors read "line L, column C: reason".
// When error is given, a failure also fills it with the offset and the bare reason, for callers
// that name the position their own way (the taxonomy file reports FILE:LINE).
struct JsonError
{
    std::size_t offset = 0;
    std::string reason;
};
Result<JsonValue> parseJson(std::string_view text, const JsonLimits &limits = {}, JsonError *error = nullptr);

// 1-based line and column of a byte offset.
struct TextPosition
{
    long line = 1;
    long column = 1;
};
TextPosition positionAt(std::string_view text, std::size_t offset);

// The error every JSON reader here reports: "line L, column C: reason", with a hint when the
// failure is at the very end of the text (a truncated body). `error`, if given, gets the parts.
Status jsonSyntaxError(std::string_view text, std::size_t offset, std::string reason, bool documentEmpty,
                       JsonError *error = nullptr);
// Every reader checks the whole text's UTF-8 before parsing, and says this at the first bad byte.
inline constexpr const char *kInvalidUtf8 = "Invalid encoding: not UTF-8.";

} // namespace stackatlas
