// SPDX-License-Identifier: GPL-3.0-or-later
// The long CSV (import-csv). The input is read whole (readCsv, parseLongCsv) and in two pieces
// split where the first byte says, as the streaming import reads a file: the two readings must
// give the same records (csvreader.h promises it for records within the reader's limit), and each
// is then checked row by row as importCsvFile does.
#include "fuzzsupport.h"

#include "models/domain/csvreader.h"
#include "models/domain/longcsv.h"

#include <cstdlib>

using namespace stackatlas;

namespace {

bool same(const CsvRecord &a, const CsvRecord &b)
{
    return a.line == b.line && a.fields == b.fields;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::string_view text = fuzz::bytes(data + 1, size - 1);
    const Taxonomy &taxonomy = fuzz::shippedTaxonomy();
    (void)parseLongCsv(text, taxonomy, "fuzz", 1750000000);

    const CsvDocument whole = readCsv(text);
    CsvStreamReader reader; // 1 MiB a record: fuzz inputs stay below it
    const std::size_t cut = data[0] % (text.size() + 1);
    std::vector<CsvRecord> streamed;
    for (CsvDocument doc : {reader.feed(text.substr(0, cut)), reader.feed(text.substr(cut)), reader.finish()})
        for (CsvRecord &r : doc.records)
            streamed.push_back(std::move(r));
    if (streamed.size() != whole.records.size())
        std::abort();
    for (std::size_t i = 0; i < streamed.size(); ++i)
        if (!same(streamed[i], whole.records[i]))
            std::abort();

    if (streamed.empty())
        return 0;
    auto rows = LongCsvRows::fromHeader(streamed.front(), taxonomy);
    if (!rows.isOk())
        return 0;
    for (std::size_t i = 1; i < streamed.size(); ++i) {
        std::string why;
        (void)rows.value().read(streamed[i], why);
    }
    return 0;
}
