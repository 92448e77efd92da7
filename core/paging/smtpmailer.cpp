#include "smtpmailer.h"

#include "curlglobal.h"

#include <QDateTime>
#include <QLocale>
#include <QUuid>

#include <memory>

namespace wk {

namespace {

// The server's answers as they arrive, so that a failure can say what the server said.
struct Conversation
{
    QByteArray last;
};

int listen(CURL *, curl_infotype type, char *data, size_t size, void *user)
{
    if (type == CURLINFO_HEADER_IN) {
        QByteArray line(data, static_cast<qsizetype>(size));
        line = line.trimmed();
        if (!line.isEmpty())
            static_cast<Conversation *>(user)->last = line;
    }
    return 0;
}

bool isAscii(const QString &text)
{
    for (QChar c : text) {
        if (c.unicode() > 126 || (c.unicode() < 32 && c != QLatin1Char('\t')))
            return false;
    }
    return true;
}

QByteArray rfc2822Date()
{
    return QLocale::c()
               .toString(QDateTime::currentDateTimeUtc(),
                         QStringLiteral("ddd, dd MMM yyyy HH:mm:ss"))
               .toLatin1() +
           " +0000";
}

// The display name of "Name <address>" encoded when it needs to be.
QByteArray encodeMailbox(const QString &mailbox)
{
    const qsizetype open = mailbox.indexOf(QLatin1Char('<'));
    if (open <= 0)
        return mailbox.trimmed().toUtf8();
    const QString name = mailbox.left(open).trimmed();
    return SmtpMailer::encodeHeader(name) + " " + mailbox.mid(open).trimmed().toUtf8();
}

} // namespace

SmtpMailer::SmtpMailer(SmtpSettings settings, QString password, QString caFile)
    : m_settings(std::move(settings)), m_password(std::move(password)), m_caFile(std::move(caFile))
{}

QByteArray SmtpMailer::encodeHeader(const QString &text)
{
    if (isAscii(text))
        return text.toUtf8();
    // 45 bytes of UTF-8 make 60 of base64: with "=?UTF-8?B?" and "?=" a word stays within
    // 75 characters. Words never split a character.
    QList<QByteArray> words;
    QByteArray chunk;
    for (qsizetype i = 0; i < text.size(); ++i) {
        qsizetype len = text.at(i).isHighSurrogate() && i + 1 < text.size() ? 2 : 1;
        const QByteArray bytes = text.mid(i, len).toUtf8();
        i += len - 1;
        if (chunk.size() + bytes.size() > 45) {
            words << chunk;
            chunk.clear();
        }
        chunk += bytes;
    }
    if (!chunk.isEmpty())
        words << chunk;
    QByteArray out;
    for (const QByteArray &w : std::as_const(words)) {
        if (!out.isEmpty())
            out += ' ';
        out += "=?UTF-8?B?" + w.toBase64() + "?=";
    }
    return out;
}

QString SmtpMailer::addressOf(const QString &mailbox)
{
    const qsizetype open = mailbox.indexOf(QLatin1Char('<'));
    const qsizetype close = mailbox.lastIndexOf(QLatin1Char('>'));
    if (open >= 0 && close > open)
        return mailbox.mid(open + 1, close - open - 1).trimmed();
    return mailbox.trimmed();
}

SmtpMailer::Result SmtpMailer::send(const QString &to, const AlertMessage &message) const
{
    const ReusedCurl curl;
    if (!curl.get())
        return {false, QStringLiteral("libcurl could not start a transfer")};
    CURL *c = curl.get();

    const bool implicitTls = m_settings.security == SmtpSettings::Security::Tls;
    const QByteArray url =
        QStringLiteral("%1://%2:%3")
            .arg(implicitTls ? QStringLiteral("smtps") : QStringLiteral("smtp"), m_settings.host)
            .arg(m_settings.port)
            .toUtf8();
    curl_easy_setopt(c, CURLOPT_URL, url.constData());
    curl_easy_setopt(c, CURLOPT_USE_SSL,
                     m_settings.security == SmtpSettings::Security::None ? long(CURLUSESSL_NONE)
                                                                         : long(CURLUSESSL_ALL));
    const QByteArray ca = m_caFile.toLocal8Bit();
    if (!ca.isEmpty())
        curl_easy_setopt(c, CURLOPT_CAINFO, ca.constData());
    const QByteArray user = m_settings.user.toUtf8();
    const QByteArray password = m_password.toUtf8();
    if (!user.isEmpty()) {
        curl_easy_setopt(c, CURLOPT_USERNAME, user.constData());
        curl_easy_setopt(c, CURLOPT_PASSWORD, password.constData());
    }
    curl_easy_setopt(c, CURLOPT_TIMEOUT, long(m_settings.timeoutSeconds));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, long(qMin(m_settings.timeoutSeconds, 10)));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    allowCancel(c, m_cancel);

    const QByteArray from = "<" + addressOf(m_settings.from).toUtf8() + ">";
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.constData());
    const QByteArray rcpt = "<" + addressOf(to).toUtf8() + ">";
    std::unique_ptr<curl_slist, CurlDeleter> recipients(
        curl_slist_append(nullptr, rcpt.constData()));
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());

    const QByteArray domain = addressOf(m_settings.from).section(QLatin1Char('@'), 1).toUtf8();
    const QList<QByteArray> headerLines = {
        "Date: " + rfc2822Date(),
        "From: " + encodeMailbox(m_settings.from),
        "To: " + encodeMailbox(to),
        "Subject: " + encodeHeader(message.subject),
        "Message-ID: <" + QUuid::createUuid().toString(QUuid::WithoutBraces).toLatin1() + "@" +
            (domain.isEmpty() ? QByteArray("watchkeeper") : domain) + ">",
        "X-Watchkeeper-Alert: " + encodeHeader(message.key),
        "Auto-Submitted: auto-generated",
    };
    curl_slist *raw = nullptr;
    for (const QByteArray &h : headerLines)
        raw = curl_slist_append(raw, h.constData());
    std::unique_ptr<curl_slist, CurlDeleter> headers(raw);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());

    // multipart/mixed holding one multipart/alternative: plain text first, HTML preferred.
    std::unique_ptr<curl_mime, CurlDeleter> mime(curl_mime_init(c));
    curl_mime *alternative = curl_mime_init(c);
    const QByteArray text = message.text.toUtf8();
    const QByteArray html = message.html.toUtf8();
    curl_mimepart *part = curl_mime_addpart(alternative);
    curl_mime_data(part, text.constData(), size_t(text.size()));
    curl_mime_type(part, "text/plain; charset=utf-8");
    curl_mime_encoder(part, "quoted-printable");
    part = curl_mime_addpart(alternative);
    curl_mime_data(part, html.constData(), size_t(html.size()));
    curl_mime_type(part, "text/html; charset=utf-8");
    curl_mime_encoder(part, "quoted-printable");
    part = curl_mime_addpart(mime.get());
    curl_mime_subparts(part, alternative); // the part owns it from here
    curl_mime_type(part, "multipart/alternative");
    curl_easy_setopt(c, CURLOPT_MIMEPOST, mime.get());

    Conversation conversation;
    curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, listen);
    curl_easy_setopt(c, CURLOPT_DEBUGDATA, &conversation);
    curl_easy_setopt(c, CURLOPT_VERBOSE, 1L); // feeds listen(); nothing is printed
    char errorBuffer[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errorBuffer);

    const CURLcode code = curl_easy_perform(c);
    const QString server = QStringLiteral("%1:%2").arg(m_settings.host).arg(m_settings.port);
    const QString last = QString::fromUtf8(conversation.last);
    if (code == CURLE_OK)
        return {true, QStringLiteral("accepted by %1: %2").arg(server, last)};
    QString why = QString::fromUtf8(errorBuffer);
    if (why.isEmpty())
        why = QString::fromUtf8(curl_easy_strerror(code));
    if (!last.isEmpty() && !why.contains(last))
        why += QStringLiteral(" (the server said: %1)").arg(last);
    return {false, QStringLiteral("%1: %2").arg(server, why)};
}

} // namespace wk
