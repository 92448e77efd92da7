#pragma once

#include "alertmessage.h"

#include "domain/smtpsettings.h"

#include <QString>

#include <atomic>

namespace wk {

// Sends one message through the workspace's mail server with libcurl: STARTTLS or implicit
// TLS with the server's certificate checked (against the system's CAs or the workspace's
// ca_certificate), a login when the workspace names a user, and a multipart/alternative
// body (plain text and HTML, UTF-8, quoted-printable) with an RFC 2047 subject. Blocking:
// call it off the GUI and engine threads.
class SmtpMailer
{
public:
    struct Result
    {
        bool accepted = false;
        // The server's last answer ("250 2.0.0 Ok: queued as 4F3"), or why it failed.
        QString answer;
    };

    // caFile: the PEM file of ca_certificate, resolved; empty for the system's CAs.
    SmtpMailer(SmtpSettings settings, QString password, QString caFile);

    Result send(const QString &to, const AlertMessage &message) const;

    // "=?UTF-8?B?...?=" words of at most 75 characters each, or the text itself when it is
    // plain ASCII.
    static QByteArray encodeHeader(const QString &text);
    // The address inside "Name <address>", or the text itself.
    static QString addressOf(const QString &mailbox);

    // While set, a transfer in flight stops and fails ("cancelled").
    void setCancel(const std::atomic_bool *flag) { m_cancel = flag; }

private:
    const std::atomic_bool *m_cancel = nullptr;
    SmtpSettings m_settings;
    QString m_password;
    QString m_caFile;
};

} // namespace wk
