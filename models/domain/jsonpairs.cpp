// SPDX-License-Identifier: GPL-3.0-or-later
#include "jsonpairs.h"

#include "jsonreader.h"
#include "textutil.h"

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <algorithm>

namespace stackatlas {
namespace {

// Depth 1 is the root object, 2 a wanted array, 3 one [t, v] pair.
class PairHandler
{
public:
    PairHandler(const std::vector<std::string> &names, int maxDepth, PairArrays &out)
        : m_names(names), m_maxDepth(maxDepth), m_out(out)
    {}

    bool Null() { return scalar(std::nullopt, true); }
    bool Bool(bool) { return scalar(std::nullopt, false); }
    bool Int(int) { return false; }
    bool Uint(unsigned) { return false; }
    bool Int64(int64_t) { return false; }
    bool Uint64(uint64_t) { return false; }
    bool Double(double) { return false; }
    bool RawNumber(const char *s, rapidjson::SizeType n, bool)
    {
        return scalar(parseFiniteDouble(std::string_view(s, n)), false, true);
    }
    bool String(const char *, rapidjson::SizeType, bool) { return scalar(std::nullopt, false); }
    bool Key(const char *s, rapidjson::SizeType n, bool)
    {
        if (m_depth == 1) {
            const std::string_view key(s, n);
            m_current = nullptr;
            m_pendingKey.assign(key);
        }
        return true;
    }
    bool StartObject()
    {
        if (!enter())
            return false;
        if (m_depth == 1)
            m_out.rootIsObject = true;
        if (m_depth == 2 && wanted(m_pendingKey))
            m_out.notArrays.push_back(m_pendingKey);
        if (m_depth == 3 && m_current)
            m_pairBad = true; // an object where a pair should be
        return true;
    }
    bool EndObject(rapidjson::SizeType) { return leave(); }
    bool StartArray()
    {
        if (!enter())
            return false;
        if (m_depth == 2 && wanted(m_pendingKey))
            m_current = &m_out.arrays[m_pendingKey];
        else if (m_depth == 2)
            m_current = nullptr;
        if (m_depth == 3 && m_current) {
            m_pairSize = 0;
            m_pairBad = false;
        }
        return true;
    }
    bool EndArray(rapidjson::SizeType)
    {
        if (m_depth == 3 && m_current) {
            if (m_pairBad || m_pairSize != 2)
                ++m_current->malformed;
            else
                m_current->points.emplace_back(m_t, m_v);
        }
        if (m_depth == 2)
            m_current = nullptr;
        return leave();
    }
    const std::string &error() const { return m_error; }

private:
    bool enter()
    {
        if (++m_depth > m_maxDepth) {
            m_error = "nested deeper than " + std::to_string(m_maxDepth) + " levels";
            return false;
        }
        if (m_depth == 4 && m_current)
            m_pairBad = true; // nested inside a pair
        return true;
    }
    bool leave()
    {
        --m_depth;
        return true;
    }
    bool wanted(const std::string &key) const
    {
        return std::find(m_names.begin(), m_names.end(), key) != m_names.end();
    }
    bool scalar(std::optional<double> number, bool isNull, bool isNumber = false)
    {
        if (m_depth == 1 && wanted(m_pendingKey))
            m_out.notArrays.push_back(m_pendingKey);
        if (m_depth == 2 && m_current)
            ++m_current->malformed; // a bare value where a pair should be
        if (m_depth != 3 || !m_current)
            return true;
        ++m_pairSize;
        if (m_pairSize == 1) {
            if (!isNumber || !number)
                m_pairBad = true;
            else
                m_t = *number;
        } else if (m_pairSize == 2) {
            if (isNull)
                m_v.reset();
            else if (!isNumber || !number)
                m_pairBad = true;
            else
                m_v = number;
        }
        return true;
    }

    const std::vector<std::string> &m_names;
    int m_maxDepth;
    PairArrays &m_out;
    int m_depth = 0;
    std::string m_pendingKey;
    PairSeries *m_current = nullptr;
    int m_pairSize = 0;
    bool m_pairBad = false;
    double m_t = 0;
    std::optional<double> m_v;
    std::string m_error;
};

} // namespace

Result<PairArrays> parsePairArrays(std::string_view text, const std::vector<std::string> &names, int maxDepth)
{
    if (const std::size_t bad = firstInvalidUtf8(text); bad != text.size())
        return jsonSyntaxError(text, bad, kInvalidUtf8, false);
    PairArrays out;
    PairHandler handler(names, maxDepth, out);
    rapidjson::MemoryStream stream(text.data(), text.size());
    rapidjson::Reader reader;
    // UTF-8 was validated above, the whole text at once.
    constexpr unsigned flags = rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag;
    const rapidjson::ParseResult ok = reader.Parse<flags>(stream, handler);
    if (!ok) {
        return jsonSyntaxError(text, ok.Offset(),
                               handler.error().empty() ? std::string(rapidjson::GetParseError_En(ok.Code()))
                                                       : handler.error(),
                               ok.Code() == rapidjson::kParseErrorDocumentEmpty);
    }
    return out;
}

} // namespace stackatlas
