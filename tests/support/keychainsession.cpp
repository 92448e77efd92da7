#include "keychainsession.h"

#include "keychain/credentialstore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QStandardPaths>
#include <QThread>

namespace wk::test {

KeychainSession::KeychainSession()
{
    const QString bus = QStandardPaths::findExecutable(QStringLiteral("dbus-daemon"));
    const QString keyring = QStandardPaths::findExecutable(QStringLiteral("gnome-keyring-daemon"));
    if (bus.isEmpty() || keyring.isEmpty()) {
        m_error = QStringLiteral("dbus-daemon and gnome-keyring-daemon are needed (Debian's "
                                 "dbus-daemon and gnome-keyring; tools/deps.sh installs them)");
        return;
    }
    QDir(m_home.path()).mkpath(QStringLiteral("data"));
    QDir(m_home.path()).mkpath(QStringLiteral("runtime"));
    qputenv("XDG_DATA_HOME", (m_home.path() + QStringLiteral("/data")).toLocal8Bit());
    qputenv("XDG_RUNTIME_DIR", (m_home.path() + QStringLiteral("/runtime")).toLocal8Bit());

    m_bus.start(bus, {QStringLiteral("--session"), QStringLiteral("--nofork"),
                      QStringLiteral("--print-address=1")});
    if (!m_bus.waitForStarted(5000) || !m_bus.waitForReadyRead(5000)) {
        m_error = QStringLiteral("dbus-daemon did not start: %1").arg(m_bus.errorString());
        return;
    }
    const QByteArray address = m_bus.readLine().trimmed();
    qputenv("DBUS_SESSION_BUS_ADDRESS", address);

    // --unlock reads the new keyring's password from standard input.
    m_keyring.start(keyring, {QStringLiteral("--foreground"), QStringLiteral("--unlock"),
                              QStringLiteral("--components=secrets")});
    if (!m_keyring.waitForStarted(5000)) {
        m_error =
            QStringLiteral("gnome-keyring-daemon did not start: %1").arg(m_keyring.errorString());
        return;
    }
    // QProcess writes from the event loop, which the wait below does not run: the password
    // must be in the pipe before the daemon is asked anything.
    m_keyring.write("watchkeeper-test");
    m_keyring.closeWriteChannel();
    if (m_keyring.bytesToWrite() > 0 && !m_keyring.waitForBytesWritten(5000)) {
        m_error = QStringLiteral("gnome-keyring-daemon did not read its password: %1")
                      .arg(m_keyring.errorString());
        return;
    }
    // Ready once it answers on the bus: store and remove a throwaway entry.
    QElapsedTimer timer;
    timer.start();
    QString error;
    while (
        !CredentialStore::writeNow(QStringLiteral("wk-test-ready"), QStringLiteral("x"), &error)) {
        if (timer.elapsed() > 10000) {
            m_error = QStringLiteral("the keyring never answered: %1").arg(error);
            return;
        }
        QThread::msleep(100);
    }
    CredentialStore::removeNow(QStringLiteral("wk-test-ready"), &error);
}

KeychainSession::~KeychainSession()
{
    m_keyring.terminate();
    m_keyring.waitForFinished(3000);
    m_bus.terminate();
    m_bus.waitForFinished(3000);
}

} // namespace wk::test
