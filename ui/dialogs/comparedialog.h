// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

#include <memory>

class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;

namespace stackatlas {

class DataStore;
class SnapshotComparison;

// What changed between the window's data and a snapshot file: entities and series added and
// removed, values moved by at least a threshold, sources, dependencies, claims and events. The
// snapshot is judged and opened, and every diff computed, on the data store's thread.
class CompareDialog : public QDialog
{
    Q_OBJECT

public:
    CompareDialog(DataStore &store, const QString &snapshotPath, QWidget *parent = nullptr);
    ~CompareDialog() override;

private:
    void recompute();

    DataStore &m_store;
    std::shared_ptr<SnapshotComparison> m_snapshot; // used (and closed) on the store's thread only
    QDoubleSpinBox *m_threshold;
    QPlainTextEdit *m_text;
    QLabel *m_about;
};

} // namespace stackatlas
