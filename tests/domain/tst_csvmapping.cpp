// SPDX-License-Identifier: GPL-3.0-or-later
// The declarative CSV mapping: spec errors with their line, row errors with the file's line and
// the spec's path, and each transform on small inputs.
#include "datasources/taxonomy/taxonomyloader.h"
#include "models/domain/csvmapping.h"
#include "models/domain/serialize.h"
#include "support/warnings.h"

#include <QTest>

using namespace stackatlas;

namespace {

std::string spec(const std::string &body)
{
    return R"({"format": "stackatlas-csv-mapping", "version": 1, "dataset": "t", "source": "test",
)" + body + "}\n";
}

} // namespace

class tst_CsvMapping : public QObject
{
    Q_OBJECT

private slots:
    void init() { stackatlas::test::failOnUnexpectedWarnings(); }
    void initTestCase();
    void specErrors_data();
    void specErrors();
    void missingColumnRefusesFile();
    void nonNumericValueRejectsRowWithLine();
    void conditionalDivision();
    void constantDivision();
    void pairsCellBecomesOneValuePerEntity();
    void headerLineThousandsAndCurrency();
    void monthFormats_data();
    void monthFormats();
    void unknownEntitiesSkipOrReject();
    void entityFromArgument();
    void namesUsersHaveImportWithNoSkippedRow();
    void catalogueWithoutDateOrMemorySize();
    void numericDimensionsAreOneForm();

private:
    Result<MappedCsv> apply(const std::string &specText, const std::string &csv,
                            const MappingOverrides &o = {});
    Taxonomy m_taxonomy;
};

void tst_CsvMapping::initTestCase()
{
    m_taxonomy = embeddedTaxonomy().value();
}

Result<MappedCsv> tst_CsvMapping::apply(const std::string &specText, const std::string &csv,
                                        const MappingOverrides &o)
{
    auto m = parseCsvMapping(specText, "spec.json");
    if (!m.isOk())
        return m.status();
    return applyCsvMapping(m.value(), csv, "data.csv", m_taxonomy, "test", 0, o);
}

void tst_CsvMapping::specErrors_data()
{
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("expected");
    const QString entityTime = QStringLiteral(R"("entity": {"value": "aws"}, "timestamp": {"column": "t"},
)");
    QTest::newRow("divide-by-zero")
        << entityTime + R"("values": [{"column": "p", "metric": "price_usd", "unit": "USD", "divide_by": 0}])"
        << "spec.json:3: a transform by zero";
    QTest::newRow("wrong-unit") << entityTime +
                                       R"("values": [{"column": "p", "metric": "price_usd", "unit": "EUR"}])"
                                << "spec.json:3: unit \"EUR\" does not match price_usd";
    QTest::newRow("unknown-key")
        << entityTime + R"("values": [{"column": "p", "metric": "price_usd", "unit": "USD", "divide": 8}])"
        << "spec.json:3: unknown key \"divide\"";
    QTest::newRow("bad-time-format")
        << QStringLiteral(R"("entity": {"value": "aws"}, "timestamp": {"column": "t", "format": "dd.mm.yy"},
"values": [{"column": "p", "metric": "price_usd", "unit": "USD"}])")
        << "spec.json:2: unknown timestamp format \"dd.mm.yy\"";
    QTest::newRow("two-entity-sources")
        << QStringLiteral(R"("entity": {"value": "aws", "column": "x"}, "timestamp": {"column": "t"},
"values": [{"column": "p", "metric": "price_usd", "unit": "USD"}])")
        << "spec.json:2: \"entity\" needs exactly one of";
    QTest::newRow("no-values") << entityTime + R"("dims": {})"
                               << "the mapping needs \"values\" or \"pairs\"";
    QTest::newRow("divide-when-without-column")
        << entityTime + R"("values": [{"column": "p", "metric": "price_usd", "unit": "USD",
 "divide_when": [[{"column": "x", "equals": "y"}]]}])"
        << "needs divide_by_column";
    QTest::newRow("syntax") << QStringLiteral(R"("entity": {"value": "aws"} "timestamp": {})")
                            << "spec.json:2:";
}

void tst_CsvMapping::specErrors()
{
    QFETCH(QString, body);
    QFETCH(QString, expected);
    auto m = parseCsvMapping(spec(body.toStdString()), "spec.json");
    QVERIFY(!m.isOk());
    QVERIFY2(QString::fromStdString(m.status().message()).contains(expected), m.status().message().c_str());
}

void tst_CsvMapping::missingColumnRefusesFile()
{
    auto r = apply(spec(R"("entity": {"value": "aws"}, "timestamp": {"column": "t"},
"values": [{"column": "price_median_usd", "metric": "price_usd", "unit": "USD"}])"),
                   "t,price\n2025-01-01,1\n");
    QVERIFY(!r.isOk());
    QCOMPARE(
        QString::fromStdString(r.status().message()),
        QStringLiteral(
            "spec.json: column \"price_median_usd\" (value price_usd) is not in the header of data.csv"));
}

void tst_CsvMapping::nonNumericValueRejectsRowWithLine()
{
    auto r = apply(spec(R"("entity": {"value": "render"}, "timestamp": {"column": "t"},
"values": [{"column": "p", "metric": "price_usd", "unit": "USD"}])"),
                   "t,p\n2025-01-01,1.5\n2025-01-02,n/a\n2025-01-03,\n2025-01-04,-3\nyesterday,2\n");
    QVERIFY(r.isOk());
    QCOMPARE(r.value().observations.size(), std::size_t(1));
    QCOMPARE(r.value().emptyCells, 1L); // unknown, not an error and not 0
    QCOMPARE(r.value().rejected.size(), std::size_t(3));
    QCOMPARE(r.value().rejected[0].line, 3L);
    QCOMPARE(r.value().rejected[0].message,
             std::string("value \"n/a\" in column \"p\" is not a number (spec spec.json)"));
    QCOMPARE(r.value().rejected[1].line, 5L);
    QCOMPARE(r.value().rejected[2].line, 6L);
}

void tst_CsvMapping::conditionalDivision()
{
    const std::string s = spec(R"("entity": {"column": "provider"}, "timestamp": {"column": "date"},
"dims": {"gpu": {"column": "gpu"}, "gpus_per_instance": {"column": "n"}},
"values": [{"column": "price", "metric": "gpu_hourly_usd", "unit": "USD/GPU-hour", "divide_by_column": "n",
  "divide_when": [[{"column": "via", "contains": "getdeploying"}, {"column": "date", "before": "2026-02-18"}],
                  [{"column": "via", "contains": "getdeploying"}, {"column": "date", "equals": "2026-02-18"},
                   {"column": "provider", "not_in": ["civo", "vultr"]}]]}])");
    auto r = apply(s, "provider,gpu,n,date,price,via\n"
                      "aws,A100_SXM_80GB,8,2026-02-11,27.45,https://getdeploying.com\n"
                      "aws,A100_SXM_80GB,8,2026-02-19,3.43,https://getdeploying.com\n"
                      "civo,H100_SXM,8,2026-02-18,2.99,https://getdeploying.com\n"
                      "massed compute,H100_SXM,8,2026-02-18,21.6,https://getdeploying.com\n"
                      "runpod,H100_SXM,8,2026-01-01,2.5,https://api.runpod.io/graphql\n");
    QVERIFY(r.isOk());
    const auto &o = r.value().observations;
    QCOMPARE(o.size(), std::size_t(5));
    QCOMPARE(o[0].value, 27.45 / 8);
    QCOMPARE(o[1].value, 3.43);
    QCOMPARE(o[2].value, 2.99);     // civo switched a day early
    QCOMPARE(o[3].value, 21.6 / 8); // others still priced instances on 2026-02-18
    QCOMPARE(o[4].value, 2.5);      // direct rows are per GPU
    QCOMPARE(o[3].key.entityId, std::string("massed-compute"));
    QCOMPARE(o[0].key.dims.at("gpu"), std::string("a100-80gb"));
    QCOMPARE(o[0].key.dims.at("form"), std::string("sxm"));
}

// divide_by: a fixed divisor (an 8-GPU instance's price to a price per GPU-hour), every row.
void tst_CsvMapping::constantDivision()
{
    auto r = apply(spec(R"("entity": {"value": "aws"}, "timestamp": {"column": "t"},
"dims": {"gpu": {"value": "H100_SXM"}},
"values": [{"column": "instance_usd", "metric": "gpu_hourly_usd", "unit": "USD/GPU-hour", "divide_by": 8}])"),
                   "t,instance_usd\n2025-06-04,98.32\n2025-06-05,55.04\n");
    QVERIFY2(r.isOk(), r.status().message().c_str());
    QCOMPARE(r.value().observations.size(), std::size_t(2));
    QCOMPARE(r.value().observations[0].value, 98.32 / 8);
    QCOMPARE(r.value().observations[1].value, 55.04 / 8);
    // a divisor that is not a positive number is a spec error, not a silent no-op
    QVERIFY(!apply(spec(R"("entity": {"value": "aws"}, "timestamp": {"column": "t"},
"values": [{"column": "p", "metric": "price_usd", "unit": "USD", "divide_by": 0}])"),
                   "t,p\n2025-06-04,1\n")
                 .isOk());
}

void tst_CsvMapping::pairsCellBecomesOneValuePerEntity()
{
    auto r =
        apply(spec(R"("entity": {"value": "gix"}, "timestamp": {"column": "period", "format": "yyyy-mm"},
"dims": {"gpu": {"column": "index"}},
"values": [{"column": "value", "metric": "gpu_hourly_usd", "unit": "USD/GPU-hour", "dims": {"stat": "median"}}],
"pairs": {"column": "providers", "metric": "gpu_hourly_usd", "unit": "USD/GPU-hour", "dims": {"stat": "list"}})"),
              "period,index,value,providers\n2024-05,GIX-H100,2.95,lambda=3.028;runpod=2.867;datacrunch=2.6\n"
              "2023-01,GIX-H100,,\n");
    QVERIFY(r.isOk());
    QCOMPARE(r.value().observations.size(), std::size_t(4));
    std::map<std::string, double> byEntity;
    for (const auto &o : r.value().observations)
        byEntity[o.key.entityId + "/" + o.key.dims.at("stat")] = o.value;
    QCOMPARE(byEntity["gix/median"], 2.95);
    QCOMPARE(byEntity["lambda/list"], 3.028);
    QCOMPARE(byEntity["verda/list"], 2.6); // datacrunch is Verda's old name
    QCOMPARE(formatIsoUtc(r.value().observations.front().ts), std::string("2024-05-01T00:00:00Z"));
    QCOMPARE(r.value().emptyCells, 1L);
}

void tst_CsvMapping::headerLineThousandsAndCurrency()
{
    auto r = apply(
        spec(
            R"("header_line": 2, "entity": {"value": "render"}, "timestamp": {"column": "month", "format": "yyyy-mm"},
"values": [{"column": "$ price", "metric": "price_usd", "unit": "USD"}, {"column": "supply", "metric": "circulating_supply", "unit": "tokens"}],
"number": {"strip": "$", "thousands": ","})"),
        ",,\nmonth,$ price,supply\n2023-11,$2.80,\"342,840\"\n2024-2,\"$1,005.50\",1\n");
    QVERIFY2(r.isOk(), r.status().message().c_str());
    QVERIFY(r.value().rejected.empty());
    QCOMPARE(r.value().observations.size(), std::size_t(4));
    QCOMPARE(r.value().observations[0].value, 2.80);
    QCOMPARE(r.value().observations[1].value, 342840.0);
    QCOMPARE(r.value().observations[2].value, 1005.5);
    QCOMPARE(formatIsoDate(r.value().observations[2].ts), std::string("2024-02-01"));
}

void tst_CsvMapping::monthFormats_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("date"); // empty: refused
    QTest::newRow("mon-yyyy") << "mon yyyy"
                              << "Sep 2020"
                              << "2020-09-01";
    QTest::newRow("mm/yyyy") << "mm/yyyy"
                             << "06/2018"
                             << "2018-06-01";
    QTest::newRow("yyyymmdd") << "yyyymmdd"
                              << "20250127"
                              << "2025-01-27";
    QTest::newRow("iso-utc-suffix") << "iso"
                                    << "2020-10-15 00:00:00 UTC"
                                    << "2020-10-15";
    QTest::newRow("bad-month") << "mm/yyyy"
                               << "13/2020"
                               << "";
    QTest::newRow("bad-name") << "mon yyyy"
                              << "Sept 2020"
                              << "";
}

void tst_CsvMapping::monthFormats()
{
    QFETCH(QString, format);
    QFETCH(QString, text);
    QFETCH(QString, date);
    auto r = apply(spec(R"("entity": {"value": "render"}, "timestamp": {"column": "t", "format": ")" +
                        format.toStdString() +
                        R"("}, "values": [{"column": "p", "metric": "price_usd", "unit": "USD"}])"),
                   "t,p\n" + text.toStdString() + ",1\n");
    QVERIFY(r.isOk());
    if (date.isEmpty()) {
        QCOMPARE(r.value().rejected.size(), std::size_t(1));
    } else {
        QCOMPARE(r.value().observations.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(formatIsoDate(r.value().observations[0].ts)), date);
    }
}

void tst_CsvMapping::unknownEntitiesSkipOrReject()
{
    const std::string csv = "Symbol,d,p\nBTC,20250101,94000\nTAO,20250101,450\nVIRTUAL,20250101,4\n";
    auto skip = apply(spec(R"("entity": {"column": "Symbol", "match": "token", "unknown": "skip"},
"timestamp": {"column": "d", "format": "yyyymmdd"}, "values": [{"column": "p", "metric": "price_usd", "unit": "USD"}])"),
                      csv);
    QVERIFY(skip.isOk());
    // BTC is the benchmark entity btc; VIRTUAL is outside the taxonomy.
    QCOMPARE(skip.value().observations.size(), std::size_t(2));
    QCOMPARE(skip.value().observations[0].key.entityId, std::string("btc"));
    QCOMPARE(skip.value().observations[1].key.entityId, std::string("bittensor"));
    QCOMPARE(skip.value().otherEntities, 1L);
    QVERIFY(skip.value().rejected.empty());
    // What was skipped is named, most frequent first.
    QCOMPARE(skip.value().skippedNames, (std::map<std::string, long>{{"VIRTUAL", 1}}));
    QCOMPARE(describeSkippedNames({{"io", 12}, {"acme", 1}, {"crusoecloud", 5}}),
             std::string("io (12 rows), crusoecloud (5 rows), acme (1 row)"));
    QCOMPARE(describeSkippedNames({{"io", 12}, {"acme", 1}, {"crusoecloud", 5}}, 1),
             std::string("io (12 rows) and 2 more names"));
    auto reject = apply(spec(R"("entity": {"column": "Symbol", "match": "token"},
"timestamp": {"column": "d", "format": "yyyymmdd"}, "values": [{"column": "p", "metric": "price_usd", "unit": "USD"}])"),
                        csv);
    QCOMPARE(reject.value().rejected.size(), std::size_t(1));
}

void tst_CsvMapping::namesUsersHaveImportWithNoSkippedRow()
{
    // A Prime Intellect-style price list: providers and GPUs as that dataset spells them, and a
    // token list by CoinGecko id (issue 15: io.net, Crusoe and Massed Compute were lost before).
    const std::string prices =
        spec(R"("entity": {"column": "provider", "unknown": "skip"}, "timestamp": {"column": "date"},
"dims": {"gpu": {"column": "gpu"}, "form": {"column": "form"}},
"values": [{"column": "price", "metric": "gpu_hourly_usd", "unit": "USD/GPU-hour"}])");
    auto r = apply(prices, "provider,gpu,form,date,price\n"
                           "crusoecloud,H200_141GB,SXM5,2025-11-01,3.98\n"
                           "massedcompute,B200_180GB,SXM,2025-11-01,5.49\n"
                           "lambdalabs,GH200_96GB,,2025-11-01,1.49\n"
                           "crusoecloud,H100 PCIE,PCIe,2025-11-01,2.99\n");
    QVERIFY(r.isOk());
    QVERIFY(r.value().rejected.empty());
    QCOMPARE(r.value().otherEntities, 0L);
    const auto &o = r.value().observations;
    QCOMPARE(o.size(), std::size_t(4));
    QCOMPARE(o[0].key.entityId, std::string("crusoe"));
    QCOMPARE(o[0].key.dims.at("gpu"), std::string("h200"));
    QCOMPARE(o[0].key.dims.at("form"), std::string("sxm")); // SXM5 is the sxm form
    QCOMPARE(o[1].key.entityId, std::string("massed-compute"));
    QCOMPARE(o[1].key.dims.at("gpu"), std::string("b200"));
    QCOMPARE(o[2].key.entityId, std::string("lambda"));
    QCOMPARE(o[2].key.dims.at("gpu"), std::string("gh200-96gb"));
    QCOMPARE(o[3].key.dims.at("form"), std::string("pcie"));

    const std::string tokens =
        spec(R"("entity": {"column": "id", "unknown": "skip"}, "timestamp": {"column": "date"},
"values": [{"column": "price", "metric": "price_usd", "unit": "USD"}])");
    auto t = apply(tokens, "id,date,price\nio,2025-11-01,0.51\nrender-token,2025-11-01,2.4\n");
    QVERIFY(t.isOk());
    QCOMPARE(t.value().otherEntities, 0L);
    QCOMPARE(t.value().observations.at(0).key.entityId, std::string("io-net")); // CoinGecko's id for io.net
}

void tst_CsvMapping::catalogueWithoutDateOrMemorySize()
{
    // A catalogue captured on one day, with "A100" rows that say their memory in another column.
    const std::string s = spec(R"("entity": {"column": "provider"}, "timestamp": {"value": "2025-11-01"},
"dims": {"gpu": {"column": "gpu"}, "gpu_memory_gb": {"column": "vram"}},
"values": [{"column": "price", "metric": "gpu_hourly_usd", "unit": "USD/GPU-hour"}])");
    auto r = apply(s, "provider,gpu,vram,price\nlambda,A100,40,1.29\nlambda,A100,80,1.79\nlambda,A100,,1.99\n"
                      "lambda,A100,lots,2.0\n");
    QVERIFY(r.isOk());
    const auto &o = r.value().observations;
    QCOMPARE(o.size(), std::size_t(2));
    QCOMPARE(QString::fromStdString(formatIsoUtc(o[0].ts)), QStringLiteral("2025-11-01T00:00:00Z"));
    QCOMPARE(o[0].key.dims.at("gpu"), std::string("a100-40gb"));
    QCOMPARE(o[1].key.dims.at("gpu"), std::string("a100-80gb"));
    QVERIFY(!o[0].key.dims.count("gpu_memory_gb")); // picks the model, is not a dimension
    QCOMPARE(r.value().rejected.size(), std::size_t(2));
    QVERIFY2(r.value().rejected[0].message.find("memory size is needed") != std::string::npos,
             r.value().rejected[0].message.c_str());
    QVERIFY2(r.value().rejected[1].message.find("\"lots\" is not a size in GB") != std::string::npos,
             r.value().rejected[1].message.c_str());
    // A constant size, and a bad fixed date refused at the spec.
    const std::string constant = spec(R"("entity": {"value": "lambda"}, "timestamp": {"value": "2025-11-01"},
"dims": {"gpu": {"column": "gpu"}, "gpu_memory_gb": {"value": "80"}},
"values": [{"column": "price", "metric": "gpu_hourly_usd", "unit": "USD/GPU-hour"}])");
    QCOMPARE(apply(constant, "gpu,price\nA100,1.79\n").value().observations.at(0).key.dims.at("gpu"),
             std::string("a100-80gb"));
    QVERIFY(!apply(spec(R"("entity": {"value": "lambda"}, "timestamp": {"value": "November"},
"values": [{"column": "price", "metric": "gpu_hourly_usd", "unit": "USD/GPU-hour"}])"),
                   "price\n1\n")
                 .isOk());
}

void tst_CsvMapping::entityFromArgument()
{
    const std::string s = spec(R"("entity": {"from_argument": true}, "timestamp": {"column": "time"},
"values": [{"column": "CapMrktEstUSD", "metric": "market_cap_usd", "unit": "USD"}])");
    QVERIFY(!apply(s, "time,CapMrktEstUSD\n2024-11-01,588866929.21\n").isOk());
    auto r = apply(s, "time,CapMrktEstUSD\n2024-11-01,588866929.21090021912050309092\n",
                   {"akash", {{"asset", "akt"}}});
    QVERIFY(r.isOk());
    QCOMPARE(r.value().observations.size(), std::size_t(1));
    QCOMPARE(r.value().observations[0].key.dims.at("asset"), std::string("akt"));
    QCOMPARE(r.value().observations[0].value, 588866929.21090021912050309092);
}

// "1.0" and "1" GPUs per instance are one series, as the shipped data stores it ("1"): a mapping
// that reads a spreadsheet's "1.0" does not split a provider into two series. Integers keep their
// digits, and text stays text.
void tst_CsvMapping::numericDimensionsAreOneForm()
{
    const std::string s = spec(R"("entity": {"column": "provider"}, "timestamp": {"column": "date"},
"dims": {"gpu": {"column": "gpu"}, "gpus_per_instance": {"column": "n"}, "region": {"column": "region"}},
"values": [{"column": "price", "metric": "gpu_hourly_usd", "unit": "USD/GPU-hour"}])");
    auto r = apply(s, "provider,gpu,n,date,price,region\n"
                      "aws,H100_SXM,1.0,2026-02-11,3.1,us-east-1\n"
                      "aws,H100_SXM,1,2026-02-12,3.2,us-east-1\n"
                      "aws,H100_SXM,8.50,2026-02-13,3.3,1.10a\n"
                      "aws,H100_SXM,007,2026-02-14,3.4,-2.0\n");
    QVERIFY(r.isOk());
    const auto &o = r.value().observations;
    QCOMPARE(o.size(), std::size_t(4));
    QCOMPARE(o[0].key.dims.at("gpus_per_instance"), std::string("1"));
    QVERIFY(o[0].key == o[1].key);
    QCOMPARE(o[2].key.dims.at("gpus_per_instance"), std::string("8.5"));
    QCOMPARE(o[2].key.dims.at("region"), std::string("1.10a"));
    QCOMPARE(o[3].key.dims.at("gpus_per_instance"), std::string("007"));
    QCOMPARE(o[3].key.dims.at("region"), std::string("-2"));
}

QTEST_GUILESS_MAIN(tst_CsvMapping)
#include "tst_csvmapping.moc"
