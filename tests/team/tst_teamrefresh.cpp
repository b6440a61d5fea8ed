// SPDX-License-Identifier: GPL-3.0-or-later
// The desktop's side of the team store: with a team database in Settings, Refresh pulls from it
// (and asks the public APIs only when told to), and the Sources model says which data came from
// the team store and when. Against the suite's PostgreSQL cluster, with the real session.
#include "support/clirun.h"
#include "support/warnings.h"
#include "teamserver.h"

#include "models/item/refreshcontroller.h"
#include "models/item/sourcesmodel.h"
#include "models/session/appsession.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace stackatlas;
using namespace stackatlas::test;

class TeamRefreshTest : public QObject
{
    Q_OBJECT

private:
    TeamServer m_server;
    QTemporaryDir m_dir;
    QString m_url;

    std::unique_ptr<AppSession> session(const QString &cache, bool alsoPublic, const QString &url)
    {
        AppSession::Options options;
        options.cachePath = cache;
        options.useKeyring = false;
        options.settings.teamUrl = url;
        options.settings.teamAlsoFetchPublic = alsoPublic;
        // A public fetch goes nowhere: a port nothing listens on.
        for (const char *source : {"coingecko", "defillama", "vastai", "akash"})
            options.endpointBases[source] = "http://127.0.0.1:9";
        auto opened = AppSession::open(options);
        return opened.isOk() ? std::move(opened).value() : nullptr;
    }

    QVariantList refresh(AppSession &s)
    {
        QSignalSpy finished(&s, &AppSession::refreshFinished);
        s.refresh()->start();
        if (!finished.wait(60000))
            return {};
        s.waitUntilIdle();
        return finished.first();
    }

    // The Sources model's team column for a source, as the pane shows it.
    static QString teamText(AppSession &s, const QString &source)
    {
        SourcesModel &model = s.sources();
        for (int r = 0; r < model.rowCount(); ++r)
            if (model.index(r, SourcesModel::SourceColumn).data().toString() == source)
                return model.index(r, SourcesModel::TeamColumn).data().toString();
        return QStringLiteral("(no row)");
    }

private slots:
    void initTestCase()
    {
        failOnUnexpectedWarnings();
        m_server = TeamServer::fromEnvironment();
        QVERIFY2(m_server.ok(), "the PostgreSQL test cluster is not running (ctest fixture team_cluster)");
        QVERIFY(m_server.createDatabase(QStringLiteral("t_desktop")));
        m_url = m_server.adminUrl(QStringLiteral("t_desktop"));
        const QString collector = m_dir.filePath(QStringLiteral("collector.sqlite"));
        QVERIFY(privateCopy(QStringLiteral(STACKATLAS_DEFAULT_DATA_FILE), collector));
        const QString binary = QStringLiteral(STACKATLAS_BINARY);
        QCOMPARE(runCli(binary, {QStringLiteral("team"), QStringLiteral("init"), m_url}).exitCode, 0);
        const CliRun pushed = runCli(binary, {QStringLiteral("team"), QStringLiteral("push"), m_url,
                                              QStringLiteral("--cache"), collector});
        QVERIFY2(pushed.exitCode == 0, qPrintable(pushed.err));
    }

    void refreshPullsFromTheTeamStoreOnly()
    {
        auto s = session(m_dir.filePath(QStringLiteral("desk.sqlite")), false, m_url);
        QVERIFY(s);
        s->use(AppSession::Model::Sources);
        QVERIFY(s->waitUntilIdle());
        const QVariantList done = refresh(*s);
        QVERIFY(!done.isEmpty());
        const QString summary = done.at(0).toStringList().join(u'\n');
        QVERIFY2(done.at(1).toBool(), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("team store postgres@socket")) &&
                     summary.contains(QStringLiteral("points added")),
                 qPrintable(summary));
        // Not asked to: no public source was tried.
        QVERIFY2(!summary.contains(QStringLiteral("coingecko:")), qPrintable(summary));
        const QString coingecko = teamText(*s, QStringLiteral("coingecko"));
        QVERIFY2(coingecko.startsWith(QStringLiteral("pulled ")) &&
                     coingecko.contains(QStringLiteral(" points, from postgres@socket")),
                 qPrintable(coingecko));
        QVERIFY2(
            teamText(*s, QStringLiteral("team")).startsWith(QStringLiteral("pulls from postgres@socket")),
            qPrintable(teamText(*s, QStringLiteral("team"))));
        // Again: nothing new, nothing changed.
        const QVariantList again = refresh(*s);
        QVERIFY(!again.isEmpty());
        QVERIFY2(again.at(0).toStringList().join(u' ').contains(QStringLiteral("nothing new")),
                 qPrintable(again.at(0).toStringList().join(u' ')));
    }

    void askedTooThePublicApisAreFetched()
    {
        auto s = session(m_dir.filePath(QStringLiteral("both.sqlite")), true, m_url);
        QVERIFY(s);
        const QVariantList done = refresh(*s);
        QVERIFY(!done.isEmpty());
        const QString summary = done.at(0).toStringList().join(u'\n');
        QVERIFY2(summary.contains(QStringLiteral("points added")) &&
                     summary.contains(QStringLiteral("coingecko:")),
                 qPrintable(summary));
    }

    void anUnreachableTeamStoreIsSaid()
    {
        auto s = session(m_dir.filePath(QStringLiteral("down.sqlite")), false,
                         QStringLiteral("postgresql://nobody@127.0.0.1:9/none?connect_timeout=3"));
        QVERIFY(s);
        const QVariantList done = refresh(*s);
        QVERIFY(!done.isEmpty());
        QVERIFY(!done.at(1).toBool());
        QVERIFY2(done.at(0).toStringList().join(u' ').contains(
                     QStringLiteral("cannot connect to the team database")),
                 qPrintable(done.at(0).toStringList().join(u' ')));
    }

    void aPasswordInAHandEditedSettingIsNotUsed()
    {
        // Past the dialog (a settings file edited by hand): the refresh refuses it, unsent.
        auto s = session(m_dir.filePath(QStringLiteral("edited.sqlite")), false,
                         m_url + QStringLiteral(" password=not-from-settings"));
        QVERIFY(s);
        const QVariantList done = refresh(*s);
        QVERIFY(!done.isEmpty());
        QVERIFY(!done.at(1).toBool());
        const QString summary = done.at(0).toStringList().join(u' ');
        QVERIFY2(summary.contains(QStringLiteral("holds a password")), qPrintable(summary));
        QVERIFY(!summary.contains(QStringLiteral("not-from-settings")));
    }

    void settingsRefuseAUrlWithAPassword()
    {
        AppSettings settings;
        settings.teamUrl = QStringLiteral("postgresql://analyst:secret@dbhost/teamdb");
        QVERIFY(settings.validate().isOk()); // validate() never loads libpq: load() uses it at start-up
        const Status s = settings.checkTeamUrl();
        QVERIFY(!s.isOk());
        QVERIFY2(QString::fromStdString(s.message()).contains(QStringLiteral("keyring")),
                 s.message().c_str());
        QVERIFY(!QString::fromStdString(s.message()).contains(QStringLiteral("secret")));
        settings.teamUrl = QStringLiteral("host=dbhost dbname=teamdb user=analyst");
        QVERIFY(settings.checkTeamUrl().isOk());
        settings.teamUrl = QStringLiteral("postgresql://[broken");
        QVERIFY(!settings.checkTeamUrl().isOk());
    }
};

QTEST_GUILESS_MAIN(TeamRefreshTest)
#include "tst_teamrefresh.moc"
