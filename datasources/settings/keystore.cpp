// SPDX-License-Identifier: GPL-3.0-or-later
#include "datasources/settings/keystore.h"

#include "datasources/settings/fetchsettings.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>

#include <qt6keychain/keychain.h>

namespace stackatlas::keystore {

namespace {

const QString kService = QStringLiteral("io.github.stackatlas.StackAtlas");
constexpr int kTimeoutMs = 5000;

// Runs a job to its end or the timeout; the job deletes itself.
template <typename JobT> Status runJob(JobT *job)
{
    if (!keyringReachable()) {
        delete job;
        return Status::error(StatusCode::NotFound, "no keyring is running (no desktop session bus)");
    }
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plaintext file
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    QKeychain::Error error = QKeychain::OtherError;
    QString message = QCoreApplication::translate("Keystore", "the keyring did not answer in time");
    QObject::connect(job, &QKeychain::Job::finished, &loop, [&](QKeychain::Job *j) {
        error = j->error();
        message = j->errorString();
        loop.quit();
    });
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    timeout.start(kTimeoutMs);
    job->start();
    loop.exec();
    if (error == QKeychain::NoError)
        return Status::ok();
    return Status::error(error == QKeychain::EntryNotFound ? StatusCode::NotFound : StatusCode::IoError,
                         "keyring: " + message.toStdString());
}

} // namespace

const std::vector<KeyName> &keyNames()
{
    static const std::vector<KeyName> names{
        {"coingecko-pro", "STACKATLAS_COINGECKO_PRO_KEY", "coingecko", "pro"},
        {"coingecko-demo", "STACKATLAS_COINGECKO_DEMO_KEY", "coingecko", "demo"},
        {"vastai", "STACKATLAS_VASTAI_KEY", "vastai", "bearer"},
    };
    return names;
}

bool keyringReachable()
{
    return !qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS");
}

Result<QString> read(const QString &entry)
{
    auto *job = new QKeychain::ReadPasswordJob(kService);
    job->setKey(entry);
    QString value;
    QObject::connect(job, &QKeychain::Job::finished, job, [&value](QKeychain::Job *j) {
        value = static_cast<QKeychain::ReadPasswordJob *>(j)->textData();
    });
    const Status s = runJob(job);
    if (!s.isOk())
        return s;
    return value;
}

Status write(const QString &entry, const QString &value)
{
    // Keys travel in HTTP headers: refuse what would break or inject one.
    if (value.contains(QLatin1Char('\r')) || value.contains(QLatin1Char('\n')) || value.contains(QChar(0)))
        return Status::error(StatusCode::InvalidInput, "a key cannot contain line breaks or NUL");
    auto *job = new QKeychain::WritePasswordJob(kService);
    job->setKey(entry);
    job->setTextData(value.trimmed());
    return runJob(job);
}

Status remove(const QString &entry)
{
    auto *job = new QKeychain::DeletePasswordJob(kService);
    job->setKey(entry);
    return runJob(job);
}

LoadedKeys load()
{
    LoadedKeys out;
    out.keys = apiKeysFromEnvironment();
    if (!keyringReachable()) {
        out.message = QObject::tr(
            "No keyring is running: API keys come from the environment variables "
            "(STACKATLAS_COINGECKO_DEMO_KEY, STACKATLAS_COINGECKO_PRO_KEY, STACKATLAS_VASTAI_KEY).");
        return out;
    }
    QStringList fromKeyring;
    for (const KeyName &k : keyNames()) {
        const auto value = read(QString::fromLatin1(k.entry));
        if (!value.isOk() || value.value().isEmpty())
            continue;
        // One key per source: a pro key in the keyring wins over a demo one.
        if (out.keys.count(k.source) && fromKeyring.contains(QString::fromLatin1(k.source)))
            continue;
        out.keys[k.source] = ApiKey{value.value().toStdString(), k.kind};
        fromKeyring << QString::fromLatin1(k.source);
    }
    out.message =
        fromKeyring.isEmpty()
            ? QObject::tr("The keyring holds no API keys; environment variables are used where set.")
            : QObject::tr("API keys from the keyring for: %1.").arg(fromKeyring.join(QStringLiteral(", ")));
    return out;
}

} // namespace stackatlas::keystore
