// SPDX-License-Identifier: GPL-3.0-or-later
#include "jsonreader.h"

#include <algorithm>

#include "textutil.h"

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

namespace stackatlas {

const JsonValue *JsonValue::find(std::string_view key) const
{
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (keys[i] == key)
            return &items[i];
    }
    return nullptr;
}

std::optional<double> JsonValue::toDouble() const
{
    if (type != Type::Number)
        return std::nullopt;
    return parseFiniteDouble(text);
}

const char *JsonValue::typeName(Type type)
{
    switch (type) {
    case Type::Null:
        return "null";
    case Type::Bool:
        return "a boolean";
    case Type::Number:
        return "a number";
    case Type::String:
        return "a string";
    case Type::Array:
        return "an array";
    case Type::Object:
        return "an object";
    }
    return "?";
}

TextPosition positionAt(std::string_view text, std::size_t offset)
{
    TextPosition pos;
    const std::size_t end = std::min(offset, text.size());
    for (std::size_t i = 0; i < end; ++i) {
        if (text[i] == '\n') {
            ++pos.line;
            pos.column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++pos.column;
        }
    }
    return pos;
}

Status jsonSyntaxError(std::string_view text, std::size_t offset, std::string reason, bool documentEmpty,
                       JsonError *error)
{
    if (offset >= text.size() && !documentEmpty)
        reason = "the text ends early (truncated?): " + reason;
    if (error)
        *error = {offset, reason};
    const TextPosition pos = positionAt(text, offset);
    return Status::error(StatusCode::InvalidInput, "line " + std::to_string(pos.line) + ", column " +
                                                       std::to_string(pos.column) + ": " + reason);
}

namespace {

// Builds the tree with an explicit stack, so neither parsing nor building recurses.
class TreeBuilder
{
public:
    TreeBuilder(const rapidjson::MemoryStream &stream, const JsonLimits &limits)
        : m_stream(stream), m_maxDepth(limits.maxDepth), m_keep(limits.keepInItems)
    {}

    bool Null() { return skipped() || add(make(JsonValue::Type::Null)); }
    bool Bool(bool b)
    {
        if (skipped())
            return true;
        JsonValue v = make(JsonValue::Type::Bool);
        v.boolean = b;
        return add(std::move(v));
    }
    // With kParseNumbersAsStringsFlag every number arrives through RawNumber.
    bool Int(int) { return false; }
    bool Uint(unsigned) { return false; }
    bool Int64(int64_t) { return false; }
    bool Uint64(uint64_t) { return false; }
    bool Double(double) { return false; }
    bool RawNumber(const char *str, rapidjson::SizeType length, bool)
    {
        if (skipped())
            return true;
        JsonValue v = make(JsonValue::Type::Number);
        v.text.assign(str, length);
        return add(std::move(v));
    }
    bool String(const char *str, rapidjson::SizeType length, bool)
    {
        if (skipped())
            return true;
        JsonValue v = make(JsonValue::Type::String);
        v.text.assign(str, length);
        return add(std::move(v));
    }
    bool StartObject() { return m_skip ? skipInto() : open(JsonValue::Type::Object); }
    bool Key(const char *str, rapidjson::SizeType length, bool)
    {
        if (m_skip)
            return true;
        JsonValue &top = m_stack.back();
        if (m_keep && m_stack.size() >= 2 && m_stack[m_stack.size() - 2].isArray() &&
            std::find(m_keep->begin(), m_keep->end(), std::string_view(str, length)) == m_keep->end()) {
            m_skip = 1; // the member's value, whatever it holds, is not built
            return true;
        }
        std::string key(str, length);
        for (const auto &k : top.keys) {
            if (k == key) {
                m_error = "duplicate key \"" + key + "\"";
                return false;
            }
        }
        top.keys.push_back(std::move(key));
        return true;
    }
    bool EndObject(rapidjson::SizeType) { return m_skip ? ended() : close(); }
    bool StartArray() { return m_skip ? skipInto() : open(JsonValue::Type::Array); }
    bool EndArray(rapidjson::SizeType) { return m_skip ? ended() : close(); }

    JsonValue takeRoot() { return std::move(m_root); }
    const std::string &error() const { return m_error; }

private:
    // m_skip: 0 builds; 1, the next value is a member not kept; more, inside such a value.
    bool skipped()
    {
        if (m_skip == 0)
            return false;
        if (m_skip == 1)
            m_skip = 0; // this scalar was the member's value
        return true;
    }
    bool skipInto()
    {
        if (int(m_stack.size()) + m_skip >= m_maxDepth) {
            m_error = "nested deeper than " + std::to_string(m_maxDepth) + " levels";
            return false;
        }
        ++m_skip;
        return true;
    }
    bool ended()
    {
        if (--m_skip == 1)
            m_skip = 0;
        return true;
    }
    JsonValue make(JsonValue::Type type) const
    {
        JsonValue v;
        v.type = type;
        v.offset = m_stream.Tell();
        return v;
    }
    bool open(JsonValue::Type type)
    {
        if (int(m_stack.size()) >= m_maxDepth) {
            m_error = "nested deeper than " + std::to_string(m_maxDepth) + " levels";
            return false;
        }
        m_stack.push_back(make(type));
        return true;
    }
    bool close()
    {
        JsonValue done = std::move(m_stack.back());
        m_stack.pop_back();
        return add(std::move(done));
    }
    bool add(JsonValue v)
    {
        if (m_stack.empty()) {
            m_root = std::move(v);
            return true;
        }
        m_stack.back().items.push_back(std::move(v));
        return true;
    }

    const rapidjson::MemoryStream &m_stream;
    int m_maxDepth;
    const std::vector<std::string_view> *m_keep;
    int m_skip = 0;
    std::vector<JsonValue> m_stack;
    JsonValue m_root;
    std::string m_error;
};

} // namespace

Result<JsonValue> parseJson(std::string_view text, const JsonLimits &limits, JsonError *error)
{
    if (text.size() > limits.maxBytes) {
        if (error)
            *error = {0, "larger than " + std::to_string(limits.maxBytes) + " bytes"};
        return Status::error(StatusCode::InvalidInput, "JSON of " + std::to_string(text.size()) +
                                                           " bytes is over the limit of " +
                                                           std::to_string(limits.maxBytes));
    }
    if (const std::size_t bad = firstInvalidUtf8(text); bad != text.size())
        return jsonSyntaxError(text, bad, kInvalidUtf8, false, error);
    rapidjson::MemoryStream stream(text.data(), text.size());
    TreeBuilder builder(stream, limits);
    rapidjson::Reader reader;
    // UTF-8 was validated above, the whole text at once.
    constexpr unsigned flags = rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag;
    const rapidjson::ParseResult ok = reader.Parse<flags>(stream, builder);
    if (!ok) {
        return jsonSyntaxError(text, ok.Offset(),
                               builder.error().empty() ? std::string(rapidjson::GetParseError_En(ok.Code()))
                                                       : builder.error(),
                               ok.Code() == rapidjson::kParseErrorDocumentEmpty, error);
    }
    return builder.takeRoot();
}

} // namespace stackatlas
