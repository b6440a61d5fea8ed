// SPDX-License-Identifier: GPL-3.0-or-later
// The taxonomy file format, the shipped taxonomy's facts, and GPU spellings.
#include "datasources/taxonomy/taxonomyloader.h"
#include "models/domain/gpualiases.h"
#include "models/domain/taxonomyoverlay.h"
#include "models/domain/taxonomyparser.h"
#include "support/warnings.h"

#include <QFile>
#include <QTest>

#include <numeric>
#include <set>

using namespace stackatlas;

class tst_Taxonomy : public QObject
{
    Q_OBJECT

private slots:
    void init() { stackatlas::test::failOnUnexpectedWarnings(); }
    void initTestCase();
    void minimalFileParses();
    void badFileRefusedWithLine_data();
    void badFileRefusedWithLine();
    void shippedLayersAndCategories();
    void shippedProtocols();
    void shippedCoinGeckoIds();
    void shippedProvidersHaveClasses();
    void everyDatasetProviderHasAClass();
    void everyDatasetGpuSpellingResolves();
    void familySpellingNeedsMemory();
    void realDatasetSpellingsResolve_data();
    void realDatasetSpellingsResolve();
    void namesUsersHave();
    void shippedDependencies();
    void shippedClaims();
    void validateCatchesEdits();
    void overlayAdds();
    void overlayRefusedWithLine_data();
    void overlayRefusedWithLine();

private:
    Taxonomy m_shipped;
};

void tst_Taxonomy::initTestCase()
{
    auto t = embeddedTaxonomy();
    QVERIFY2(t.isOk(), t.status().message().c_str());
    m_shipped = t.value();
}

void tst_Taxonomy::minimalFileParses()
{
    auto t = loadTaxonomyFile(QFINDTESTDATA("data/taxonomy/valid-minimal.json"));
    QVERIFY2(t.isOk(), t.status().message().c_str());
    QCOMPARE(t.value().layers.size(), std::size_t(2));
    QCOMPARE(t.value().entities.size(), std::size_t(3));
    QCOMPARE(t.value().entityBySpelling("Amazon")->id, std::string("aws"));
    QCOMPARE(t.value().claims.front().valueHigh.value(), 60.0);
}

void tst_Taxonomy::badFileRefusedWithLine_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("reason");
    QTest::newRow("syntax-missing-comma") << "syntax-missing-comma.json" << 20 << "Missing a comma";
    QTest::newRow("unknown-key") << "unknown-key.json" << 19 << "unknown key \"catgory\"";
    QTest::newRow("missing-name") << "missing-name.json" << 20 << "lacks \"name\"";
    QTest::newRow("unknown-layer") << "unknown-layer.json" << 10 << "unknown layer \"applications\"";
    QTest::newRow("bad-edge-kind") << "bad-edge-kind.json" << 24 << "unknown dependency kind \"electricity\"";
    QTest::newRow("duplicate-id") << "duplicate-id.json" << 19 << "\"akash\" is used twice";
    QTest::newRow("wrong-type") << "wrong-type.json" << 27 << "\"value\" must be a finite number";
    QTest::newRow("edge-to-nowhere") << "edge-to-nowhere.json" << 23 << "unknown node \"gpu-farms\"";
    QTest::newRow("provider-without-class")
        << "provider-without-class.json" << 20 << "needs a provider_class";
    QTest::newRow("duplicate-key") << "duplicate-key.json" << 18 << "duplicate key \"token\"";
    // found by fuzz_taxonomy: converting 2.2e80 to int was undefined behaviour
    QTest::newRow("memory-beyond-int")
        << "memory-beyond-int.json" << 30 << "\"memory_gb\" must be a whole number from 1 to 100000";
    QTest::newRow("newer-version") << "newer-version.json" << 3 << "format version 2 is not supported";
    QTest::newRow("truncated") << "truncated.json" << 35 << "the text ends early (truncated?)";
}

void tst_Taxonomy::badFileRefusedWithLine()
{
    QFETCH(QString, file);
    QFETCH(int, line);
    QFETCH(QString, reason);
    const QString path = QFINDTESTDATA(QStringLiteral("data/taxonomy/") + file);
    QVERIFY(!path.isEmpty());
    auto t = loadTaxonomyFile(path);
    QVERIFY(!t.isOk());
    const QString message = QString::fromStdString(t.status().message());
    QVERIFY2(message.contains(file + u':' + QString::number(line) + u':'), qPrintable(message));
    QVERIFY2(message.contains(reason), qPrintable(message));
}

void tst_Taxonomy::shippedLayersAndCategories()
{
    std::vector<std::string> layers;
    for (const auto &l : m_shipped.layers)
        layers.push_back(l.id);
    QCOMPARE(layers, (std::vector<std::string>{"infrastructure", "middleware", "model", "application"}));
    std::map<std::string, std::vector<std::string>> byLayer;
    for (const auto &c : m_shipped.categories)
        byLayer[c.layerId].push_back(c.id);
    QCOMPARE(byLayer["infrastructure"], (std::vector<std::string>{"compute", "storage", "l1"}));
    QCOMPARE(byLayer["middleware"],
             (std::vector<std::string>{"data-labeling", "dev-frameworks", "privacy-computing"}));
    QCOMPARE(byLayer["model"], (std::vector<std::string>{"open-model-training"}));
    QCOMPARE(byLayer["application"], (std::vector<std::string>{"agents", "defai"}));
}

void tst_Taxonomy::shippedProtocols()
{
    std::set<std::string> ids;
    for (const Entity *e : m_shipped.protocols())
        ids.insert(e->id);
    const std::set<std::string> expected{"render", "akash",    "io-net",   "arweave", "filecoin",  "storj",
                                         "near",   "olas",     "fetch-ai", "grass",   "masa",      "vana",
                                         "eliza",  "arc",      "swarms",   "phala",   "bittensor", "goat",
                                         "aixbt",  "griffain", "buzz"};
    QCOMPARE(ids, expected);
    QCOMPARE(m_shipped.layerOf(*m_shipped.entity("bittensor"))->id, std::string("model"));
    QCOMPARE(m_shipped.layerOf(*m_shipped.entity("phala"))->id, std::string("middleware"));
    QCOMPARE(m_shipped.entity("griffain")->categoryId, std::string("defai"));
}

void tst_Taxonomy::shippedCoinGeckoIds()
{
    // Confirmed ids from real payloads (token-ids.md); io.net's is "io", not "io-net".
    QCOMPARE(m_shipped.entity("io-net")->coingeckoId, std::string("io"));
    QCOMPARE(m_shipped.entity("render")->coingeckoId, std::string("render-token"));
    QCOMPARE(m_shipped.entity("olas")->coingeckoId, std::string("autonolas"));
    QCOMPARE(m_shipped.entity("phala")->coingeckoId, std::string("pha"));
    QCOMPARE(m_shipped.entity("masa")->coingeckoId, std::string("masa-finance"));
    // Buzz is ambiguous: no id, and the note says why.
    const Entity *buzz = m_shipped.entity("buzz");
    QVERIFY(buzz->coingeckoId.empty());
    QVERIFY(buzz->idNote.find("hive-ai") != std::string::npos);
    QVERIFY(buzz->idNote.find("heyanon") != std::string::npos);
    // No DefiLlama slug could be confirmed from a DefiLlama payload: none is guessed.
    for (const Entity *e : m_shipped.protocols())
        QVERIFY2(e->defillamaSlug.empty(), e->id.c_str());
}

void tst_Taxonomy::shippedProvidersHaveClasses()
{
    const std::map<std::string, std::string> expected{
        {"aws", "hyperscaler"},     {"gcp", "hyperscaler"},          {"azure", "hyperscaler"},
        {"oracle", "hyperscaler"},  {"lambda", "neocloud"},          {"runpod", "neocloud"},
        {"coreweave", "neocloud"},  {"crusoe", "neocloud"},          {"nebius", "neocloud"},
        {"vast-ai", "marketplace"}, {"tensordock", "marketplace"},   {"sfcompute", "marketplace"},
        {"akash", "decentralized"}, {"io-net", "decentralized"},     {"render", "decentralized"},
        {"theta", "decentralized"}, {"openai", "centralized-ai-api"}};
    for (const auto &[id, cls] : expected) {
        const Entity *e = m_shipped.entity(id);
        QVERIFY2(e, id.c_str());
        QCOMPARE(e->providerClass, cls);
    }
    QVERIFY(m_shipped.providerClass("hyperscaler")->centralized);
    QVERIFY(!m_shipped.providerClass("marketplace")->centralized);
}

void tst_Taxonomy::everyDatasetProviderHasAClass()
{
    QFile file(QFINDTESTDATA("data/dataset_providers.txt"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    int count = 0;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.isEmpty())
            continue;
        ++count;
        const Entity *e = m_shipped.entityBySpelling(line.toStdString());
        QVERIFY2(e, line.constData());
        QVERIFY2(m_shipped.providerClass(e->providerClass), line.constData());
    }
    QCOMPARE(count, 42);
}

void tst_Taxonomy::everyDatasetGpuSpellingResolves()
{
    const GpuResolver resolver(m_shipped);
    QFile file(QFINDTESTDATA("data/dataset_gpu_spellings.txt"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    std::map<std::string, std::string> resolved;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.isEmpty())
            continue;
        // Vast.ai states memory with each offer (gpu_ram 40960 MiB in the fixture).
        auto r =
            resolver.resolve(line.toStdString(), line == "A100 SXM4" ? std::optional<int>(40) : std::nullopt);
        QVERIFY2(r.isOk(), r.status().message().c_str());
        resolved[line.toStdString()] = r.value().gpu + (r.value().form.empty() ? "" : "/" + r.value().form);
    }
    QCOMPARE(resolved["H100_SXM"], std::string("h100-80gb/sxm"));
    QCOMPARE(resolved["A100_SXM_80GB"], std::string("a100-80gb/sxm"));
    QCOMPARE(resolved["RTX_4090"], std::string("rtx-4090"));
    QCOMPARE(resolved["A100-80GB"], std::string("a100-80gb/pcie"));
    QCOMPARE(resolved["A100-80GB-SXM"], std::string("a100-80gb/sxm"));
    QCOMPARE(resolved["A100 SXM4"], std::string("a100-40gb/sxm"));
    QCOMPARE(resolved["GIX-H200"], std::string("h200"));
    QCOMPARE(resolved.size(), std::size_t(10));
}

void tst_Taxonomy::familySpellingNeedsMemory()
{
    const GpuResolver resolver(m_shipped);
    QVERIFY(!resolver.resolve("A100 SXM4").isOk());
    QCOMPARE(resolver.resolve("A100 SXM4", 80).value().gpu, std::string("a100-80gb"));
    QCOMPARE(resolver.resolve("a100_sxm4", 39).value().gpu, std::string("a100-40gb"));
    QVERIFY(!resolver.resolve("A100 SXM4", 24).isOk());
    QVERIFY(!resolver.resolve("Voodoo 2").isOk());
    QCOMPARE(resolver.resolve("h100-80gb").value().gpu, std::string("h100-80gb"));
    QCOMPARE(GpuResolver::normalize("  A100__SXM-80GB "), std::string("a100 sxm 80gb"));
    // A size the name contradicts is refused, not rounded to the model.
    const auto contradicted = resolver.resolve("H200_80GB");
    QVERIFY(!contradicted.isOk());
    QVERIFY2(contradicted.status().message().find("h200 has 141 GB, not 80") != std::string::npos,
             contradicted.status().message().c_str());
    QVERIFY(!resolver.resolve("V100").isOk()); // 16 or 32 GB: the size is needed
    QVERIFY(!resolver.resolve("RTX 4090 SXM 12GB").isOk());
    QCOMPARE(normalizeGpuForm("SXM5"), std::string("sxm"));
    QCOMPARE(normalizeGpuForm("PCIe"), std::string("pcie"));
    QCOMPARE(normalizeGpuForm("NVL"), std::string("nvl"));
    QCOMPARE(normalizeGpuForm(""), std::string());
}

void tst_Taxonomy::realDatasetSpellingsResolve_data()
{
    // Spellings from captures the importers refused before (issue 15): Prime Intellect-style
    // memory suffixes, Akash's B300, cloud catalogues' V100 and A6000, Kubernetes-style "80Gi".
    QTest::addColumn<QString>("spelling");
    QTest::addColumn<int>("memory"); // 0: none given beside the spelling
    QTest::addColumn<QString>("expected");
    QTest::newRow("H200_141GB") << "H200_141GB" << 0 << "h200";
    QTest::newRow("B200_180GB") << "B200_180GB" << 0 << "b200";
    QTest::newRow("GH200_96GB") << "GH200_96GB" << 0 << "gh200-96gb";
    QTest::newRow("B300") << "B300" << 0 << "b300";
    QTest::newRow("GB200") << "GB200" << 0 << "gb200";
    QTest::newRow("V100 with memory") << "V100" << 32 << "v100-32gb";
    QTest::newRow("Tesla V100 16GB") << "Tesla V100 16GB" << 0 << "v100-16gb";
    QTest::newRow("A6000") << "A6000" << 0 << "a6000";
    QTest::newRow("RTX A6000") << "RTX A6000" << 0 << "a6000";
    QTest::newRow("A10") << "A10" << 0 << "a10";
    QTest::newRow("L4") << "L4" << 0 << "l4";
    QTest::newRow("L40S") << "L40S" << 0 << "l40s";
    QTest::newRow("MI300X") << "MI300X" << 0 << "mi300x";
    QTest::newRow("A100 80Gi") << "A100 80Gi" << 0 << "a100-80gb";
    QTest::newRow("A100 SXM4 40GB") << "A100 SXM4 40GB" << 0 << "a100-40gb/sxm";
    QTest::newRow("H100 SXM5") << "H100 SXM5" << 0 << "h100-80gb/sxm";
    QTest::newRow("H100_NVL_94GB") << "H100_NVL_94GB" << 0 << "h100-94gb/nvl";
    QTest::newRow("NVIDIA H200 SXM 141GB") << "NVIDIA H200 SXM 141GB" << 0 << "h200/sxm";
    QTest::newRow("RTX 3090") << "RTX_3090" << 0 << "rtx-3090";
}

void tst_Taxonomy::realDatasetSpellingsResolve()
{
    QFETCH(QString, spelling);
    QFETCH(int, memory);
    QFETCH(QString, expected);
    const GpuResolver resolver(m_shipped);
    const auto r =
        resolver.resolve(spelling.toStdString(), memory ? std::optional<int>(memory) : std::nullopt);
    QVERIFY2(r.isOk(), r.status().message().c_str());
    QCOMPARE(QString::fromStdString(r.value().gpu + (r.value().form.empty() ? "" : "/" + r.value().form)),
             expected);
}

void tst_Taxonomy::namesUsersHave()
{
    // Id, alias, display name, token symbol and CoinGecko id all name an entity.
    for (const auto &[spelling, id] :
         std::vector<std::pair<const char *, const char *>>{{"io-net", "io-net"},
                                                            {"io", "io-net"},
                                                            {"IO", "io-net"},
                                                            {"io.net", "io-net"},
                                                            {"crusoecloud", "crusoe"},
                                                            {"massedcompute", "massed-compute"},
                                                            {"lambdalabs", "lambda"},
                                                            {"Massed Compute", "massed-compute"},
                                                            {"TAO", "bittensor"},
                                                            {"autonolas", "olas"},
                                                            {"Eliza (elizaOS)", "eliza"}}) {
        const Entity *e = m_shipped.entityBySpelling(spelling);
        QVERIFY2(e, spelling);
        QCOMPARE(e->id, std::string(id));
    }
    // Bitcoin is a benchmark entity now (outside the stack); a coin the taxonomy lacks is unknown.
    QVERIFY(m_shipped.entityBySpelling("bitcoin")->kind == EntityKind::Benchmark);
    QVERIFY(!m_shipped.entityBySpelling("dogecoin"));
    QCOMPARE(m_shipped.entitySpellingProblem("dogecoin"), std::string("unknown entity \"dogecoin\""));
    // Two entities one name could mean: refused, both named. (An id or alias is never ambiguous.)
    Taxonomy t = m_shipped;
    for (Entity &e : t.entities)
        if (e.id == "akash")
            e.tokenSymbol = "FIL";
    QCOMPARE(t.entitiesBySpelling("FIL").size(), std::size_t(2));
    QCOMPARE(t.entitySpellingProblem("FIL"),
             std::string("ambiguous entity \"FIL\": it could be akash (Akash), filecoin (Filecoin)"));
}

void tst_Taxonomy::shippedDependencies()
{
    // The research's chain at category level, plus the lean on centralized providers.
    auto has = [&](const char *from, const char *to, const char *kind) {
        for (const auto &d : m_shipped.dependencies) {
            if (d.fromId == from && d.toId == to && d.kind == kind)
                return true;
        }
        return false;
    };
    QVERIFY(has("open-model-training", "compute", "compute"));
    QVERIFY(has("open-model-training", "data-labeling", "data"));
    QVERIFY(has("agents", "open-model-training", "model"));
    QVERIFY(has("agents", "privacy-computing", "privacy"));
    QVERIFY(has("dev-frameworks", "storage", "storage"));
    QVERIFY(has("agents", "centralized-ai-api", "model"));
    QVERIFY(has("defai", "hyperscaler", "compute"));
    for (const auto &d : m_shipped.dependencies) {
        QVERIFY(!d.evidence.empty());
        // protocol-level edges must cite a public source, not the research's category summary
        if (m_shipped.entity(d.fromId) && m_shipped.entity(d.toId))
            QVERIFY2(d.evidence.find("github.com/") != std::string::npos, d.evidence.c_str());
    }
}

void tst_Taxonomy::shippedClaims()
{
    std::map<std::string, const Claim *> byId;
    for (const auto &c : m_shipped.claims)
        byId[c.id] = &c;
    QCOMPARE(byId.at("usage-centralized")->value + byId.at("usage-decentralized")->value +
                 byId.at("usage-hybrid")->value,
             100.0);
    QCOMPARE(byId.at("akash-vs-aws")->value, 0.2);
    QCOMPARE(byId.at("distributed-latency")->value, 6.0);
    QCOMPARE(byId.at("community-launch-share")->valueHigh.value(), 60.0);
    QCOMPARE(byId.at("community-launch-fdv")->unit, std::string("USD"));
    for (const auto &c : m_shipped.claims)
        QVERIFY(c.source.find("BlockBooster") != std::string::npos);
}

void tst_Taxonomy::validateCatchesEdits()
{
    Taxonomy t = m_shipped;
    QVERIFY(validateTaxonomy(t).empty());
    t.dependencies.push_back({"agents", "nowhere", "compute", "x", DependencyOrigin::User});
    t.entities.push_back(t.entities.front()); // duplicate id
    std::string all;
    for (const auto &p : validateTaxonomy(t))
        all += p.section + ": " + p.message + "\n";
    QVERIFY2(all.find("entities: id \"render\" is used twice") != std::string::npos, all.c_str());
    QVERIFY2(all.find("dependencies: dependency to unknown node \"nowhere\"") != std::string::npos,
             all.c_str());
}

void tst_Taxonomy::overlayAdds()
{
    // A GPU the shipped file lacks, a provider selling it, a protocol in a shipped category and a
    // spelling more for a shipped entity: each takes effect, and the shipped items stay as they are.
    const std::string overlay = R"({
  "format": "stackatlas-taxonomy-overlay",
  "version": 1,
  "gpu_models": [{"key": "mi325x", "name": "AMD Instinct MI325X", "memory_gb": 256, "family": "mi325x"}],
  "gpu_aliases": [{"spelling": "MI325X", "gpu": "mi325x"}, {"spelling": "MI325X OAM", "family": "mi325x"}],
  "entities": [
    {"id": "tensorwave", "kind": "provider", "name": "TensorWave", "provider_class": "neocloud", "aliases": ["tensor-wave"]},
    {"id": "example-agent", "kind": "protocol", "name": "Example Agent", "category": "agents", "token": "EXA"}
  ],
  "dependencies": [{"from": "example-agent", "to": "akash", "kind": "compute", "evidence": "their docs"}],
  "aliases": [{"entity": "io-net", "aliases": ["io.net cloud"]}]
})";
    auto merged = applyTaxonomyOverlay(m_shipped, overlay, "overlay.json");
    QVERIFY2(merged.isOk(), merged.status().message().c_str());
    const Taxonomy &t = merged.value().taxonomy;
    QCOMPARE(merged.value().summary, std::string("2 entities, 1 entity spelling, 1 dependency, 1 GPU model, "
                                                 "2 GPU spellings"));
    QCOMPARE(t.entities.size(), m_shipped.entities.size() + 2);
    QCOMPARE(t.gpuModels.size(), m_shipped.gpuModels.size() + 1);
    const GpuResolver gpus(t);
    auto mi = gpus.resolve("MI325X");
    QVERIFY2(mi.isOk(), mi.status().message().c_str());
    QCOMPARE(mi.value().gpu, std::string("mi325x"));
    QCOMPARE(gpus.resolve("MI325X OAM", 256).value().gpu, std::string("mi325x"));
    QCOMPARE(t.entityBySpelling("tensor-wave")->id, std::string("tensorwave"));
    QCOMPARE(t.entityBySpelling("io.net cloud")->id, std::string("io-net"));
    QCOMPARE(t.layerOf(*t.entity("example-agent"))->id, std::string("application"));
    QVERIFY(!GpuResolver(m_shipped).resolve("MI325X").isOk()); // the base is untouched
    // An empty overlay adds nothing.
    auto none = applyTaxonomyOverlay(m_shipped, R"({"format": "stackatlas-taxonomy-overlay", "version": 1})",
                                     "empty.json");
    QVERIFY2(none.isOk(), none.status().message().c_str());
    QCOMPARE(none.value().summary, std::string("nothing"));
    QCOMPARE(none.value().taxonomy.entities.size(), m_shipped.entities.size());
}

void tst_Taxonomy::overlayRefusedWithLine_data()
{
    QTest::addColumn<QString>("body"); // the lines after the header (format, version)
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("reason");
    QTest::newRow("shipped-gpu-key") << R"("gpu_models": [
  {"key": "h100-80gb", "name": "mine", "memory_gb": 80}
]})" << 4 << "GPU key \"h100-80gb\" is invalid or used twice";
    QTest::newRow("known-gpu-spelling") << R"("gpu_aliases": [
  {"spelling": "My L4", "gpu": "l4"},
  {"spelling": "h100 sxm", "gpu": "h100-80gb"}
]})" << 5 << "GPU spelling \"h100 sxm\" is known already (h100-80gb)";
    QTest::newRow("shipped-entity-id") << R"("entities": [
  {"id": "akash", "kind": "provider", "name": "Akash again", "provider_class": "neocloud"}
]})" << 4 << "id \"akash\" is used twice";
    QTest::newRow("unknown-class") << R"("entities": [

  {"id": "newco", "kind": "provider", "name": "NewCo", "provider_class": "hyperscalers"}
]})" << 5 << "unknown provider_class \"hyperscalers\"";
    QTest::newRow("alias-taken") << R"("aliases": [{"entity": "akash",
  "aliases": ["vast.ai"]}]})" << 4
                                 << "\"vast.ai\" already names vast-ai";
    QTest::newRow("alias-unknown-entity") << R"("aliases": [
  {"entity": "nobody", "aliases": ["x"]}]})"
                                          << 4 << "aliases for unknown entity \"nobody\"";
    QTest::newRow("layers") << R"("layers": [{"id": "x", "name": "X"}]})" << 3
                            << "an overlay cannot add layers";
    QTest::newRow("typo") << R"("gpu_model": []})" << 3 << "unknown key \"gpu_model\" in the overlay";
}

void tst_Taxonomy::overlayRefusedWithLine()
{
    QFETCH(QString, body);
    QFETCH(int, line);
    QFETCH(QString, reason);
    const std::string text =
        "{\"format\": \"stackatlas-taxonomy-overlay\",\n\"version\": 1,\n" + body.toStdString();
    auto merged = applyTaxonomyOverlay(m_shipped, text, "my-overlay.json");
    QVERIFY(!merged.isOk());
    const QString message = QString::fromStdString(merged.status().message());
    QVERIFY2(message.startsWith(QStringLiteral("my-overlay.json:%1: ").arg(line)), qPrintable(message));
    QVERIFY2(message.contains(reason), qPrintable(message));
    // A whole taxonomy is not an overlay.
    auto whole =
        applyTaxonomyOverlay(m_shipped, R"({"format": "stackatlas-taxonomy", "version": 1})", "t.json");
    QVERIFY(!whole.isOk());
    QVERIFY(QString::fromStdString(whole.status().message()).contains(QStringLiteral("taxonomy --load")));
}

QTEST_GUILESS_MAIN(tst_Taxonomy)
#include "tst_taxonomy.moc"
