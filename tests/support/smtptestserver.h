#pragma once

#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace wk::test {

// Debian's aiosmtpd started on 127.0.0.1 (tests/support/smtpserver.py): with a certificate,
// STARTTLS is required (or implicit TLS); with a user, a login is. messages() reads what it
// accepted as Python's email package parsed it.
class SmtpTestServer
{
public:
    struct Options
    {
        QString certificate; // PEM files; empty: plain SMTP
        QString key;
        bool implicitTls = false;
        QString user;
        QString password;
        int delayMs = 0; // how long the server takes over each message
        // For benchmarks: messages() has only mail_from, rcpt_tos, alert and received_at,
        // and the server spends no time parsing what it receives.
        bool light = false;
    };

    explicit SmtpTestServer(const Options &options);
    ~SmtpTestServer();

    bool ready() const { return m_ready; }
    QString error() const { return m_error; }
    quint16 port() const { return m_port; }
    // Each accepted message: mail_from, rcpt_tos, subject (decoded), from, to, content_type,
    // alert, tls, authenticated and parts [{type, charset, encoding, body}].
    QList<QJsonObject> messages() const;
    // The bytes of message n (1-based) as received.
    QByteArray raw(int n) const;

private:
    QTemporaryDir m_out;
    bool m_light = false;
    QProcess m_process;
    quint16 m_port = 0;
    bool m_ready = false;
    QString m_error;
};

} // namespace wk::test
