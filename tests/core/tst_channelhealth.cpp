#include "demoworkspace.h"
#include "domain/channelhealth.h"

#include <QtTest>

using namespace wk;

namespace {

Delivery page(const QString &person, int contact, const QString &kind, Delivery::Status status,
              int attempts, TimestampNs at, const QString &result = {})
{
    Delivery d;
    d.person = person;
    d.contact = contact;
    d.kind = kind;
    d.status = status;
    d.attempts = attempts;
    d.createdAt = at;
    d.result = result;
    if (status == Delivery::Status::Sent)
        d.sentAt = at + 1;
    return d;
}

const ChannelHealth *find(const QList<ChannelHealth> &list, const QString &person, int contact)
{
    for (const ChannelHealth &h : list) {
        if (h.person == person && h.contact == contact)
            return &h;
    }
    return nullptr;
}

} // namespace

class tst_ChannelHealth : public QObject
{
    Q_OBJECT
private slots:
    // A method's status is what became of its latest attempted page; counts cover them all.
    void latestAttemptDecides()
    {
        Workspace ws = test::demoWorkspace();
        Person &amara = *std::find_if(ws.people.begin(), ws.people.end(),
                                      [](const Person &p) { return p.id == "amara"; });
        QCOMPARE(amara.contacts.at(1).kind, ContactMethod::Kind::Slack);
        const QList<Delivery> deliveries = {
            page("amara", 0, "email", Delivery::Status::Failed, 5, 10, "550 no such user"),
            page("amara", 0, "email", Delivery::Status::Sent, 1, 20, "250 OK"),
            page("amara", 1, "slack", Delivery::Status::Sent, 1, 10, "HTTP 200"),
            page("amara", 1, "slack", Delivery::Status::Pending, 2, 30, "HTTP 503"),
            page("amara", 1, "slack", Delivery::Status::Pending, 0, 40), // not tried yet
            page("bruno", 0, "email", Delivery::Status::Sent, 1, 10, "250 OK"),
            page("bruno", 0, "email", Delivery::Status::Failed, 5, 20, "timed out"),
            // An old page by a method whose position now holds another kind says nothing.
            page("bruno", 1, "webhook", Delivery::Status::Failed, 5, 30, "HTTP 404"),
        };
        const QList<ChannelHealth> h = ChannelHealth::summarise(ws, deliveries);
        QCOMPARE(h.size(), 6);

        const ChannelHealth *email = find(h, "amara", 0);
        QCOMPARE(email->status, ChannelHealth::Status::Working);
        QCOMPARE(email->sent, 1);
        QCOMPARE(email->failed, 1);
        QCOMPARE(email->lastSent, TimestampNs(21));
        QCOMPARE(email->lastResult, QStringLiteral("250 OK"));
        QVERIFY(email->dryRun);

        const ChannelHealth *slack = find(h, "amara", 1);
        QCOMPARE(slack->status, ChannelHealth::Status::Retrying);
        QCOMPARE(slack->retrying, 1);
        QCOMPARE(slack->lastResult, QStringLiteral("HTTP 503"));

        QCOMPARE(find(h, "amara", 2)->status, ChannelHealth::Status::Local);
        QCOMPARE(find(h, "bruno", 0)->status, ChannelHealth::Status::Failing);
        QVERIFY(find(h, "bruno", 0)->failing());
        const ChannelHealth *ntfy = find(h, "bruno", 1);
        QCOMPARE(ntfy->kind, QStringLiteral("ntfy"));
        QCOMPARE(ntfy->status, ChannelHealth::Status::Unused);
        QCOMPARE(ntfy->failed, 0);
    }

    // People who list no method are paged at their own address once mail can be sent.
    void ownEmailOnceMailCanBeSent()
    {
        Workspace ws = test::demoWorkspace();
        QVERIFY(!find(ChannelHealth::summarise(ws, {}), "chen", -1));
        ws.smtp.host = QStringLiteral("127.0.0.1");
        ws.smtp.from = QStringLiteral("oncall@example.org");
        QVERIFY(ws.smtp.configured());
        const QList<ChannelHealth> h = ChannelHealth::summarise(
            ws, {page("chen", -1, "email", Delivery::Status::Sent, 1, 5, "250 OK")});
        const ChannelHealth *chen = find(h, "chen", -1);
        QVERIFY(chen);
        QCOMPARE(chen->target, ws.person(QStringLiteral("chen"))->email);
        QCOMPARE(chen->status, ChannelHealth::Status::Working);
    }
};

QTEST_GUILESS_MAIN(tst_ChannelHealth)
#include "tst_channelhealth.moc"
