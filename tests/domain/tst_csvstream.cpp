// SPDX-License-Identifier: GPL-3.0-or-later
// The streaming CSV reader gives what readCsv gives for the whole text, whatever the pieces the
// input arrives in; only a record past the length limit reads differently, and says so.
#include "models/domain/csvreader.h"

#include "support/warnings.h"

#include <QRandomGenerator>
#include <QTest>

using namespace stackatlas;

namespace {

CsvDocument readInPieces(std::string_view text, std::size_t piece, std::size_t maxRecord = 1 << 20)
{
    CsvStreamReader reader(maxRecord);
    CsvDocument all;
    auto take = [&all](CsvDocument doc) {
        for (auto &r : doc.records)
            all.records.push_back(std::move(r));
        for (auto &i : doc.issues)
            all.issues.push_back(std::move(i));
    };
    for (std::size_t at = 0; at < text.size(); at += piece)
        take(reader.feed(text.substr(at, piece)));
    take(reader.finish());
    return all;
}

std::string describe(const CsvDocument &doc)
{
    std::string out;
    for (const auto &r : doc.records) {
        out += std::to_string(r.line) + ":";
        for (const auto &f : r.fields)
            out += "[" + f + "]";
        out += "\n";
    }
    for (const auto &i : doc.issues)
        out += "issue " + std::to_string(i.line) + ": " + i.message + "\n";
    return out;
}

} // namespace

class TestCsvStream : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { stackatlas::test::failOnUnexpectedWarnings(); }

    void sameAsWholeText_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("plain") << QByteArray("a,b,c\n1,2,3\n4,5,6\n");
        QTest::newRow("no final line end") << QByteArray("a,b\n1,2");
        QTest::newRow("crlf") << QByteArray("a,b\r\n1,2\r\n\r\n3,4\r\n");
        QTest::newRow("lone cr") << QByteArray("a,b\r1,2\r3,4\r");
        QTest::newRow("bom") << QByteArray("\xEF\xBB\xBF"
                                           "a,b\n1,2\n");
        QTest::newRow("quoted line ends") << QByteArray("a,b\n\"x\ny\",2\n\"p\r\nq\",\"\"\"3\"\"\"\n5,6\n");
        QTest::newRow("quote inside a field") << QByteArray("a,b\n5\" screen,2\n3,4\n");
        QTest::newRow("text after a closing quote") << QByteArray("a,b\n\"x\"y,2\n3,4\n\"z\" ,1\n7,8\n");
        QTest::newRow("unterminated quote") << QByteArray("a,b\n1,2\n\"open,3\n4,5\n");
        QTest::newRow("invalid utf-8") << QByteArray("a,b\n\xFF\xFE,2\n3,4\n");
        QTest::newRow("blank lines") << QByteArray("\n\na,b\n\n1,2\n\n");
        QTest::newRow("empty") << QByteArray();
    }
    void sameAsWholeText()
    {
        QFETCH(QByteArray, text);
        const std::string_view view(text.constData(), std::size_t(text.size()));
        const std::string whole = describe(readCsv(view));
        for (std::size_t piece : {1, 2, 3, 5, 7, 64})
            QCOMPARE(describe(readInPieces(view, piece)), whole);
    }

    // Random CSV with quotes, escapes, CR/LF mixes and broken records, cut at random places.
    void randomTextsInRandomPieces()
    {
        QRandomGenerator rng(20261205);
        const char *atoms[] = {"a", "12", ",", "\n", "\r\n", "\r", "\"", "\"\"", "\"q,\nr\"", " ", "x\"y"};
        for (int round = 0; round < 400; ++round) {
            std::string text;
            const int n = rng.bounded(1, 60);
            for (int i = 0; i < n; ++i)
                text += atoms[rng.bounded(int(std::size(atoms)))];
            const std::string whole = describe(readCsv(text));
            const std::size_t piece = std::size_t(rng.bounded(1, 9));
            QCOMPARE(describe(readInPieces(text, piece)), whole);
        }
    }

    // A record that never ends is cut at the limit, named by line, and reading goes on.
    void overlongRecordIsReportedAndSkipped()
    {
        std::string text = "a,b\n1,2\n\"" + std::string(5000, 'x') + "\n3,4\n5,6\n";
        const CsvDocument doc = readInPieces(text, 100, 1024);
        QCOMPARE(int(doc.issues.size()), 1);
        QCOMPARE(doc.issues[0].line, 3L);
        QVERIFY(doc.issues[0].message.find("longer than 1 KiB") != std::string::npos);
        QCOMPARE(int(doc.records.size()), 4);
        QCOMPARE(doc.records[2].line, 4L);
        QCOMPARE(doc.records[2].fields, (std::vector<std::string>{"3", "4"}));
        QCOMPARE(doc.records[3].line, 5L);
    }

    // Memory follows the longest record, not the input: a 2 MiB stream of short lines keeps the
    // reader's buffer within one piece plus a record.
    void bufferStaysSmall()
    {
        CsvStreamReader reader(4096);
        const std::string piece =
            std::string("entity,1.5\n").append(std::string("render,2\n")).append("x,3\n");
        long long records = 0;
        for (int i = 0; i < 100000; ++i)
            records += reader.feed(piece).records.size();
        records += reader.finish().records.size();
        QCOMPARE(records, 300000LL);
        QCOMPARE(reader.bytesSeen(), 100000ULL * piece.size());
    }
};

QTEST_GUILESS_MAIN(TestCsvStream)
#include "tst_csvstream.moc"
