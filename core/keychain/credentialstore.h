#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace wk {

// Passwords of warehouse connections, kept in the OS keychain (the Secret Service on
// Linux, through QtKeychain) under the service "watchkeeper" and the source id. Nothing
// is ever written elsewhere: without a keychain, reading and storing fail with the reason.
// The jobs run on the application's main thread, whichever thread asks; the answer
// arrives on the asking thread, whose event loop must run.
class CredentialStore
{
public:
    static QString service() { return QStringLiteral("watchkeeper"); }

    // ok false with the keychain's reason (no entry, no keychain service, locked, ...).
    using Done = std::function<void(bool ok, const QString &passwordOrError)>;
    static void read(const QString &sourceId, QObject *context, Done done);
    static void write(const QString &sourceId, const QString &password, QObject *context,
                      Done done);
    static void remove(const QString &sourceId, QObject *context, Done done);

    // The same, waiting in a local event loop: for the command line.
    static bool readNow(const QString &sourceId, QString *passwordOrError);
    static bool writeNow(const QString &sourceId, const QString &password, QString *error);
    static bool removeNow(const QString &sourceId, QString *error);
};

} // namespace wk
