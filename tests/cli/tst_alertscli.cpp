// SPDX-License-Identifier: GPL-3.0-or-later
// stackatlas alerts on the shipped default data, through the real binary: each rule's figures are
// checked against what price-index, query and sources print for the same data, not against
// numbers written here. Exit codes (3 firing, 0 none), once per crossing, refusals with reasons,
// snapshots judged read-only, and evaluation after an import.
#include "support/cacheinspect.h"
#include "support/clirun.h"
#include "support/filehash.h"
#include "support/warnings.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

QDateTime utc(const QString &iso)
{
    QDateTime t = QDateTime::fromString(iso, Qt::ISODate);
    t.setTimeSpec(Qt::UTC);
    return t;
}

} // namespace

class tst_AlertsCli : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void h100IndexBelowParityFiresFromTheDayItCrossed();
    void bittensorFdvOverMarketCapFires();
    void staleSourceFires();
    void exitCodeSaysWhetherARuleFires();
    void recordedOncePerCrossing();
    void invalidRulesRefusedWithTheReason_data();
    void invalidRulesRefusedWithTheReason();
    void cannotEvaluateIsSaid();
    void hyperscalerMedianOfTheShippedData();
    void snapshotJudgedButNeverWritten();
    void importEvaluatesTheRules();

private:
    using Run = stackatlas::test::CliRun;
    Run run(QStringList args)
    {
        args << s("--cache") << m_cache;
        return stackatlas::test::runCli(s(STACKATLAS_BINARY), args);
    }
    Run add(const QStringList &args)
    {
        const Run r = run(QStringList{s("alerts"), s("add")} + args);
        if (r.exitCode != 0)
            qWarning("alerts add %s: %s", qPrintable(args.join(u' ')), qPrintable(r.err));
        return r;
    }
    // The check's JSON, and the check of one rule in it.
    QJsonObject check(int expectedExit)
    {
        const Run r = run({s("alerts"), s("check"), s("--format"), s("json")});
        if (r.exitCode != expectedExit)
            qWarning("alerts check exited %d: %s", r.exitCode, qPrintable(r.err));
        return r.exitCode == expectedExit ? QJsonDocument::fromJson(r.out.toUtf8()).object() : QJsonObject();
    }
    static QJsonObject ruleIn(const QJsonObject &doc, const QString &name)
    {
        for (const QJsonValue &c : doc.value(s("checks")).toArray()) {
            if (c.toObject().value(s("name")).toString() == name)
                return c.toObject();
        }
        return {};
    }
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_cache;
};

void tst_AlertsCli::init()
{
    stackatlas::test::failOnUnexpectedWarnings();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_cache = m_dir->filePath(s("cache.sqlite"));
    QVERIFY(QFile::copy(s(STACKATLAS_DEFAULT_DATA_FILE), m_cache));
    QFile(m_cache).setPermissions(QFile::ReadOwner | QFile::WriteOwner);
}

void tst_AlertsCli::h100IndexBelowParityFiresFromTheDayItCrossed()
{
    // What price-index prints for the same GPU: the start of the last run of days below 0.65 (the
    // index counts each monthly rate card on every day of its month, so it reads 0.627 from 2026-07-05).
    const Run index = run({s("price-index"), s("--gpu"), s("h100-80gb")});
    QCOMPARE(index.exitCode, 0);
    QStringList crossed;
    for (const QString &line : index.out.trimmed().split(u'\n').mid(1)) {
        const QStringList cells = line.split(u',');
        if (cells[1].toDouble() < 0.65) {
            if (crossed.isEmpty())
                crossed = cells;
        } else {
            crossed.clear();
        }
    }
    QVERIFY2(!crossed.isEmpty(), "the shipped data's H100 index ends above 0.65: the test's premise is gone");

    QCOMPARE(add({s("h100-parity"), s("--index"), s("H100_SXM"), s("--below"), s("0.65"), s("--severity"),
                  s("critical")})
                 .exitCode,
             0);
    const QJsonObject rule = ruleIn(check(3), s("h100-parity"));
    QCOMPARE(rule.value(s("state")).toString(), s("firing"));
    QCOMPARE(rule.value(s("crossed_at")).toString(), crossed[0] + s("T00:00:00Z"));
    QVERIFY(std::fabs(rule.value(s("value")).toDouble() - crossed[1].toDouble()) < 1e-12);
    // The providers counted that day, both sides, as price-index counted them.
    const QString detail = rule.value(s("detail")).toString();
    QVERIFY2(detail.startsWith(crossed[4] + s(" challenger and ") + crossed[5] +
                               s(" incumbent providers counted")),
             qPrintable(detail));
    QVERIFY(rule.value(s("new")).toBool());
    QCOMPARE(rule.value(s("severity")).toString(), s("critical"));
}

void tst_AlertsCli::bittensorFdvOverMarketCapFires()
{
    // FDV and market cap of the same moment from the same source, as query prints them.
    const auto points = [this](const char *metric) {
        const Run q = run({s("query"), s("--entity"), s("bittensor"), s("--metric"), s(metric)});
        std::map<QString, double> byTimeAndSource;
        for (const QString &line : q.out.trimmed().split(u'\n').mid(1)) {
            const QStringList c = line.split(u',');
            byTimeAndSource[c[3] + u'|' + c[5]] = c[4].toDouble();
        }
        return byTimeAndSource;
    };
    const auto fdv = points("fdv_usd"), cap = points("market_cap_usd");
    QString when;
    double expected = 0;
    for (const auto &[key, value] : fdv) {
        if (cap.count(key) && cap.at(key) > 0) {
            when = key.section(u'|', 0, 0);
            expected = value / cap.at(key);
        }
    }
    QVERIFY2(expected > 2, "the shipped data has no Bittensor FDV over 2x its market cap at one moment");

    QCOMPARE(add({s("tao-overhang"), s("--entity"), s("tao"), s("--ratio"), s("fdv_usd:market_cap_usd"),
                  s("--above"), s("2")})
                 .exitCode,
             0);
    const QJsonObject rule = ruleIn(check(3), s("tao-overhang"));
    QCOMPARE(rule.value(s("state")).toString(), s("firing"));
    QCOMPARE(rule.value(s("crossed_at")).toString(), when);
    QVERIFY(std::fabs(rule.value(s("value")).toDouble() - expected) < 1e-12);
    QCOMPARE(rule.value(s("source")).toString(), s("coingecko"));
    QCOMPARE(rule.value(s("rule")).toString(), s("fdv_usd / market_cap_usd of bittensor above 2"));
}

void tst_AlertsCli::staleSourceFires()
{
    // vastai's as-of as `sources` prints it.
    const Run sources = run({s("sources")});
    QString asOf;
    for (const QString &line : sources.out.split(u'\n')) {
        if (line.startsWith(s("vastai ")))
            asOf = line.simplified().split(u' ').at(4);
    }
    QVERIFY2(!asOf.isEmpty(), qPrintable(sources.out));
    QCOMPARE(add({s("vast-stale"), s("--stale"), s("vastai"), s("--hours"), s("48")}).exitCode, 0);
    // A window longer than the data's age: clear.
    const qint64 ageHours = utc(asOf).secsTo(QDateTime::currentDateTimeUtc()) / 3600;
    QCOMPARE(add({s("vast-patient"), s("--stale"), s("vastai"), s("--hours"), QString::number(ageHours + 48)})
                 .exitCode,
             0);
    const QJsonObject doc = check(3);
    const QJsonObject stale = ruleIn(doc, s("vast-stale"));
    QCOMPARE(stale.value(s("state")).toString(), s("firing"));
    QCOMPARE(stale.value(s("crossed_at")).toString(), utc(asOf).addSecs(48 * 3600).toString(Qt::ISODate));
    QCOMPARE(stale.value(s("detail")).toString(), s("newest as-of ") + asOf);
    QVERIFY(std::fabs(stale.value(s("value")).toDouble() - double(ageHours)) <= 1.0);
    QCOMPARE(ruleIn(doc, s("vast-patient")).value(s("state")).toString(), s("clear"));
    QCOMPARE(doc.value(s("firing")).toInt(), 1);
    QCOMPARE(doc.value(s("firings")).toArray().size(), 1);
}

void tst_AlertsCli::exitCodeSaysWhetherARuleFires()
{
    QCOMPARE(run({s("alerts"), s("check")}).exitCode, 0); // no rules
    QCOMPARE(add({s("cap-huge"), s("--entity"), s("render"), s("--metric"), s("market_cap_usd"), s("--above"),
                  s("1e14")})
                 .exitCode,
             0);
    Run r = run({s("alerts"), s("check")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.startsWith(s("clear  cap-huge")), qPrintable(r.out));
    QCOMPARE(add({s("cap-any"), s("--entity"), s("render"), s("--metric"), s("market_cap_usd"), s("--above"),
                  s("1")})
                 .exitCode,
             0);
    r = run({s("alerts"), s("check")});
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.out.contains(s("FIRING [warning] cap-any")), qPrintable(r.out));
    QCOMPARE(run({s("alerts"), s("disable"), s("cap-any")}).exitCode, 0);
    QCOMPARE(run({s("alerts"), s("check")}).exitCode, 0);
    QVERIFY(run({s("alerts"), s("list")}).out.contains(s("cap-any  [warning, off]")));
    QCOMPARE(run({s("alerts"), s("enable"), s("cap-any")}).exitCode, 0);
    QCOMPARE(run({s("alerts"), s("remove"), s("cap-any")}).exitCode, 0);
    QCOMPARE(run({s("alerts"), s("remove"), s("cap-any")}).exitCode, 2);
    QCOMPARE(run({s("alerts"), s("check")}).exitCode, 0);
    const QJsonObject list =
        QJsonDocument::fromJson(run({s("alerts"), s("list"), s("--format"), s("json")}).out.toUtf8())
            .object();
    QCOMPARE(list.value(s("rules")).toArray().size(), 1);
}

void tst_AlertsCli::recordedOncePerCrossing()
{
    QCOMPARE(add({s("tao-overhang"), s("--entity"), s("bittensor"), s("--ratio"), s("fdv_usd:market_cap_usd"),
                  s("--above"), s("2")})
                 .exitCode,
             0);
    QVERIFY(ruleIn(check(3), s("tao-overhang")).value(s("new")).toBool());
    QVERIFY(!ruleIn(check(3), s("tao-overhang")).value(s("new")).toBool());
    QCOMPARE(stackatlas::test::sqlScalar(m_cache, "SELECT count(*) FROM alert_firings"), s("1"));
    // The rule edited (a new threshold): a new rule as far as firings go, recorded with its words.
    QCOMPARE(run({s("alerts"), s("remove"), s("tao-overhang")}).exitCode, 0);
    QCOMPARE(add({s("tao-overhang"), s("--entity"), s("bittensor"), s("--ratio"), s("fdv_usd:market_cap_usd"),
                  s("--above"), s("1.5")})
                 .exitCode,
             0);
    QVERIFY(ruleIn(check(3), s("tao-overhang")).value(s("new")).toBool());
    QCOMPARE(stackatlas::test::sqlScalar(m_cache, "SELECT count(*) FROM alert_firings"), s("2"));
    QCOMPARE(
        stackatlas::test::sqlScalar(
            m_cache,
            "SELECT group_concat(rule_text, '|') FROM (SELECT rule_text FROM alert_firings ORDER BY id)"),
        s("fdv_usd / market_cap_usd of bittensor above 2|fdv_usd / market_cap_usd of bittensor above 1.5"));
}

void tst_AlertsCli::invalidRulesRefusedWithTheReason_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("reason");
    const QStringList base{s("r"), s("--entity"), s("render"), s("--metric"), s("price_usd")};
    QTest::newRow("unknown entity") << QStringList{s("r"),         s("--entity"), s("nope"), s("--metric"),
                                                   s("price_usd"), s("--below"),  s("1")}
                                    << s("unknown entity \"nope\"");
    QTest::newRow("unknown metric") << QStringList{s("r"),       s("--entity"), s("render"), s("--metric"),
                                                   s("bananas"), s("--below"),  s("1")}
                                    << s("unknown metric \"bananas\"");
    QTest::newRow("unknown dimension")
        << base + QStringList{s("--dim"), s("gpu=a100-80gb"), s("--below"), s("1")} << s("unknown dimension");
    QTest::newRow("window of 0") << base + QStringList{s("--change-pct"), s("10"), s("--days"), s("0")}
                                 << s("a window of 0 days");
    QTest::newRow("unknown source") << QStringList{s("r"), s("--stale"), s("nowhere"), s("--hours"), s("4")}
                                    << s("unknown source \"nowhere\"");
    QTest::newRow("unknown GPU") << QStringList{s("r"), s("--index"), s("abacus"), s("--below"), s("1")}
                                 << s("abacus");
    QTest::newRow("unknown provider class")
        << QStringList{s("r"), s("--class"), s("landlords"), s("--gpu"), s("h100-80gb"), s("--below"), s("1")}
        << s("unknown provider class \"landlords\"");
    QTest::newRow("class without a GPU")
        << QStringList{s("r"), s("--class"), s("hyperscaler"), s("--below"), s("1")}
        << s("--class needs --gpu");
    QTest::newRow("two bounds") << base + QStringList{s("--below"), s("1"), s("--above"), s("2")}
                                << s("give one of --below X or --above X");
    QTest::newRow("not a number") << base + QStringList{s("--below"), s("nan")} << s("takes a number");
    QTest::newRow("bad severity") << base + QStringList{s("--below"), s("1"), s("--severity"), s("panic")}
                                  << s("--severity is info, warning or critical");
    QTest::newRow("name taken") << QStringList{s("taken"), s("--stale"), s("coingecko"), s("--hours"), s("4")}
                                << s("a rule named \"taken\" exists already");
}

void tst_AlertsCli::invalidRulesRefusedWithTheReason()
{
    QFETCH(QStringList, args);
    QFETCH(QString, reason);
    QCOMPARE(add({s("taken"), s("--stale"), s("coingecko"), s("--hours"), s("4")}).exitCode, 0);
    const Run r = run(QStringList{s("alerts"), s("add")} + args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(reason), qPrintable(r.err));
    QCOMPARE(stackatlas::test::sqlScalar(m_cache, "SELECT count(*) FROM alert_rules"), s("1"));
}

void tst_AlertsCli::cannotEvaluateIsSaid()
{
    // A known metric the shipped data has no reading of for this protocol.
    QCOMPARE(
        add({s("olas-fees"), s("--entity"), s("olas"), s("--metric"), s("fees_usd"), s("--above"), s("1")})
            .exitCode,
        0);
    const QJsonObject rule = ruleIn(check(0), s("olas-fees"));
    QCOMPARE(rule.value(s("state")).toString(), s("cannot_evaluate"));
    QVERIFY2(rule.value(s("reason")).toString().contains(s("no fees_usd reading of olas")),
             qPrintable(rule.value(s("reason")).toString()));
    QVERIFY(run({s("alerts"), s("check")}).out.startsWith(s("cannot evaluate  olas-fees")));
}

void tst_AlertsCli::hyperscalerMedianOfTheShippedData()
{
    // The AWS p5 list price after the June 2025 cut is 6.88 USD per GPU-hour: the hyperscalers'
    // median stays above 5 from the day it first did.
    QCOMPARE(add({s("hyper-h100"), s("--class"), s("hyperscaler"), s("--gpu"), s("H100_SXM"), s("--above"),
                  s("5")})
                 .exitCode,
             0);
    const QJsonObject rule = ruleIn(check(3), s("hyper-h100"));
    QCOMPARE(rule.value(s("rule")).toString(),
             s("median USD per GPU-hour of hyperscaler providers for h100-80gb above 5"));
    QCOMPARE(rule.value(s("state")).toString(), s("firing"));
    QCOMPARE(rule.value(s("unit")).toString(), s("USD/GPU-hour"));
    QVERIFY(rule.value(s("value")).toDouble() > 5);
    QVERIFY2(rule.value(s("detail")).toString().contains(s("counted: ")) &&
                 rule.value(s("detail")).toString().contains(s("aws")),
             qPrintable(rule.value(s("detail")).toString()));
}

void tst_AlertsCli::snapshotJudgedButNeverWritten()
{
    QCOMPARE(add({s("vast-stale"), s("--stale"), s("vastai"), s("--hours"), s("48")}).exitCode, 0);
    const QString snap = m_dir->filePath(s("s.stackatlas"));
    QCOMPARE(run({s("snapshot"), s("save"), snap}).exitCode, 0);
    const QByteArray before = stackatlas::test::fileHash(snap);
    const Run r = stackatlas::test::runCli(
        s(STACKATLAS_BINARY), {s("alerts"), s("check"), s("--snapshot"), snap, s("--format"), s("json")});
    QCOMPARE(r.exitCode, 3);
    const QJsonObject doc = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QVERIFY(!ruleIn(doc, s("vast-stale")).value(s("new")).toBool()); // judged, not recorded
    // Staleness in a snapshot is measured at the moment it was saved, not today.
    const QString saved =
        stackatlas::test::sqlScalar(snap, "SELECT value FROM metadata WHERE key = 'snapshot.created_at'");
    QCOMPARE(doc.value(s("evaluated_at")).toString(), saved);
    QCOMPARE(stackatlas::test::fileHash(snap), before);
    QCOMPARE(stackatlas::test::sqlScalar(snap, "SELECT count(*) FROM alert_firings"), s("0"));
    const Run list =
        stackatlas::test::runCli(s(STACKATLAS_BINARY), {s("alerts"), s("list"), s("--snapshot"), snap});
    QVERIFY(list.out.contains(s("vast-stale")));
    const Run refused = stackatlas::test::runCli(
        s(STACKATLAS_BINARY), {s("alerts"), s("remove"), s("vast-stale"), s("--snapshot"), snap});
    QCOMPARE(refused.exitCode, 2); // no --snapshot on an edit
}

void tst_AlertsCli::importEvaluatesTheRules()
{
    QCOMPARE(add({s("render-moon"), s("--entity"), s("render"), s("--metric"), s("price_usd"), s("--above"),
                  s("1000")})
                 .exitCode,
             0);
    const QString csv = stackatlas::test::writeTestFile(
        QDir(m_dir->path()), "moon.csv",
        "entity,metric,unit,timestamp,value,source\nrender,price_usd,USD,2026-11-30,1500,my-desk\n");
    const Run imported = run({s("import-csv"), csv});
    QCOMPARE(imported.exitCode, 0);
    QVERIFY2(imported.err.contains(s("alert render-moon fired")) && imported.err.contains(s("2026-11-30")),
             qPrintable(imported.err));
    QCOMPARE(stackatlas::test::sqlScalar(m_cache, "SELECT value || ' ' || source FROM alert_firings"),
             s("1500.0 my-desk"));
}

QTEST_GUILESS_MAIN(tst_AlertsCli)
#include "tst_alertscli.moc"
