// SPDX-License-Identifier: GPL-3.0-or-later
// Text formats of the Qt-free domain: timestamps, CSV, JSON, numbers, the long CSV import format.
#include "models/domain/asof.h"
#include "models/domain/csvreader.h"
#include "models/domain/jsonreader.h"
#include "models/domain/lazylibrary.h"
#include "models/domain/serialize.h"
#include "models/domain/textutil.h"
#include "models/domain/timeutil.h"
#include "models/domain/valuesanity.h"
#include "support/warnings.h"

#include <QTest>

#include <cmath>

using namespace stackatlas;

class tst_Domain : public QObject
{
    Q_OBJECT

private slots:
    void init() { stackatlas::test::failOnUnexpectedWarnings(); }
    void parseTimestamp_data();
    void parseTimestamp();
    void formatIso();
    void asOfDateIsTheWholeDay();
    void firstInvalidUtf8Everywhere();
    void finiteDouble_data();
    void finiteDouble();
    void csvReader();
    void csvBadQuote();
    void csvFormulaNeutralized();
    void quotedInputIsPrintableAndShort();
    void valueSanityBoundsAreInclusive();
    void jsonPositions();
    void jsonRefusesHostileInput_data();
    void jsonRefusesHostileInput();
    void jsonNumbersKeptAsText();
    void jsonKeepsOnlyAskedMembersOfItems();
    void numberRoundTrip();
    void lazyLibrarySaysWhatIsMissing();
};

void tst_Domain::parseTimestamp_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("expected"); // -1: refused
    QTest::newRow("date") << "2025-06-04" << qint64(1748995200);
    QTest::newRow("datetime-no-zone-is-utc") << "2025-06-04T07:23:25" << qint64(1749021805);
    QTest::newRow("datetime-z") << "2025-06-04T07:23:25Z" << qint64(1749021805);
    QTest::newRow("space-separator") << "2025-06-04 07:23:25" << qint64(1749021805);
    QTest::newRow("fraction-dropped") << "2026-02-11T21:00:10.573327+00:00" << qint64(1770843610);
    QTest::newRow("offset") << "2025-06-04T09:23:25+02:00" << qint64(1749021805);
    QTest::newRow("negative-offset") << "2025-06-04T02:23:25-05:00" << qint64(1749021805);
    QTest::newRow("minutes-only") << "2025-06-04T07:23" << qint64(1749021780);
    QTest::newRow("unix-seconds") << "1749021805" << qint64(1749021805);
    QTest::newRow("leap-day") << "2024-02-29" << qint64(1709164800);
    QTest::newRow("empty-is-invalid") << "" << qint64(-1);
    QTest::newRow("milliseconds-refused") << "1749021805000000" << qint64(-1);
    QTest::newRow("no-such-month") << "2025-13-01" << qint64(-1);
    QTest::newRow("no-feb-30") << "2025-02-30" << qint64(-1);
    QTest::newRow("not-a-leap-year") << "2025-02-29" << qint64(-1);
    QTest::newRow("hour-25") << "2025-06-04T25:00:00Z" << qint64(-1);
    QTest::newRow("trailing-garbage") << "2025-06-04Tabc" << qint64(-1);
    QTest::newRow("slashes") << "04/06/2025" << qint64(-1);
    QTest::newRow("before-1970") << "1969-12-31" << qint64(-1);
    QTest::newRow("negative-unix") << "-5" << qint64(-1);
    QTest::newRow("bad-offset") << "2025-06-04T07:23:25+2" << qint64(-1);
}

void tst_Domain::parseTimestamp()
{
    QFETCH(QString, text);
    QFETCH(qint64, expected);
    const TimeParse t = stackatlas::parseTimestamp(text.toStdString());
    if (expected < 0) {
        QVERIFY(!t.value);
        QVERIFY(!t.error.empty());
    } else {
        QVERIFY2(t.value, t.error.c_str());
        QCOMPARE(qint64(*t.value), expected);
    }
}

void tst_Domain::formatIso()
{
    QCOMPARE(QString::fromStdString(formatIsoUtc(1749021805)), QStringLiteral("2025-06-04T07:23:25Z"));
    QCOMPARE(QString::fromStdString(formatIsoUtc(0)), QStringLiteral("1970-01-01T00:00:00Z"));
    QCOMPARE(QString::fromStdString(formatIsoDate(1709164800)), QStringLiteral("2024-02-29"));
    // round trip across a range of days
    for (UnixSeconds t = 0; t < 4102444800; t += 86400 * 37 + 3671) {
        const auto back = stackatlas::parseTimestamp(formatIsoUtc(t));
        QVERIFY(back.value);
        QCOMPARE(*back.value, t);
    }
}

void tst_Domain::asOfDateIsTheWholeDay()
{
    // "--as-of 2025-01-27" must find a value stamped 2025-01-27T01:35Z, as the date field does.
    QCOMPARE(*parseAsOf("2025-01-27").value, *stackatlas::parseTimestamp("2025-01-27T23:59:59Z").value);
    QCOMPARE(*parseAsOf("2025-01-27T12:00:00Z").value,
             *stackatlas::parseTimestamp("2025-01-27T12:00:00Z").value);
    QCOMPARE(*parseAsOf("1737936000").value, UnixSeconds(1737936000)); // seconds are exact
    QVERIFY(!parseAsOf("2025-13-01").value);
}

void tst_Domain::firstInvalidUtf8Everywhere()
{
    // A bad byte at every offset around the eight-byte ASCII steps is found where it is.
    for (std::size_t at = 0; at < 20; ++at) {
        std::string s(20, 'a');
        s[at] = '\xff';
        QCOMPARE(firstInvalidUtf8(s), at);
    }
    // valid multi-byte sequences straddling a step, and at the very end
    const std::string ok = "abcdefg\xc3\xa9hijklmn\xe2\x82\xac"
                           "abcde\xf0\x9f\x98\x80";
    QCOMPARE(firstInvalidUtf8(ok), ok.size());
    QVERIFY(isValidUtf8(ok));
    QCOMPARE(firstInvalidUtf8(std::string("abcdefgh\xc3")), std::size_t(8));             // cut short
    QCOMPARE(firstInvalidUtf8(std::string("abcdefgh\xc0\x80")), std::size_t(8));         // overlong
    QCOMPARE(firstInvalidUtf8(std::string("abcdefgh\xed\xa0\x80")), std::size_t(8));     // surrogate
    QCOMPARE(firstInvalidUtf8(std::string("abcdefgh\xf4\x90\x80\x80")), std::size_t(8)); // past U+10FFFF
    QCOMPARE(firstInvalidUtf8(std::string()), std::size_t(0));
}

void tst_Domain::finiteDouble_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<double>("value");
    QTest::newRow("integer") << "12" << true << 12.0;
    QTest::newRow("decimal") << "12.29" << true << 12.29;
    QTest::newRow("exponent") << "1.5e9" << true << 1.5e9;
    QTest::newRow("leading-plus") << "+3" << true << 3.0;
    QTest::newRow("negative") << "-0.5" << true << -0.5;
    QTest::newRow("spaces-trimmed") << " 7 " << true << 7.0;
    QTest::newRow("nan-refused") << "nan" << false << 0.0;
    QTest::newRow("inf-refused") << "inf" << false << 0.0;
    QTest::newRow("overflow-refused") << "1e400" << false << 0.0;
    QTest::newRow("comma-decimal-refused") << "1,5" << false << 0.0;
    QTest::newRow("trailing-text-refused") << "12abc" << false << 0.0;
    QTest::newRow("empty-refused") << "" << false << 0.0;
    // whole numbers take a shorter path: its edges
    QTest::newRow("unix-ms") << "1735689600000" << true << 1735689600000.0;
    QTest::newRow("fifteen-digits") << "999999999999999" << true << 999999999999999.0;
    QTest::newRow("sixteen-digits") << "1234567890123456" << true << 1234567890123456.0;
    QTest::newRow("leading-zeros") << "007" << true << 7.0;
    QTest::newRow("zero") << "0" << true << 0.0;
    QTest::newRow("sign-alone-refused") << "+" << false << 0.0;
    // underflows double: refused rather than silently read as 0 (RapidJSON 1.1.0's CVE-2024-38517 input)
    QTest::newRow("cve-2024-38517-exponent-refused") << "1.0000000000e-2147483639" << false << 0.0;
}

void tst_Domain::finiteDouble()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(double, value);
    const auto v = parseFiniteDouble(text.toStdString());
    QCOMPARE(v.has_value(), ok);
    if (ok)
        QCOMPARE(*v, value);
}

void tst_Domain::csvReader()
{
    const std::string text = "\xEF\xBB\xBF"
                             "a,b,c\r\n"
                             "1,\"two, with comma\",3\r\n"
                             "\n"
                             "4,\"multi\nline\",\"quote \"\"inside\"\"\"\n"
                             "7,,\n";
    const CsvDocument doc = readCsv(text);
    QVERIFY(doc.issues.empty());
    QCOMPARE(doc.records.size(), std::size_t(4));
    QCOMPARE(doc.records[0].fields, (std::vector<std::string>{"a", "b", "c"}));
    QCOMPARE(doc.records[1].fields[1], std::string("two, with comma"));
    QCOMPARE(doc.records[2].line, 4L);
    QCOMPARE(doc.records[2].fields[1], std::string("multi\nline"));
    QCOMPARE(doc.records[2].fields[2], std::string("quote \"inside\""));
    QCOMPARE(doc.records[3].line, 6L);
    QCOMPARE(doc.records[3].fields, (std::vector<std::string>{"7", "", ""}));
}

void tst_Domain::csvBadQuote()
{
    const CsvDocument doc = readCsv("a,b\n1,\"x\"y\n2,\xff\xfe\n3,ok\n4,\"never closed\n");
    QCOMPARE(doc.records.size(), std::size_t(2)); // header and row 3
    QCOMPARE(doc.records[1].line, 4L);
    QCOMPARE(doc.issues.size(), std::size_t(3));
    QCOMPARE(doc.issues[0].line, 2L);
    QCOMPARE(doc.issues[0].message, std::string("text after a closing quote"));
    QCOMPARE(doc.issues[1].line, 3L);
    QCOMPARE(doc.issues[1].message, std::string("invalid UTF-8"));
    QCOMPARE(doc.issues[2].line, 5L);
    QCOMPARE(doc.issues[2].message, std::string("unterminated quoted field"));
}

void tst_Domain::quotedInputIsPrintableAndShort()
{
    QCOMPARE(quotedInput("n/a"), std::string("\"n/a\""));
    QCOMPARE(quotedInput("say \"hi\""), std::string("\"say \\\"hi\\\"\""));
    // a terminal escape, a right-to-left override, a noncharacter and a byte that is not UTF-8
    QCOMPARE(quotedInput("\x1b[31mred"), std::string("\"\\x1B[31mred\""));
    QCOMPARE(quotedInput("abc\u202Edef"), std::string("\"abc\\u{202E}def\""));
    QCOMPARE(quotedInput("x\uFFFF"), std::string("\"x\\u{FFFF}\""));
    QCOMPARE(quotedInput(std::string_view("a\xff", 2)), std::string("\"a\\xFF\""));
    QCOMPARE(quotedInput("H100 \u00e9t\u00e9"),
             std::string("\"H100 \u00e9t\u00e9\"")); // printable UTF-8 stays
    // 10 MB in, 200 characters out, and how much was left unsaid
    const std::string huge(10'000'000, '9');
    const std::string q = quotedInput(huge);
    QCOMPARE(q, "\"" + std::string(200, '9') + "\"\u2026(+9999800 bytes)");
}

void tst_Domain::csvFormulaNeutralized()
{
    QCOMPARE(csvField("=HYPERLINK(\"x\")"), std::string("\"'=HYPERLINK(\"\"x\"\")\""));
    QCOMPARE(csvField("@SUM(A1)"), std::string("'@SUM(A1)"));
    // every lead a spreadsheet reads as a formula, not only = and @
    QCOMPARE(csvField("+1+cmd|' /C calc'!A0"), std::string("'+1+cmd|' /C calc'!A0"));
    QCOMPARE(csvField("-2+3"), std::string("'-2+3"));
    QCOMPARE(csvField("\t=1"), std::string("'\t=1"));
    QCOMPARE(csvField("\r=1"), std::string("\"'\r=1\"")); // quoted as well: it holds a CR
    QCOMPARE(csvField("a-b"), std::string("a-b"));        // a sign inside a cell is harmless
    QCOMPARE(csvField("plain"), std::string("plain"));
    QCOMPARE(csvField("a,b"), std::string("\"a,b\""));
}

void tst_Domain::jsonPositions()
{
    const std::string text = "{\n  \"a\": 1,\n  \"b\": [true, null, \"x\"]\n}";
    auto parsed = parseJson(text);
    QVERIFY(parsed.isOk());
    const JsonValue *b = parsed.value().find("b");
    QVERIFY(b && b->isArray());
    QCOMPARE(b->items.size(), std::size_t(3));
    QCOMPARE(positionAt(text, b->items[2].offset).line, 3L);
    QCOMPARE(parsed.value().find("a")->text, std::string("1"));

    auto broken = parseJson("{\n \"a\": 1,\n \"b\" 2\n}");
    QVERIFY(!broken.isOk());
    QVERIFY2(QString::fromStdString(broken.status().message()).startsWith(QStringLiteral("line 3,")),
             broken.status().message().c_str());
}

void tst_Domain::jsonRefusesHostileInput_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("reason");
    QTest::newRow("nested-100000-deep") << QByteArray(100000, '[') << QStringLiteral("nested deeper than 64");
    QTest::newRow("nested-65-deep") << (QByteArray(65, '[') + QByteArray(65, ']'))
                                    << QStringLiteral("nested deeper");
    QTest::newRow("truncated") << QByteArray("{\"a\": [1, 2") << QStringLiteral("line 1");
    QTest::newRow("html-error-page") << QByteArray("<html><body>502 Bad Gateway</body></html>")
                                     << QStringLiteral("Invalid value");
    QTest::newRow("invalid-utf8") << QByteArray("[\"\xc3\x28\"]") << QStringLiteral("encoding");
    QTest::newRow("duplicate-key") << QByteArray("{\"a\":1,\"a\":2}") << QStringLiteral("duplicate key");
    QTest::newRow("trailing-data") << QByteArray("{} {}") << QStringLiteral("root");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("empty");
}

void tst_Domain::jsonRefusesHostileInput()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, reason);
    auto parsed = parseJson(std::string_view(text.constData(), std::size_t(text.size())));
    QVERIFY(!parsed.isOk());
    QVERIFY2(QString::fromStdString(parsed.status().message()).contains(reason, Qt::CaseInsensitive),
             parsed.status().message().c_str());
}

void tst_Domain::jsonNumbersKeptAsText()
{
    // Debian's RapidJSON 1.1.0 misreads this exponent (CVE-2024-38517) unless numbers stay text.
    auto parsed = parseJson("[1.0000000000e-2147483639, 49053, 18710831.0, 0.1]");
    QVERIFY2(parsed.isOk(), parsed.status().message().c_str());
    const auto &items = parsed.value().items;
    QCOMPARE(items[0].text, std::string("1.0000000000e-2147483639"));
    QVERIFY(!items[0].toDouble()); // out of double range: not a number we store
    QCOMPARE(items[1].toDouble().value(), 49053.0);
    QCOMPARE(items[2].toDouble().value(), 18710831.0);
    QCOMPARE(items[3].toDouble().value(), 0.1);
    auto huge = parseJson("[1e999]");
    QVERIFY(!huge.isOk());
    QVERIFY(QString::fromStdString(huge.status().message()).contains(QStringLiteral("too big")));
    auto limited = parseJson(std::string(100, ' ') + "[]", JsonLimits{64, 64});
    QVERIFY(!limited.isOk());
}

// A parser that reads a few members of each item builds only those: the rest, however nested, is
// read and checked but not kept; the root's own members and nesting limits are untouched.
void tst_Domain::jsonKeepsOnlyAskedMembersOfItems()
{
    const std::vector<std::string_view> keep{"id", "price"};
    JsonLimits limits;
    limits.keepInItems = &keep;
    auto parsed = parseJson(R"({"status": {"code": 1}, "offers": [
        {"id": "a", "image": {"large": [1, [2, {"x": 3}]], "small": "s"}, "price": 1.5, "roi": null},
        {"skip": [[[]]], "id": "b", "flag": true, "price": "2"}]})",
                            limits);
    QVERIFY2(parsed.isOk(), parsed.status().message().c_str());
    const JsonValue &root = parsed.value();
    QCOMPARE(root.keys, (std::vector<std::string>{"status", "offers"}));
    QCOMPARE(root.find("status")->keys, std::vector<std::string>{"code"}); // not an array's item
    const auto &offers = root.find("offers")->items;
    QCOMPARE(int(offers.size()), 2);
    QCOMPARE(offers[0].keys, (std::vector<std::string>{"id", "price"}));
    QCOMPARE(offers[0].find("price")->toDouble().value(), 1.5);
    QCOMPARE(offers[1].keys, (std::vector<std::string>{"id", "price"}));
    QCOMPARE(offers[1].find("id")->text, std::string("b"));
    // Still JSON: a skipped member that is not valid fails the whole parse.
    QVERIFY(!parseJson(R"([{"id": 1, "image": {"a": }}])", limits).isOk());
    // Still a duplicate among the kept.
    QVERIFY(!parseJson(R"([{"id": 1, "id": 2}])", limits).isOk());
    // Still the nesting limit, inside a skipped member too.
    limits.maxDepth = 8;
    QVERIFY(!parseJson("[{\"deep\": " + std::string(10, '[') + std::string(10, ']') + "}]", limits).isOk());
    QVERIFY(parseJson("[{\"deep\": " + std::string(5, '[') + std::string(5, ']') + "}]", limits).isOk());
}

void tst_Domain::numberRoundTrip()
{
    for (const double v : {0.1, 12.29, 6.88, 1e21, 123456789.123, -0.0001234, 5e-324}) {
        const auto back = parseFiniteDouble(formatNumber(v));
        QVERIFY(back);
        QCOMPARE(*back, v);
    }
    QCOMPARE(QString::fromStdString(formatNumber(12.29)), QStringLiteral("12.29"));
}

void tst_Domain::lazyLibrarySaysWhatIsMissing()
{
    // The paths a missing libcurl4 or libigraph3 takes: a clear reason, no crash, no partial set.
    LazyLibrary absent("libstackatlas-no-such.so.9", "no-such-package");
    QVERIFY(!absent.isOpen());
    int (*f)(int) = nullptr;
    QVERIFY(!absent.resolve("abs", f));
    QVERIFY(f == nullptr);
    QVERIFY2(absent.why().find("install the no-such-package package") != std::string::npos,
             absent.why().c_str());
    LazyLibrary libc("libc.so.6", "libc6");
    QVERIFY(libc.isOpen());
    QVERIFY(libc.resolve("abs", f));
    QCOMPARE(f(-3), 3);
    QVERIFY(libc.why().empty());
    void (*missing)() = nullptr;
    QVERIFY(!libc.resolve("stackatlas_no_such_function", missing));
    QCOMPARE(libc.why(), std::string("libc.so.6 lacks stackatlas_no_such_function"));
}

// The door's bounds: the limit itself passes, the next value does not.
void tst_Domain::valueSanityBoundsAreInclusive()
{
    using namespace stackatlas;
    QVERIFY(valueProblem("market_cap_usd", "USD", 1e15).empty());
    QVERIFY(!valueProblem("market_cap_usd", "USD", 1.0000001e15).empty());
    QVERIFY(valueProblem("price_usd", "USD", 1e9).empty());
    QVERIFY(!valueProblem("price_usd", "USD", 1.0000001e9).empty());
    QVERIFY(!valueProblem("gpu_hourly_usd", "USD/GPU-hour", 2e9).empty());
    QVERIFY(!valueProblem("price_usd", "USD", -1).empty());      // a known metric is never negative
    QVERIFY(valueProblem("net_flow_usd", "USD", -5e14).empty()); // a researcher's own may be
    QVERIFY(!valueProblem("net_flow_usd", "USD", std::nan("")).empty());
    QVERIFY(valueProblem("total_supply", "tokens", 5.89e14).empty()); // a meme token's supply
    const UnixSeconds now = 1796428800;                               // 2026-12-05
    QVERIFY(timestampProblem("t", kEarliestTimestamp, now).empty());
    QVERIFY(!timestampProblem("t", kEarliestTimestamp - 1, now).empty());
    QVERIFY(timestampProblem("t", now + 86400, now).empty());
    QVERIFY(!timestampProblem("t", now + 86401, now).empty());
    QVERIFY(textProblem("source", std::string(200, 'a')).empty());
    QVERIFY(!textProblem("source", std::string(201, 'a')).empty());
    QVERIFY(textProblem("source", "Zürich GPU 東京").empty());
    for (const char *bad : {"a\x1b", "a\x7f", "\xc2\x85", "\xe2\x80\xae", "\xef\xbf\xbf", "\xff"})
        QVERIFY2(!textProblem("source", bad).empty(), bad);
}

QTEST_GUILESS_MAIN(tst_Domain)
#include "tst_domain.moc"
