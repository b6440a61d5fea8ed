// SPDX-License-Identifier: GPL-3.0-or-later
// The stackatlas binary as scripts use it: exit codes, stdout, one-line errors on stderr.
#include "support/clirun.h"
#include "support/warnings.h"
#include <QCryptographicHash>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class tst_Cli : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void version();
    void helpListsCommands();
    void taxonomyJson();
    void queryJsonCarriesProvenance();
    void sourcesListsImports();
    void usageErrors_data();
    void usageErrors();
    void foreignCacheRefused();
    void badTaxonomyFileChangesNothing();
    void cacheFromEnvironment();
    void noDisplaySaysSoInOneLine();
    void screenshotWritesPng();
    void startReadsOnlyThePaneShown();
    void depsExposure();
    void priceIndexComparesLikeForLike();
    void exportsChartPanes();
    void snapshotsSaveInfoDiffAndRead();

private:
    using Run = stackatlas::test::CliRun;
    Run run(const QStringList &args,
            const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
    QString cache() const { return m_dir->filePath(QStringLiteral("cache.sqlite")); }
    QString writeFile(const char *name, const QByteArray &contents);
    std::unique_ptr<QTemporaryDir> m_dir;
};

tst_Cli::Run tst_Cli::run(const QStringList &args, const QProcessEnvironment &env)
{
    return stackatlas::test::runCli(QStringLiteral(STACKATLAS_BINARY), args, env);
}

QString tst_Cli::writeFile(const char *name, const QByteArray &contents)
{
    return stackatlas::test::writeTestFile(QDir(m_dir->path()), name, contents);
}

void tst_Cli::init()
{
    stackatlas::test::failOnUnexpectedWarnings();
    m_dir = std::make_unique<QTemporaryDir>();
}

void tst_Cli::version()
{
    const Run r = run({QStringLiteral("--version")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith(QStringLiteral("stackatlas 0.")));
}

void tst_Cli::helpListsCommands()
{
    const Run r = run({QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    for (const char *cmd : {"taxonomy", "import-csv", "query", "sources"})
        QVERIFY2(r.out.contains(QString::fromLatin1(cmd)), cmd);
    const Run sub = run({QStringLiteral("query"), QStringLiteral("--help")});
    QCOMPARE(sub.exitCode, 0);
    QVERIFY(sub.out.contains(QStringLiteral("--entity")));
    QVERIFY(sub.out.contains(QStringLiteral("Usage: stackatlas query")));
}

void tst_Cli::taxonomyJson()
{
    const Run r = run({QStringLiteral("taxonomy"), QStringLiteral("--format"), QStringLiteral("json"),
                       QStringLiteral("--cache"), cache()});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject doc = QJsonDocument::fromJson(r.out.toUtf8()).object();
    const QJsonArray layers = doc.value(QStringLiteral("layers")).toArray();
    QCOMPARE(layers.size(), 4);
    QCOMPARE(layers.first().toObject().value(QStringLiteral("id")).toString(),
             QStringLiteral("infrastructure"));
    int protocols = 0, providers = 0;
    for (const auto &e : doc.value(QStringLiteral("entities")).toArray()) {
        const QJsonObject o = e.toObject();
        if (o.value(QStringLiteral("kind")).toString() == QLatin1String("protocol"))
            ++protocols;
        else
            ++providers;
        if (o.value(QStringLiteral("kind")).toString() == QLatin1String("provider"))
            QVERIFY(!o.value(QStringLiteral("provider_class")).toString().isEmpty());
        if (o.value(QStringLiteral("id")).toString() == QLatin1String("buzz"))
            QVERIFY(o.value(QStringLiteral("coingecko_id")).isNull()); // unknown is null, not ""
    }
    QCOMPARE(protocols, 21);
    QVERIFY(providers >= 40);
    QVERIFY(doc.value(QStringLiteral("dependencies")).toArray().size() > 20);
    // What it prints is the file format --load reads: loaded into another cache, it prints the same.
    QCOMPARE(doc.value(QStringLiteral("format")).toString(), QStringLiteral("stackatlas-taxonomy"));
    const QString file = writeFile("taxonomy.json", r.out.toUtf8());
    const QString other = m_dir->filePath(QStringLiteral("loaded.sqlite"));
    const Run loaded =
        run({QStringLiteral("taxonomy"), QStringLiteral("--load"), file, QStringLiteral("--cache"), other});
    QVERIFY2(loaded.exitCode == 0, qPrintable(loaded.err));
    const Run again = run({QStringLiteral("taxonomy"), QStringLiteral("--format"), QStringLiteral("json"),
                           QStringLiteral("--cache"), other});
    QCOMPARE(again.out, r.out);
}

void tst_Cli::queryJsonCarriesProvenance()
{
    const QString csv =
        writeFile("p.csv", "entity,metric,unit,timestamp,value,source,as_of\n"
                           "render,price_usd,USD,2025-01-27,4.51,coingecko,2025-01-27T01:36:00Z\n");
    QCOMPARE(run({QStringLiteral("import-csv"), csv, QStringLiteral("--cache"), cache()}).exitCode, 0);
    const Run q = run({QStringLiteral("query"), QStringLiteral("--entity"), QStringLiteral("RNDR"),
                       QStringLiteral("--metric"), QStringLiteral("price_usd"), QStringLiteral("--format"),
                       QStringLiteral("json"), QStringLiteral("--cache"), cache()});
    QCOMPARE(q.exitCode, 0);
    const QJsonArray series =
        QJsonDocument::fromJson(q.out.toUtf8()).object().value(QStringLiteral("series")).toArray();
    QCOMPARE(series.size(), 1);
    const QJsonObject point = series[0].toObject().value(QStringLiteral("points")).toArray()[0].toObject();
    QCOMPARE(point.value(QStringLiteral("timestamp")).toString(), QStringLiteral("2025-01-27T00:00:00Z"));
    QCOMPARE(point.value(QStringLiteral("value")).toDouble(), 4.51);
    const QJsonObject prov = point.value(QStringLiteral("provenance")).toObject();
    QCOMPARE(prov.value(QStringLiteral("source")).toString(), QStringLiteral("coingecko"));
    QCOMPARE(prov.value(QStringLiteral("as_of")).toString(), QStringLiteral("2025-01-27T01:36:00Z"));
    QVERIFY(prov.value(QStringLiteral("endpoint")).toString().endsWith(QStringLiteral("p.csv")));
}

void tst_Cli::sourcesListsImports()
{
    const Run empty = run({QStringLiteral("sources"), QStringLiteral("--cache"), cache()});
    QCOMPARE(empty.exitCode, 0);
    QVERIFY(empty.out.startsWith(QStringLiteral("no sources yet")));
    const QString csv = writeFile("s.csv", "entity,metric,unit,timestamp,value,source\n"
                                           "akash,active_leases,leases,2025-03-01,1234,akash-console\n");
    QCOMPARE(run({QStringLiteral("import-csv"), csv, QStringLiteral("--cache"), cache()}).exitCode, 0);
    const Run r = run({QStringLiteral("sources"), QStringLiteral("--cache"), cache()});
    QCOMPARE(r.exitCode, 0);
    const QStringList lines = r.out.trimmed().split(u'\n');
    QCOMPARE(lines.size(), 2);
    QVERIFY(lines[1].startsWith(QStringLiteral("akash-console")));
    QVERIFY(lines[1].contains(QStringLiteral(" ok ")));
    QVERIFY(lines[1].contains(QStringLiteral("2025-03-01T00:00:00Z")));
}

void tst_Cli::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown-command") << QStringList{QStringLiteral("frobnicate")} << "unknown command";
    QTest::newRow("query-needs-entity")
        << QStringList{QStringLiteral("query"), QStringLiteral("--metric"), QStringLiteral("price_usd")}
        << "needs --entity";
    QTest::newRow("bad-format") << QStringList{QStringLiteral("taxonomy"), QStringLiteral("--format"),
                                               QStringLiteral("xml")}
                                << "--format must be";
    QTest::newRow("unknown-option") << QStringList{QStringLiteral("sources"), QStringLiteral("--bogus")}
                                    << "Unknown option";
    QTest::newRow("import-without-file") << QStringList{QStringLiteral("import-csv")} << "exactly one FILE";
    QTest::newRow("bad-from") << QStringList{QStringLiteral("query"),     QStringLiteral("--entity"),
                                             QStringLiteral("aws"),       QStringLiteral("--metric"),
                                             QStringLiteral("price_usd"), QStringLiteral("--from"),
                                             QStringLiteral("yesterday")}
                              << "--from: bad timestamp";
    QTest::newRow("payload-quoted-in-eth") << QStringList{QStringLiteral("import-payload"),
                                                          QStringLiteral("--source"),
                                                          QStringLiteral("coingecko"),
                                                          QStringLiteral("--kind"),
                                                          QStringLiteral("markets"),
                                                          QStringLiteral("--quote"),
                                                          QStringLiteral("ETH"),
                                                          QStringLiteral("markets.json")}
                                           << "--quote eth: StackAtlas stores USD figures only";
    QTest::newRow("price-index-needs-gpu") << QStringList{QStringLiteral("price-index")} << "needs --gpu";
    QTest::newRow("price-index-unknown-class")
        << QStringList{QStringLiteral("price-index"), QStringLiteral("--gpu"), QStringLiteral("h100-80gb"),
                       QStringLiteral("--incumbents"), QStringLiteral("hyperscaler,mainframe")}
        << "unknown provider class \"mainframe\"";
    QTest::newRow("unknown-entity") << QStringList{QStringLiteral("query"), QStringLiteral("--entity"),
                                                   QStringLiteral("intel"), QStringLiteral("--metric"),
                                                   QStringLiteral("price_usd")}
                                    << "unknown entity";
}

void tst_Cli::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run r = run(args + QStringList{QStringLiteral("--cache"), cache()});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QCOMPARE(r.err.count(u'\n'), 1); // one line
}

void tst_Cli::foreignCacheRefused()
{
    const QString path = writeFile("notes.sqlite", QByteArray("this is not a database\n").repeated(100));
    const QByteArray before = QCryptographicHash::hash(QByteArray("this is not a database\n").repeated(100),
                                                       QCryptographicHash::Sha256);
    const Run r = run({QStringLiteral("sources"), QStringLiteral("--cache"), path});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("refusing to open")), qPrintable(r.err));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256), before);
}

void tst_Cli::badTaxonomyFileChangesNothing()
{
    QCOMPARE(run({QStringLiteral("taxonomy"), QStringLiteral("--cache"), cache()}).exitCode, 0);
    const QString before = run({QStringLiteral("taxonomy"), QStringLiteral("--format"),
                                QStringLiteral("json"), QStringLiteral("--cache"), cache()})
                               .out;
    const QString bad = writeFile("bad.json", "{\n  \"format\": \"stackatlas-taxonomy\",\n  \"version\": "
                                              "1,\n  \"layers\": [\n    {\"id\": \"x\"}\n  ]\n}\n");
    const Run r =
        run({QStringLiteral("taxonomy"), QStringLiteral("--load"), bad, QStringLiteral("--cache"), cache()});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("bad.json:5: a layer lacks \"name\"")), qPrintable(r.err));
    const QString after = run({QStringLiteral("taxonomy"), QStringLiteral("--format"), QStringLiteral("json"),
                               QStringLiteral("--cache"), cache()})
                              .out;
    QCOMPARE(after, before);
}

void tst_Cli::cacheFromEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QString envCache = m_dir->filePath(QStringLiteral("from-env.sqlite"));
    env.insert(QStringLiteral("STACKATLAS_CACHE"), envCache);
    QCOMPARE(run({QStringLiteral("sources")}, env).exitCode, 0);
    QVERIFY(QFile::exists(envCache));
    // --cache wins over the environment
    QCOMPARE(run({QStringLiteral("sources"), QStringLiteral("--cache"), cache()}, env).exitCode, 0);
    QVERIFY(QFile::exists(cache()));
}

void tst_Cli::noDisplaySaysSoInOneLine()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *var : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        env.remove(QString::fromLatin1(var));
    env.insert(QStringLiteral("STACKATLAS_CACHE"), cache());
    const Run r = run({}, env);
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err.count(u'\n'), 1);
    QVERIFY(r.err.contains(QStringLiteral("no display")));
    QVERIFY(r.err.contains(QStringLiteral("stackatlas --help")));
}

void tst_Cli::screenshotWritesPng()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    const QString png = m_dir->filePath(QStringLiteral("shot.png"));
    const Run r = run({QStringLiteral("--cache"), cache(), QStringLiteral("--screenshot"), png,
                       QStringLiteral("--size"), QStringLiteral("1024x640")},
                      env);
    QCOMPARE(r.exitCode, 0);
    const QImage image(png);
    QCOMPARE(image.size(), QSize(1024, 640));
}

void tst_Cli::startReadsOnlyThePaneShown()
{
    // The store logs every job with the object it is for: at start only the pane on show (and the
    // status bar's freshness) may have read anything.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("stackatlas.store.debug=true"));
    const QString png = m_dir->filePath(QStringLiteral("start.png"));
    const QStringList others{QStringLiteral("PriceWarPane"),   QStringLiteral("ValuationPane"),
                             QStringLiteral("UsagePane"),      QStringLiteral("DependencyGraphPane"),
                             QStringLiteral("ProtocolsModel"), QStringLiteral("SourcesModel"),
                             QStringLiteral("ActivityModel")};
    const Run map = run({QStringLiteral("--cache"), cache(), QStringLiteral("--pane"),
                         QStringLiteral("layer-map"), QStringLiteral("--screenshot"), png},
                        env);
    QCOMPARE(map.exitCode, 0);
    QVERIFY2(map.err.contains(QStringLiteral("LayerMapModel")), qPrintable(map.err));
    QVERIFY(map.err.contains(QStringLiteral("AppSession (freshness)")));
    for (const QString &other : others)
        QVERIFY2(!map.err.contains(other), qPrintable(other + QStringLiteral(" read at start")));
    // The price war with a selection: its own reads, and the layer map's (the selection is a tile).
    const Run war =
        run({QStringLiteral("--cache"), cache(), QStringLiteral("--pane"), QStringLiteral("price-war"),
             QStringLiteral("--select"), QStringLiteral("akash"), QStringLiteral("--screenshot"), png},
            env);
    QCOMPARE(war.exitCode, 0);
    QVERIFY(war.err.contains(QStringLiteral("PriceWarPane (charts)")));
    QVERIFY(war.err.contains(QStringLiteral("LayerMapModel")));
    QVERIFY(!war.err.contains(QStringLiteral("UsagePane")));
    QVERIFY(!QImage(png).isNull());
    const Run unknown = run({QStringLiteral("--cache"), cache(), QStringLiteral("--select"),
                             QStringLiteral("no-such-protocol"), QStringLiteral("--screenshot"), png},
                            env);
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY(unknown.err.contains(QStringLiteral("unknown entity")));
}

void tst_Cli::depsExposure()
{
    // Eliza relies on Akash (a recorded protocol edge); agents, DeFAI, frameworks and model
    // training rely on compute: all of them are exposed if Akash fails.
    const QString csv = writeFile("caps.csv", "entity,metric,unit,timestamp,value,source\n"
                                              "bittensor,market_cap_usd,USD,2025-01-01,100,test\n"
                                              "eliza,market_cap_usd,USD,2025-01-01,50,test\n"
                                              "bittensor,fdv_usd,USD,2025-01-01,300,test\n"
                                              "render,market_cap_usd,USD,2025-01-01,999,test\n");
    QCOMPARE(run({QStringLiteral("import-csv"), csv, QStringLiteral("--cache"), cache()}).exitCode, 0);
    const Run r = run({QStringLiteral("deps"), QStringLiteral("akash"), QStringLiteral("--format"),
                       QStringLiteral("json"), QStringLiteral("--cache"), cache()});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
    const QJsonObject exposure = o.value(QStringLiteral("exposure")).toObject();
    QCOMPARE(exposure.value(QStringLiteral("market_cap_usd")).toDouble(),
             150.0); // render is a peer, not downstream
    QCOMPARE(exposure.value(QStringLiteral("fdv_usd")).toDouble(), 300.0);
    QCOMPARE(exposure.value(QStringLiteral("protocols")).toArray().size(), 8);
    QCOMPARE(exposure.value(QStringLiteral("unknown_market_cap")).toArray().size(), 6);
    QVERIFY(o.value(QStringLiteral("upstream")).toArray().isEmpty());
    const Run text = run({QStringLiteral("deps"), QStringLiteral("agents"), QStringLiteral("--upstream"),
                          QStringLiteral("--cache"), cache()});
    QVERIFY2(text.out.contains(QStringLiteral("Centralized AI API")), qPrintable(text.out));
    QCOMPARE(
        run({QStringLiteral("deps"), QStringLiteral("aws"), QStringLiteral("--cache"), cache()}).exitCode, 2);
}

void tst_Cli::priceIndexComparesLikeForLike()
{
    const QString csv = writeFile(
        "h100.csv", "entity,metric,unit,timestamp,value,source,dim.gpu,dim.rental,dim.stat\n"
                    "aws,gpu_hourly_usd,USD/GPU-hour,2025-06-04T07:00:00,12.29,aws-price-list,H100_SXM,,\n"
                    "aws,gpu_hourly_usd,USD/GPU-hour,2025-06-05T07:00:00,6.88,aws-price-list,H100_SXM,,\n"
                    "lambda,gpu_hourly_usd,USD/GPU-hour,2025-06-04,2.99,tracker,H100_SXM,on_demand,median\n"
                    "lambda,gpu_hourly_usd,USD/GPU-hour,2025-06-04,2.0,tracker,H100_SXM,on_demand,min\n"
                    "vast-ai,gpu_hourly_usd,USD/GPU-hour,2025-06-04,1.5,tracker,H100_SXM,on_demand,median\n"
                    "vast-ai,gpu_hourly_usd,USD/GPU-hour,2025-06-04,0.9,tracker,H100_SXM,spot,median\n"
                    "vast-ai,gpu_hourly_usd,USD/GPU-hour,2025-06-05,1.6,tracker,H100_SXM,on_demand,median\n"
                    "vast-ai,gpu_hourly_usd,USD/GPU-hour,2025-06-06,1.7,tracker,H100_SXM,on_demand,median\n"
                    "vast-ai,gpu_hourly_usd,USD/GPU-hour,2025-06-04,0.3,tracker,RTX_4090,on_demand,median\n");
    const Run imported = run({QStringLiteral("import-csv"), csv, QStringLiteral("--cache"), cache()});
    QVERIFY2(imported.exitCode == 0, qPrintable(imported.err));

    const Run r = run({QStringLiteral("price-index"), QStringLiteral("--gpu"), QStringLiteral("H100_SXM"),
                       QStringLiteral("--cache"), cache()});
    QCOMPARE(r.exitCode, 0);
    const QStringList lines = r.out.trimmed().split(u'\n');
    QCOMPARE(lines.size(), 3); // 06-06 has no incumbent price: no index that day, not a zero
    QVERIFY(lines[0].startsWith(QStringLiteral("day,index,challengers_median_usd_per_gpu_hour,")));
    const auto field = [&](int line, int column) {
        return lines[line].split(u',')[column];
    };
    QCOMPARE(field(1, 0), QStringLiteral("2025-06-04"));
    // the on-demand medians only: vast-ai 1.5 against the median of aws 12.29 and lambda 2.99
    QCOMPARE(field(1, 1).toDouble(), 1.5 / ((12.29 + 2.99) / 2));
    QCOMPARE(field(1, 4), QStringLiteral("1"));
    QCOMPARE(field(1, 5), QStringLiteral("2"));
    QCOMPARE(field(2, 1).toDouble(), 1.6 / 6.88);

    // the sides are a setting: with marketplaces among the incumbents nobody challenges
    const Run swapped =
        run({QStringLiteral("price-index"), QStringLiteral("--gpu"), QStringLiteral("h100-80gb"),
             QStringLiteral("--challengers"), QStringLiteral("decentralized"), QStringLiteral("--incumbents"),
             QStringLiteral("marketplace,hyperscaler"), QStringLiteral("--cache"), cache()});
    QCOMPARE(swapped.exitCode, 0);
    QCOMPARE(swapped.out.trimmed().split(u'\n').size(), 1);
    QVERIFY2(swapped.err.contains(QStringLiteral("no day on which both sides price h100-80gb")),
             qPrintable(swapped.err));
}

void tst_Cli::exportsChartPanes()
{
    const QString csv =
        writeFile("h100.csv",
                  "entity,metric,unit,timestamp,value,source,dim.gpu,dim.rental,dim.stat\n"
                  "aws,gpu_hourly_usd,USD/GPU-hour,2025-06-04T07:00:00,12.29,aws-price-list,H100_SXM,,list\n"
                  "aws,gpu_hourly_usd,USD/GPU-hour,2025-06-05T07:00:00,6.88,aws-price-list,H100_SXM,,list\n"
                  "vast-ai,gpu_hourly_usd,USD/GPU-hour,2025-06-04,1.5,tracker,H100_SXM,on_demand,median\n"
                  "vast-ai,gpu_hourly_usd,USD/GPU-hour,2025-06-05,1.6,tracker,H100_SXM,on_demand,median\n");
    QCOMPARE(run({QStringLiteral("import-csv"), csv, QStringLiteral("--cache"), cache()}).exitCode, 0);
    const QString out = m_dir->filePath(QStringLiteral("pw.csv"));
    const Run r =
        run({QStringLiteral("export"), QStringLiteral("--pane"), QStringLiteral("price-war"),
             QStringLiteral("--format"), QStringLiteral("csv"), QStringLiteral("--out"), out,
             QStringLiteral("--gpu"), QStringLiteral("h100-80gb"), QStringLiteral("--cache"), cache()});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    QVERIFY(text.startsWith(
        QStringLiteral("chart,series,group,role,label,x,y,y_high,unit,source,as_of,count,count_other\n")));
    QVERIFY(text.contains(QStringLiteral("2025-06-05T07:00:00Z,6.88,,USD/GPU-hour,aws-price-list,")));
    // day 2025-06-05: 1.6 / 6.88
    QVERIFY(text.contains(QStringLiteral("price-war.index,")));
    QVERIFY(text.contains(QStringLiteral("0.23255813")));
    // --from drops the earlier day from both the prices and the index
    const Run later = run({QStringLiteral("export"), QStringLiteral("--pane"), QStringLiteral("price-war"),
                           QStringLiteral("--out"), out, QStringLiteral("--from"),
                           QStringLiteral("2025-06-05"), QStringLiteral("--cache"), cache()});
    QVERIFY2(later.exitCode == 0, qPrintable(later.err));
    f.close();
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(!QString::fromUtf8(f.readAll()).contains(QStringLiteral("2025-06-04")));
    for (const QString &pane :
         {QStringLiteral("price-war"), QStringLiteral("valuation"), QStringLiteral("usage")}) {
        const QString png = m_dir->filePath(pane + QStringLiteral(".png"));
        const Run p =
            run({QStringLiteral("export"), QStringLiteral("--pane"), pane, QStringLiteral("--out"), png,
                 QStringLiteral("--size"), QStringLiteral("900x600"), QStringLiteral("--cache"), cache()});
        QVERIFY2(p.exitCode == 0, qPrintable(pane + p.err));
        QCOMPARE(QImage(png).size(), QSize(900, 600));
    }
    const Run badPane = run({QStringLiteral("export"), QStringLiteral("--pane"), QStringLiteral("prices"),
                             QStringLiteral("--out"), out, QStringLiteral("--cache"), cache()});
    QCOMPARE(badPane.exitCode, 2);
    QVERIFY(badPane.err.contains(QStringLiteral("price-war")));
    const Run badFormat = run({QStringLiteral("export"), QStringLiteral("--pane"),
                               QStringLiteral("layer-map"), QStringLiteral("--format"), QStringLiteral("csv"),
                               QStringLiteral("--out"), out, QStringLiteral("--cache"), cache()});
    QCOMPARE(badFormat.exitCode, 2);
}

void tst_Cli::snapshotsSaveInfoDiffAndRead()
{
    const QString csv = writeFile("p.csv", "entity,metric,unit,timestamp,value,source\n"
                                           "render,price_usd,USD,2025-06-04,4.5,cg\n");
    QCOMPARE(run({QStringLiteral("import-csv"), csv, QStringLiteral("--cache"), cache()}).exitCode, 0);
    const QString a = m_dir->filePath(QStringLiteral("a.snapshot"));
    const Run saved = run({QStringLiteral("snapshot"), QStringLiteral("save"), a, QStringLiteral("--title"),
                           QStringLiteral("Week 1"), QStringLiteral("--cache"), cache()});
    QVERIFY2(saved.exitCode == 0, qPrintable(saved.err));
    const QString more = writeFile("q.csv", "entity,metric,unit,timestamp,value,source\n"
                                            "render,price_usd,USD,2025-06-05,9,cg\n");
    QCOMPARE(run({QStringLiteral("import-csv"), more, QStringLiteral("--cache"), cache()}).exitCode, 0);
    const QString b = m_dir->filePath(QStringLiteral("b.snapshot"));
    QCOMPARE(run({QStringLiteral("snapshot"), QStringLiteral("save"), b, QStringLiteral("--cache"), cache()})
                 .exitCode,
             0);
    const Run info = run({QStringLiteral("snapshot"), QStringLiteral("info"), a});
    QVERIFY2(info.exitCode == 0, qPrintable(info.err));
    QVERIFY(info.out.contains(QStringLiteral("title: Week 1")));
    QVERIFY(info.out.contains(QStringLiteral("content hash (BLAKE2b-256 of the file's 1 MiB pieces): ")));
    const Run diff = run({QStringLiteral("snapshot"), QStringLiteral("diff"), a, b,
                          QStringLiteral("--format"), QStringLiteral("csv")});
    QVERIFY2(diff.exitCode == 0, qPrintable(diff.err));
    QVERIFY(diff.out.contains(QStringLiteral("value_changed,render price_usd (cg),4.5,9,4.5,100,USD")));
    // reading a snapshot: the old value, and nothing written next to it
    const Run q = run({QStringLiteral("query"), QStringLiteral("--snapshot"), a, QStringLiteral("--entity"),
                       QStringLiteral("render"), QStringLiteral("--metric"), QStringLiteral("price_usd")});
    QVERIFY2(q.exitCode == 0, qPrintable(q.err));
    QVERIFY(q.out.contains(QStringLiteral(",4.5,")));
    QVERIFY(!q.out.contains(QStringLiteral(",9,")));
    QVERIFY(!QFile::exists(a + QStringLiteral("-journal")) && !QFile::exists(a + QStringLiteral("-wal")));
    // the desktop app opens it read-only in every pane, and the report reads it, with no network at all
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("http_proxy"), QStringLiteral("http://127.0.0.1:9")); // any fetch would fail
    env.insert(QStringLiteral("https_proxy"), QStringLiteral("http://127.0.0.1:9"));
    for (const QString &pane : {QStringLiteral("price-war"), QStringLiteral("dependency-graph")}) {
        const QString png = m_dir->filePath(pane + QStringLiteral("-snap.png"));
        const Run gui =
            run({QStringLiteral("--snapshot"), a, QStringLiteral("--pane"), pane,
                 QStringLiteral("--screenshot"), png, QStringLiteral("--size"), QStringLiteral("1024x640")},
                env);
        QVERIFY2(gui.exitCode == 0, qPrintable(gui.err));
        QCOMPARE(QImage(png).size(), QSize(1024, 640));
    }
    const QString pdf = m_dir->filePath(QStringLiteral("r.pdf"));
    const Run report =
        run({QStringLiteral("report"), QStringLiteral("--snapshot"), a, QStringLiteral("--out"), pdf}, env);
    QVERIFY2(report.exitCode == 0, qPrintable(report.err));
    QFile reportFile(pdf);
    QVERIFY(reportFile.open(QIODevice::ReadOnly));
    QVERIFY(reportFile.read(5) == "%PDF-");
    // a damaged snapshot is refused by every reader
    QVERIFY(QFile::resize(b, QFileInfo(b).size() / 2));
    const Run bad = run({QStringLiteral("sources"), QStringLiteral("--snapshot"), b});
    QCOMPARE(bad.exitCode, 1);
    QVERIFY(bad.err.contains(QStringLiteral("not a usable StackAtlas snapshot")));
    const Run badGui = run({QStringLiteral("--snapshot"), b, QStringLiteral("--screenshot"),
                            m_dir->filePath(QStringLiteral("x.png"))},
                           env);
    QCOMPARE(badGui.exitCode, 1);
    QVERIFY(badGui.err.contains(QStringLiteral("not a usable StackAtlas snapshot")));
    QCOMPARE(run({QStringLiteral("query"), QStringLiteral("--snapshot"), a, QStringLiteral("--cache"),
                  cache(), QStringLiteral("--entity"), QStringLiteral("render"), QStringLiteral("--metric"),
                  QStringLiteral("price_usd")})
                 .exitCode,
             1);
    QCOMPARE(run({QStringLiteral("snapshot"), QStringLiteral("diff"), a}).exitCode, 2);
}

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
