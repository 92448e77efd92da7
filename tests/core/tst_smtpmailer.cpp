#include "paging/smtpmailer.h"

#include "listenport.h"
#include "selfsignedcertificate.h"
#include "smtptestserver.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

using namespace wk;
using wk::test::SmtpTestServer;

namespace {

SmtpSettings settingsFor(quint16 port, SmtpSettings::Security security)
{
    SmtpSettings s;
    s.host = QStringLiteral("127.0.0.1");
    s.port = port;
    s.security = security;
    s.from = QStringLiteral("Wächter on call <oncall@example.org>");
    s.timeoutSeconds = 15;
    return s;
}

AlertMessage message()
{
    AlertMessage m;
    m.key = QStringLiteral("burst:1508");
    // Long and not ASCII: it needs several encoded words.
    m.subject = QStringLiteral("[CRITICAL] Überfällige Sitzungen bei Zoë — Zahlungsstrecke "
                               "für Kunden in Łódź und São Paulo ☎");
    m.text = QStringLiteral("Customer 1508 started 21 sessions in 5 minutes.\nRevenue at stake: "
                            "€12,000 a month.\n");
    m.html = QStringLiteral("<html><body><h2>Customer 1508</h2><p>€12,000 a month</p>"
                            "</body></html>\n");
    return m;
}

QJsonObject partOf(const QJsonObject &msg, const QString &type)
{
    for (const QJsonValue p : msg.value(QStringLiteral("parts")).toArray()) {
        if (p.toObject().value(QStringLiteral("type")).toString() == type)
            return p.toObject();
    }
    return {};
}

} // namespace

class tst_SmtpMailer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void plainOnLoopbackReadsBackAsWritten();
    void startTlsWithLogin();
    void wrongPasswordIsRefusedWithTheServersAnswer();
    void untrustedCertificateIsRefused();
    void implicitTls();
    void nobodyListening();
    void encodedWordsStayShort();

private:
    QTemporaryDir m_certs;
};

void tst_SmtpMailer::initTestCase()
{
    QVERIFY(wk::test::writeSelfSignedCertificate(m_certs.path()));
}

void tst_SmtpMailer::plainOnLoopbackReadsBackAsWritten()
{
    SmtpTestServer server({});
    QVERIFY2(server.ready(), qPrintable(server.error()));
    const SmtpMailer mailer(settingsFor(server.port(), SmtpSettings::Security::None), {}, {});
    const AlertMessage m = message();
    const SmtpMailer::Result r = mailer.send(QStringLiteral("Amara Okafor <amara@example.org>"), m);
    QVERIFY2(r.accepted, qPrintable(r.answer));
    QVERIFY2(r.answer.contains(QStringLiteral("250 2.0.0 Ok: queued as WK1")),
             qPrintable(r.answer));

    const QList<QJsonObject> got = server.messages();
    QCOMPARE(got.size(), 1);
    const QJsonObject &msg = got.first();
    QCOMPARE(msg.value(QStringLiteral("mail_from")).toString(),
             QStringLiteral("oncall@example.org"));
    QCOMPARE(msg.value(QStringLiteral("rcpt_tos")).toArray(),
             QJsonArray{QStringLiteral("amara@example.org")});
    QCOMPARE(msg.value(QStringLiteral("subject")).toString(), m.subject);
    QCOMPARE(msg.value(QStringLiteral("from")).toString(),
             QStringLiteral("Wächter on call <oncall@example.org>"));
    QCOMPARE(msg.value(QStringLiteral("alert")).toString(), m.key);
    QCOMPARE(msg.value(QStringLiteral("tls")).toBool(), false);

    const QJsonObject text = partOf(msg, QStringLiteral("text/plain"));
    const QJsonObject html = partOf(msg, QStringLiteral("text/html"));
    QCOMPARE(text.value(QStringLiteral("charset")).toString(), QStringLiteral("utf-8"));
    QCOMPARE(text.value(QStringLiteral("encoding")).toString(), QStringLiteral("quoted-printable"));
    QCOMPARE(text.value(QStringLiteral("body")).toString(), m.text);
    QCOMPARE(html.value(QStringLiteral("body")).toString(), m.html);

    // On the wire: the subject as encoded words, the parts as multipart/alternative, and
    // no line longer than SMTP allows.
    const QByteArray raw = server.raw(1);
    QVERIFY(raw.contains("Subject: =?UTF-8?B?"));
    QVERIFY(raw.contains("multipart/alternative"));
    for (const QByteArray &line : raw.split('\n'))
        QVERIFY2(line.size() <= 998, line.left(80).constData());
}

void tst_SmtpMailer::startTlsWithLogin()
{
    SmtpTestServer server({m_certs.filePath(QStringLiteral("cert.pem")),
                           m_certs.filePath(QStringLiteral("key.pem")), false,
                           QStringLiteral("amara"), QStringLiteral("s3cret passphrase")});
    QVERIFY2(server.ready(), qPrintable(server.error()));
    SmtpSettings s = settingsFor(server.port(), SmtpSettings::Security::StartTls);
    s.user = QStringLiteral("amara");
    const SmtpMailer mailer(s, QStringLiteral("s3cret passphrase"),
                            m_certs.filePath(QStringLiteral("cert.pem")));
    const SmtpMailer::Result r = mailer.send(QStringLiteral("amara@example.org"), message());
    QVERIFY2(r.accepted, qPrintable(r.answer));
    const QList<QJsonObject> got = server.messages();
    QCOMPARE(got.size(), 1);
    QVERIFY(got.first().value(QStringLiteral("tls")).toBool());
    QVERIFY(got.first().value(QStringLiteral("authenticated")).toBool());
    QCOMPARE(got.first().value(QStringLiteral("subject")).toString(), message().subject);
}

void tst_SmtpMailer::wrongPasswordIsRefusedWithTheServersAnswer()
{
    SmtpTestServer server({m_certs.filePath(QStringLiteral("cert.pem")),
                           m_certs.filePath(QStringLiteral("key.pem")), false,
                           QStringLiteral("amara"), QStringLiteral("right")});
    QVERIFY2(server.ready(), qPrintable(server.error()));
    SmtpSettings s = settingsFor(server.port(), SmtpSettings::Security::StartTls);
    s.user = QStringLiteral("amara");
    const SmtpMailer mailer(s, QStringLiteral("wrong"),
                            m_certs.filePath(QStringLiteral("cert.pem")));
    const SmtpMailer::Result r = mailer.send(QStringLiteral("amara@example.org"), message());
    QVERIFY(!r.accepted);
    QVERIFY2(r.answer.contains(QStringLiteral("535")), qPrintable(r.answer));
    QVERIFY(server.messages().isEmpty());
}

void tst_SmtpMailer::untrustedCertificateIsRefused()
{
    SmtpTestServer server({m_certs.filePath(QStringLiteral("cert.pem")),
                           m_certs.filePath(QStringLiteral("key.pem")),
                           false,
                           {},
                           {}});
    QVERIFY2(server.ready(), qPrintable(server.error()));
    // Without the workspace's ca_certificate the self-signed certificate is not trusted.
    const SmtpMailer mailer(settingsFor(server.port(), SmtpSettings::Security::StartTls), {}, {});
    const SmtpMailer::Result r = mailer.send(QStringLiteral("amara@example.org"), message());
    QVERIFY(!r.accepted);
    QVERIFY2(r.answer.contains(QStringLiteral("certificate"), Qt::CaseInsensitive),
             qPrintable(r.answer));
    QVERIFY(server.messages().isEmpty());
}

void tst_SmtpMailer::implicitTls()
{
    SmtpTestServer server({m_certs.filePath(QStringLiteral("cert.pem")),
                           m_certs.filePath(QStringLiteral("key.pem")),
                           true,
                           {},
                           {}});
    QVERIFY2(server.ready(), qPrintable(server.error()));
    const SmtpMailer mailer(settingsFor(server.port(), SmtpSettings::Security::Tls), {},
                            m_certs.filePath(QStringLiteral("cert.pem")));
    const SmtpMailer::Result r = mailer.send(QStringLiteral("amara@example.org"), message());
    QVERIFY2(r.accepted, qPrintable(r.answer));
    QCOMPARE(server.messages().size(), 1);
    QVERIFY(server.messages().first().value(QStringLiteral("tls")).toBool());
}

void tst_SmtpMailer::nobodyListening()
{
    const quint16 port = wk::test::unusedListenPort();
    const SmtpMailer mailer(settingsFor(port, SmtpSettings::Security::None), {}, {});
    const SmtpMailer::Result r = mailer.send(QStringLiteral("amara@example.org"), message());
    QVERIFY(!r.accepted);
    QVERIFY2(r.answer.startsWith(QStringLiteral("127.0.0.1:%1: ").arg(port)), qPrintable(r.answer));
}

void tst_SmtpMailer::encodedWordsStayShort()
{
    QCOMPARE(SmtpMailer::encodeHeader(QStringLiteral("plain ascii")), QByteArray("plain ascii"));
    const QString text = QString(40, QChar(0x2603)) + QStringLiteral("🚨 done");
    const QByteArray encoded = SmtpMailer::encodeHeader(text);
    QString decoded;
    for (const QByteArray &word : encoded.split(' ')) {
        QVERIFY2(word.size() <= 75, word.constData());
        QVERIFY(word.startsWith("=?UTF-8?B?") && word.endsWith("?="));
        // Each word holds whole characters, so each decodes on its own.
        const QByteArray bytes = QByteArray::fromBase64(word.mid(10, word.size() - 12));
        QCOMPARE(QString::fromUtf8(bytes).toUtf8(), bytes);
        decoded += QString::fromUtf8(bytes);
    }
    QCOMPARE(decoded, text);
    QCOMPARE(SmtpMailer::addressOf(QStringLiteral("Amara <amara@example.org>")),
             QStringLiteral("amara@example.org"));
}

QTEST_GUILESS_MAIN(tst_SmtpMailer)
#include "tst_smtpmailer.moc"
