// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "jsonreader.h"

#include <cmath>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace stackatlas::json {

// Reads the fields of one JSON object of a hand-written file (the taxonomy, a CSV mapping spec),
// demanding types and refusing unknown keys, so that every mistake can be reported with its line.
// Thrown by ObjectReader, caught by the parser that uses it: it carries the offset of the value at
// fault, which becomes the line in the message. Never crosses a library boundary.
struct FieldError : std::runtime_error
{
    FieldError(std::size_t offset, const std::string &what) : std::runtime_error(what), offset(offset) {}
    std::size_t offset;
};

class ObjectReader
{
public:
    ObjectReader(const JsonValue &value, std::string what) : m_value(value), m_what(std::move(what))
    {
        if (!value.isObject())
            throw FieldError(value.offset,
                             m_what + " must be an object, not " + JsonValue::typeName(value.type));
    }
    ~ObjectReader() = default;

    // Every key must be read: an unread key is a typo or a field this version does not know.
    void finish() const
    {
        for (std::size_t i = 0; i < m_value.keys.size(); ++i) {
            if (!m_used.count(m_value.keys[i]))
                throw FieldError(m_value.items[i].offset,
                                 "unknown key \"" + m_value.keys[i] + "\" in " + m_what);
        }
    }

    const JsonValue *get(const char *key)
    {
        m_used.insert(key);
        return m_value.find(key);
    }
    std::string string(const char *key)
    {
        const JsonValue *v = get(key);
        if (!v)
            throw FieldError(m_value.offset, m_what + " lacks \"" + key + "\"");
        if (!v->isString())
            throw FieldError(v->offset, "\"" + std::string(key) + "\" must be a string");
        if (v->text.empty())
            throw FieldError(v->offset, "\"" + std::string(key) + "\" must not be empty");
        return v->text;
    }
    std::string optionalString(const char *key)
    {
        const JsonValue *v = get(key);
        if (!v || v->isNull())
            return {};
        if (!v->isString())
            throw FieldError(v->offset, "\"" + std::string(key) + "\" must be a string or null");
        return v->text;
    }
    std::optional<double> optionalNumber(const char *key)
    {
        const JsonValue *v = get(key);
        if (!v || v->isNull())
            return std::nullopt;
        const auto d = v->toDouble();
        if (!d)
            throw FieldError(v->offset, "\"" + std::string(key) + "\" must be a finite number");
        return d;
    }
    // A whole number within [lowest, highest], or nullopt when absent or null.
    std::optional<int> optionalWholeNumber(const char *key, int lowest, int highest)
    {
        const auto d = optionalNumber(key);
        if (!d)
            return std::nullopt;
        // Compared as doubles before any conversion: 2.2e80 converted to int is undefined.
        if (!(*d >= lowest && *d <= highest) || *d != std::floor(*d))
            throw FieldError(get(key)->offset, "\"" + std::string(key) + "\" must be a whole number from " +
                                                   std::to_string(lowest) + " to " + std::to_string(highest));
        return int(*d);
    }
    double number(const char *key)
    {
        const auto d = optionalNumber(key);
        if (!d)
            throw FieldError(m_value.offset, m_what + " lacks the number \"" + key + "\"");
        return *d;
    }
    bool boolean(const char *key, bool fallback)
    {
        const JsonValue *v = get(key);
        if (!v)
            return fallback;
        if (v->type != JsonValue::Type::Bool)
            throw FieldError(v->offset, "\"" + std::string(key) + "\" must be true or false");
        return v->boolean;
    }
    std::vector<std::string> stringList(const char *key)
    {
        std::vector<std::string> out;
        const JsonValue *v = get(key);
        if (!v)
            return out;
        if (!v->isArray())
            throw FieldError(v->offset, "\"" + std::string(key) + "\" must be an array of strings");
        for (const auto &item : v->items) {
            if (!item.isString() || item.text.empty())
                throw FieldError(item.offset, "\"" + std::string(key) + "\" must hold non-empty strings");
            out.push_back(item.text);
        }
        return out;
    }
    const JsonValue &array(const char *key)
    {
        const JsonValue *v = get(key);
        if (!v)
            throw FieldError(m_value.offset, m_what + " lacks the array \"" + key + "\"");
        if (!v->isArray())
            throw FieldError(v->offset, "\"" + std::string(key) + "\" must be an array");
        return *v;
    }

private:
    const JsonValue &m_value;
    std::string m_what;
    std::set<std::string> m_used;
};

} // namespace stackatlas::json
