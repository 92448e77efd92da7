#include "demoworkspace.h"
#include "domain/channelhealth.h"
#include "storage/database.h"
#include "storage/deliverystore.h"

#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QtTest>

using namespace wk;

namespace {

// A page as the sender leaves it: planned at `at`, then attempted `attempts` times.
Delivery page(const QString &person, int contact, const QString &kind, Delivery::Status status,
              int attempts, TimestampNs at, const QString &result = {})
{
    Delivery d;
    d.key = QStringLiteral("%1:%2:%3:%4").arg(person).arg(contact).arg(kind).arg(at);
    d.alertId = 1;
    d.alertKey = QStringLiteral("burst/u1");
    d.step = QStringLiteral("raised");
    d.person = person;
    d.contact = contact;
    d.kind = kind;
    d.target = QStringLiteral("somewhere");
    d.status = status;
    d.attempts = attempts;
    d.createdAt = at;
    d.nextAttemptAt = at;
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
private:
    // The pages stored as the planner and the sender store them, and the store's figures
    // merged with the workspace's methods.
    std::optional<QList<ChannelHealth>>
    healthOf(const Workspace &ws, const QList<Delivery> &deliveries, TimestampNs since = 0)
    {
        QTemporaryDir dir;
        QString error;
        auto db = Database::open(dir.filePath(QStringLiteral("s.sqlite")), &error);
        if (!db) {
            qWarning() << error;
            return std::nullopt;
        }
        DeliveryChanges planned;
        for (Delivery d : deliveries) {
            d.status = Delivery::Status::Pending;
            d.attempts = 0;
            d.sentAt.reset();
            planned.planned << d;
        }
        DeliveryStore store(*db);
        QList<Delivery> recorded = deliveries;
        if (!DeliveryStore::write(*db, planned, &error) || !store.recordAll(recorded, &error)) {
            qWarning() << error;
            return std::nullopt;
        }
        const auto figures = store.channels(since, &error);
        if (!figures) {
            qWarning() << error;
            return std::nullopt;
        }
        return ChannelHealth::merged(ws, *figures);
    }

private slots:
    // A method's status is what became of its latest attempted page; counts cover them all.
    void latestAttemptDecides()
    {
        const Workspace ws = test::demoWorkspace();
        QCOMPARE(ws.person(QStringLiteral("amara"))->contacts.at(1).kind,
                 ContactMethod::Kind::Slack);
        const auto h = healthOf(
            ws, {
                    page("amara", 0, "email", Delivery::Status::Failed, 5, 10, "550 no such user"),
                    page("amara", 0, "email", Delivery::Status::Sent, 1, 20, "250 OK"),
                    page("amara", 1, "slack", Delivery::Status::Sent, 1, 10, "HTTP 200"),
                    page("amara", 1, "slack", Delivery::Status::Pending, 2, 30, "HTTP 503"),
                    page("amara", 1, "slack", Delivery::Status::Pending, 0, 40), // not tried yet
                    page("amara", 1, "slack", Delivery::Status::Cancelled, 1, 50, "HTTP 503"),
                    page("bruno", 0, "email", Delivery::Status::Sent, 1, 10, "250 OK"),
                    page("bruno", 0, "email", Delivery::Status::Failed, 5, 20, "timed out"),
                    // A page by a method whose position now holds another kind says nothing.
                    page("bruno", 1, "webhook", Delivery::Status::Failed, 5, 30, "HTTP 404"),
                });
        QVERIFY(h);
        QCOMPARE(h->size(), 7); // every method of the demo, paged or not

        const ChannelHealth *email = find(*h, "amara", 0);
        QCOMPARE(email->status, ChannelHealth::Status::Working);
        QCOMPARE(email->sent, 1);
        QCOMPARE(email->failed, 1);
        QCOMPARE(email->lastSent, TimestampNs(21));
        QCOMPARE(email->lastResult, QStringLiteral("250 OK"));
        QVERIFY(email->dryRun);

        const ChannelHealth *slack = find(*h, "amara", 1);
        QCOMPARE(slack->status, ChannelHealth::Status::Retrying);
        QCOMPARE(slack->retrying, 1);
        QCOMPARE(slack->sent, 1);
        QCOMPARE(slack->lastResult, QStringLiteral("HTTP 503"));
        QCOMPARE(slack->lastAttempt, TimestampNs(30));

        QCOMPARE(find(*h, "amara", 2)->status, ChannelHealth::Status::Local);
        QCOMPARE(find(*h, "bruno", 0)->status, ChannelHealth::Status::Failing);
        QVERIFY(find(*h, "bruno", 0)->failing());
        const ChannelHealth *ntfy = find(*h, "bruno", 1);
        QCOMPARE(ntfy->kind, QStringLiteral("ntfy"));
        QCOMPARE(ntfy->status, ChannelHealth::Status::Unused);
        QCOMPARE(ntfy->failed, 0);

        // Only the period asked for counts.
        const auto recent = healthOf(
            ws,
            {page("amara", 0, "email", Delivery::Status::Failed, 5, 10, "550 no such user"),
             page("amara", 0, "email", Delivery::Status::Sent, 1, 20, "250 OK")},
            15);
        QVERIFY(recent);
        QCOMPARE(find(*recent, "amara", 0)->failed, 0);
        QCOMPARE(find(*recent, "amara", 0)->sent, 1);
    }

    // People who list no method are paged at their own address once mail can be sent.
    void ownEmailOnceMailCanBeSent()
    {
        Workspace ws = test::demoWorkspace();
        QVERIFY(!find(ChannelHealth::merged(ws, {}), "chen", -1));
        ws.smtp.host = QStringLiteral("127.0.0.1");
        ws.smtp.from = QStringLiteral("oncall@example.org");
        QVERIFY(ws.smtp.configured());
        const auto h =
            healthOf(ws, {page("chen", -1, "email", Delivery::Status::Sent, 1, 5, "250 OK")});
        QVERIFY(h);
        const ChannelHealth *chen = find(*h, "chen", -1);
        QVERIFY(chen);
        QCOMPARE(chen->target, ws.person(QStringLiteral("chen"))->email);
        QCOMPARE(chen->status, ChannelHealth::Status::Working);
    }
};

QTEST_GUILESS_MAIN(tst_ChannelHealth)
#include "tst_channelhealth.moc"
