// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "datasources/cache/snapshotmeta.h"
#include "models/domain/status.h"
#include "models/item/appsettings.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <map>
#include <memory>
#include <optional>
#include <string>

class QTemporaryDir;

namespace stackatlas {

class ActivityModel;
class DataStore;
class LayerMapModel;
class ProtocolsModel;
class RefreshController;
class SourcesModel;
struct StoreChange;

// What one window shows: the data store over one cache (or a snapshot's private copy), the item
// models every pane shares, and the refresh controller. Owns them all, so their lifetimes no longer
// depend on declaration order in a function, and two sessions (the live cache and a snapshot) can
// live side by side in one process. No widgets: the window is built from it (ui/appwindow.h).
class AppSession : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString cachePath;    // the user's cache (resolved), unless snapshotPath is set
        QString snapshotPath; // a snapshot file: judged, copied privately, opened read-only
        std::map<std::string, std::string> endpointBases; // --endpoint NAME=BASE (tests, mirrors)
        QString priceSheet;
        AppSettings settings;
        bool useKeyring = true; // false: keys from the environment only (tests)
    };

    static Result<std::unique_ptr<AppSession>> open(const Options &options);
    ~AppSession() override;

    // The models panes share. Each is read when a pane first asks for it (the pane is shown) and
    // from then on re-read when the store says its data changed: one no pane has shown costs no
    // query, at start or after a refresh.
    enum class Model : unsigned
    {
        Protocols = 0x1,
        LayerMap = 0x2,
        Sources = 0x4,
        Activity = 0x8
    };
    void use(Model model);
    bool isUsed(Model model) const { return (m_used & unsigned(model)) != 0; }

    DataStore &store() const { return *m_store; }
    ProtocolsModel &protocols() const { return *m_protocols; }
    LayerMapModel &layerMap() const { return *m_layerMap; }
    SourcesModel &sources() const { return *m_sources; }
    ActivityModel &activity() const { return *m_activity; }
    // Null for a snapshot: it is what it was when saved, no refresh, no network.
    RefreshController *refresh() const { return m_refresh.get(); }

    bool isSnapshot() const { return m_snapshot.has_value(); }
    const std::optional<SnapshotMeta> &snapshot() const { return m_snapshot; }
    const AppSettings &settings() const { return m_options.settings; }
    void setSettings(const AppSettings &settings);

    // "Cache: PATH" or "Snapshot: FILE (…)", and how current the data is.
    QString locationText() const;
    QString freshnessText() const { return m_freshness; }
    // Said above the protocol table while the cache holds only the shipped sample data.
    QString sampleNotice() const { return m_sampleNotice; }

    // Judges every watch rule and records its new firings: after a refresh, after an import, and
    // when asked. Each new firing goes to Activity and to alertsFired (the window's status bar),
    // and, when the setting allows and a notification server owns the name on the session bus,
    // to the desktop. A snapshot is judged, never written.
    void checkAlerts();

    // Blocks (running the event loop) until every read asked so far has been delivered; for a
    // screenshot and for tests. False on timeout.
    bool waitUntilIdle(int timeoutMs = 30000) const;

signals:
    void freshnessChanged();
    void settingsChanged(const stackatlas::AppSettings &settings);
    // After a refresh, with the models already re-read: one line a source.
    // `offline`: what to say when no network source could be reached (else empty).
    void refreshFinished(const QStringList &summary, bool allOk, bool cancelled, const QString &offline);
    // New firings, one line each ("h100-parity (…): 0.564 on 2026-07-05 (…)"); `notified`: also
    // shown as desktop notifications.
    void alertsFired(const QStringList &lines, bool notified);

private:
    void applyStalenessWindows();
    void applyTeamSource(); // the settings' team store, on the refresh
    AppSession(Options options, std::unique_ptr<DataStore> store);
    void reloadModels(const StoreChange &change, unsigned models);
    void reloadFreshness();

    Options m_options;
    std::optional<SnapshotMeta> m_snapshot;
    std::unique_ptr<QTemporaryDir> m_snapshotDir; // the private copy, removed with the session
    std::unique_ptr<DataStore> m_store;
    std::unique_ptr<ProtocolsModel> m_protocols;
    std::unique_ptr<LayerMapModel> m_layerMap;
    std::unique_ptr<SourcesModel> m_sources;
    std::unique_ptr<ActivityModel> m_activity;
    std::unique_ptr<RefreshController> m_refresh;
    QString m_freshness, m_sampleNotice;
    unsigned m_used = 0; // Model flags
};

} // namespace stackatlas
