#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace wk::test {

// A real Secret Service for the tests: a private D-Bus session bus and gnome-keyring on
// it, with a fresh unlocked keyring in a temporary folder. The process environment points
// at them from construction on, so QtKeychain (and any child process) uses them.
class KeychainSession
{
public:
    KeychainSession();
    ~KeychainSession();
    KeychainSession(const KeychainSession &) = delete;
    KeychainSession &operator=(const KeychainSession &) = delete;

    bool isValid() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }

private:
    QTemporaryDir m_home;
    QProcess m_bus;
    QProcess m_keyring;
    QString m_error;
};

} // namespace wk::test
