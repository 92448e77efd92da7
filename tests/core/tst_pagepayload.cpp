#include "demoworkspace.h"
#include "paging/pagepayload.h"
#include "paging/pagerequest.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTimeZone>
#include <QtTest>

using namespace wk;

namespace {

QJsonObject readJson(const QString &relative)
{
    QFile f(QStringLiteral(WK_TEST_DATA_DIR "/") + relative);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(f.fileName()));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("%s: %s", qPrintable(relative), qPrintable(error.errorString()));
    return doc.object();
}

QJsonObject parsed(const QByteArray &body)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        qFatal("not a JSON object: %s", body.constData());
    return doc.object();
}

// Where `ours` lacks what the documented example has at the same place, or has it with
// another JSON type: empty when every key of the example (less the optional ones) is
// there. Arrays: each documented element needs one of ours of the same "type" (or, with
// no type, of the same JSON type).
QString missing(const QJsonValue &doc, const QJsonValue &ours, const QString &path,
                const QSet<QString> &optional)
{
    if (doc.type() != ours.type() && !(doc.isNull() && ours.isNull()))
        return QStringLiteral("%1: documented as JSON type %2, ours is %3")
            .arg(path)
            .arg(doc.type())
            .arg(ours.type());
    if (doc.isObject()) {
        const QJsonObject d = doc.toObject();
        const QJsonObject o = ours.toObject();
        for (auto it = d.constBegin(); it != d.constEnd(); ++it) {
            const QString at = path + QLatin1Char('.') + it.key();
            if (optional.contains(at))
                continue;
            if (!o.contains(it.key()))
                return QStringLiteral("%1 is missing").arg(at);
            if (QString why = missing(*it, o.value(it.key()), at, optional); !why.isEmpty())
                return why;
        }
        return {};
    }
    if (doc.isArray()) {
        const QJsonArray d = doc.toArray();
        const QJsonArray o = ours.toArray();
        for (qsizetype i = 0; i < d.size(); ++i) {
            const QJsonValue want = d.at(i);
            const QString type = want.toObject().value(QStringLiteral("type")).toString();
            const QString at =
                QStringLiteral("%1[%2]").arg(path, type.isEmpty() ? QString::number(i) : type);
            if (optional.contains(at))
                continue;
            QString why = QStringLiteral("%1: no element like it").arg(at);
            for (const QJsonValue candidate : o) {
                if (candidate.type() != want.type() ||
                    candidate.toObject().value(QStringLiteral("type")).toString() != type)
                    continue;
                why = missing(want, candidate, at, optional);
                if (why.isEmpty())
                    break;
            }
            if (!why.isEmpty())
                return why;
        }
    }
    return {};
}

AlertMessage criticalPage(bool withLinks)
{
    const Workspace ws = test::demoWorkspace();
    Alert a;
    a.id = 42;
    a.dedupKey = QStringLiteral("burst:profit-unit:u-17");
    a.ruleKind = QStringLiteral("burst");
    a.pipelineId = QStringLiteral("profit-unit");
    a.subject = QStringLiteral("u-17");
    a.title = QStringLiteral("Payments failing for u-17 & friends");
    a.severity = Severity::Critical;
    a.customerId = QStringLiteral("c-globex");
    a.revenue = 500;
    const QDateTime raised(QDate(2026, 7, 1), QTime(2, 0), QTimeZone::utc());
    a.triggeredAt = toTimestamp(raised);
    a.ackBy = toTimestamp(raised.addSecs(30 * 60));
    AlertMessage m = AlertMessage::forAlert(a, ws, QStringLiteral("amara"));
    if (withLinks)
        m.links = {{QStringLiteral("Acknowledge"), QStringLiteral("https://wk.example.org/a/1")},
                   {QStringLiteral("Resolve"), QStringLiteral("https://wk.example.org/r/1")}};
    return m;
}

} // namespace

class tst_PagePayload : public QObject
{
    Q_OBJECT

private slots:
    void slackIsBlockKitInAColouredAttachment()
    {
        const AlertMessage m = criticalPage(true);
        const QJsonObject body = parsed(PagePayload(m, QStringLiteral("raised")).slack());
        const QString why =
            missing(readJson(QStringLiteral("chat-formats/slack_blocks_in_attachment.json")), body,
                    QStringLiteral("$"), {});
        QVERIFY2(why.isEmpty(), qPrintable(why));
        const QJsonObject attachment =
            body.value(QStringLiteral("attachments")).toArray().at(0).toObject();
        QCOMPARE(attachment.value(QStringLiteral("color")).toString(), QStringLiteral("#C62828"));
        const QByteArray text = QJsonDocument(attachment).toJson(QJsonDocument::Compact);
        // mrkdwn escapes &, < and >; the header is plain text and keeps them.
        QVERIFY(text.contains("Payments failing for u-17 & friends"));
        QVERIFY(text.contains("*Customer*\\nGlobex, 500 a month at stake"));
        QVERIFY(text.contains("*Acknowledge by*\\n2026-07-01 03:30 BST"));
        QVERIFY(text.contains("*Runbook*"));
        QVERIFY(text.contains("https://wk.example.org/a/1"));
        QVERIFY(body.value(QStringLiteral("text"))
                    .toString()
                    .contains(QStringLiteral("&amp; friends")));
        // Without links, no buttons: an actions block with none is refused by Slack.
        QVERIFY(!PagePayload(criticalPage(false), {}).slack().contains("\"actions\""));
    }

    void teamsIsAnAdaptiveCardMessage()
    {
        const QJsonObject body = parsed(PagePayload(criticalPage(true), {}).teams());
        const QString why =
            missing(readJson(QStringLiteral("chat-formats/teams_adaptive_card_webhook.json")), body,
                    QStringLiteral("$"), {});
        QVERIFY2(why.isEmpty(), qPrintable(why));
        const QJsonObject card = body.value(QStringLiteral("attachments"))
                                     .toArray()
                                     .at(0)
                                     .toObject()
                                     .value(QStringLiteral("content"))
                                     .toObject();
        const QJsonObject heading = card.value(QStringLiteral("body")).toArray().at(0).toObject();
        QCOMPARE(heading.value(QStringLiteral("style")).toString(), QStringLiteral("attention"));
        const QJsonArray facts = card.value(QStringLiteral("body"))
                                     .toArray()
                                     .at(1)
                                     .toObject()
                                     .value(QStringLiteral("facts"))
                                     .toArray();
        QVERIFY(facts.contains(QJsonObject{{QStringLiteral("title"), QStringLiteral("Severity")},
                                           {QStringLiteral("value"), QStringLiteral("CRITICAL")}}));
        QCOMPARE(card.value(QStringLiteral("actions")).toArray().size(), 2);
        QCOMPARE(card.value(QStringLiteral("actions"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("type"))
                     .toString(),
                 QStringLiteral("Action.OpenUrl"));
    }

    void mattermostIsSlackCompatibleAttachments()
    {
        const QJsonObject body = parsed(PagePayload(criticalPage(true), {}).mattermost());
        const QSet<QString> notSent = {QStringLiteral("$.attachments[0].pretext"),
                                       QStringLiteral("$.attachments[0].author_name"),
                                       QStringLiteral("$.attachments[0].author_icon"),
                                       QStringLiteral("$.attachments[0].author_link"),
                                       QStringLiteral("$.attachments[0].title_link"),
                                       QStringLiteral("$.attachments[0].image_url")};
        for (const char *example : {"mattermost_attachment.json", "mattermost_webhook_text.json"}) {
            const QString why =
                missing(readJson(QStringLiteral("chat-formats/") + QLatin1String(example)), body,
                        QStringLiteral("$"), notSent);
            QVERIFY2(why.isEmpty(),
                     qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(example), why)));
        }
        const QJsonObject attachment =
            body.value(QStringLiteral("attachments")).toArray().at(0).toObject();
        QCOMPARE(attachment.value(QStringLiteral("color")).toString(), QStringLiteral("#C62828"));
        QVERIFY(attachment.value(QStringLiteral("text"))
                    .toString()
                    .contains(QStringLiteral("[Acknowledge](https://wk.example.org/a/1)")));
    }

    void googleChatIsCardsV2()
    {
        const QJsonObject body = parsed(PagePayload(criticalPage(true), {}).googleChat());
        const QString card = QStringLiteral("$.cardsV2[0].card");
        const QString why = missing(
            readJson(QStringLiteral("chat-formats/google_chat_cardsv2.json")), body,
            QStringLiteral("$"),
            // Watchkeeper draws no avatar and no icons beside the facts.
            {card + QStringLiteral(".header.imageUrl"), card + QStringLiteral(".header.imageType"),
             card + QStringLiteral(".header.imageAltText"),
             card + QStringLiteral(".sections[0].widgets[0].decoratedText.startIcon"),
             card + QStringLiteral(".sections[0].widgets[1].decoratedText.startIcon"),
             card + QStringLiteral(".sections[0].widgets[2].decoratedText.startIcon")});
        QVERIFY2(why.isEmpty(), qPrintable(why));
        const QByteArray text = PagePayload(criticalPage(true), {}).googleChat();
        QVERIFY(text.contains("<font color=\\\"#C62828\\\"><b>CRITICAL</b></font>"));
        // Card ids take letters, digits, - and _ only.
        const QString id = body.value(QStringLiteral("cardsV2"))
                               .toArray()
                               .at(0)
                               .toObject()
                               .value(QStringLiteral("cardId"))
                               .toString();
        QCOMPARE(id, QStringLiteral("watchkeeper-burst-profit-unit-u-17"));
    }

    void ntfyPublishesJsonWithPriorityFromSeverity()
    {
        const QJsonObject body =
            parsed(PagePayload(criticalPage(true), {}).ntfy(QStringLiteral("oncall-amara")));
        const QString why = missing(readJson(QStringLiteral("chat-formats/ntfy_publish_json.json")),
                                    body, QStringLiteral("$"),
                                    {QStringLiteral("$.attach"), QStringLiteral("$.filename")});
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QCOMPARE(body.value(QStringLiteral("topic")).toString(), QStringLiteral("oncall-amara"));
        QCOMPARE(body.value(QStringLiteral("priority")).toInt(), 5);
        QCOMPARE(body.value(QStringLiteral("click")).toString(),
                 QStringLiteral("https://wk.example.org/a/1"));
        QVERIFY(body.value(QStringLiteral("tags"))
                    .toArray()
                    .contains(QStringLiteral("rotating_light")));
        AlertMessage medium = criticalPage(false);
        medium.severity = Severity::Medium;
        const QJsonObject quiet = parsed(PagePayload(medium, {}).ntfy(QStringLiteral("t")));
        QCOMPARE(quiet.value(QStringLiteral("priority")).toInt(), 3);
        QVERIFY(!quiet.contains(QStringLiteral("click")));
    }

    void pagerDutyEventsFollowTheDocumentedBodies()
    {
        const PagePayload payload(criticalPage(true), {});
        const QJsonObject trigger = parsed(payload.pagerDuty(PagePayload::Action::Trigger));
        // The documented trigger, less what Watchkeeper has no use for (images, a client URL).
        const QString why = missing(
            readJson(QStringLiteral("pagerduty-realworld/pd_devdocs_trigger_images_links.json")),
            trigger, QStringLiteral("$"),
            {QStringLiteral("$.images"), QStringLiteral("$.client_url"),
             // the example's own details; Watchkeeper sends its own
             QStringLiteral("$.payload.custom_details.ping time"),
             QStringLiteral("$.payload.custom_details.load avg")});
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QCOMPARE(trigger.value(QStringLiteral("dedup_key")).toString(),
                 QStringLiteral("burst:profit-unit:u-17"));
        const QJsonObject p = trigger.value(QStringLiteral("payload")).toObject();
        QCOMPARE(p.value(QStringLiteral("severity")).toString(), QStringLiteral("critical"));
        QCOMPARE(p.value(QStringLiteral("component")).toString(), QStringLiteral("profit-unit"));
        QCOMPARE(p.value(QStringLiteral("custom_details"))
                     .toObject()
                     .value(QStringLiteral("customer"))
                     .toString(),
                 QStringLiteral("c-globex"));
        // The routing key is the keychain's, added when sent; never stored with the page.
        QCOMPARE(trigger.value(QStringLiteral("routing_key")).toString(), QString());

        const QJsonObject ack = parsed(payload.pagerDuty(PagePayload::Action::Acknowledge));
        const QJsonObject documented =
            readJson(QStringLiteral("pagerduty-realworld/pd_devdocs_acknowledge.json"));
        const QStringList ackKeys = ack.keys();
        const QStringList documentedKeys = documented.keys();
        QCOMPARE(QSet<QString>(ackKeys.cbegin(), ackKeys.cend()),
                 QSet<QString>(documentedKeys.cbegin(), documentedKeys.cend()));
        QCOMPARE(ack.value(QStringLiteral("event_action")).toString(),
                 QStringLiteral("acknowledge"));
        QCOMPARE(parsed(payload.pagerDuty(PagePayload::Action::Resolve))
                     .value(QStringLiteral("event_action"))
                     .toString(),
                 QStringLiteral("resolve"));
    }

    void opsgenieCreatesThenActsOnTheAlias()
    {
        const PagePayload payload(criticalPage(false), {});
        const QJsonObject create = parsed(payload.opsgenie(PagePayload::Action::Trigger));
        QCOMPARE(create.value(QStringLiteral("alias")).toString(),
                 QStringLiteral("burst:profit-unit:u-17"));
        QCOMPARE(create.value(QStringLiteral("priority")).toString(), QStringLiteral("P1"));
        QVERIFY(create.value(QStringLiteral("message")).toString().size() <= 130);
        // Opsgenie's details take strings only.
        const QJsonObject details = create.value(QStringLiteral("details")).toObject();
        for (auto it = details.constBegin(); it != details.constEnd(); ++it)
            QVERIFY2(it->isString(), qPrintable(it.key()));
        QCOMPARE(
            PagePayload::opsgeniePath(QStringLiteral("burst:a b"), PagePayload::Action::Trigger),
            QStringLiteral("/v2/alerts"));
        QCOMPARE(PagePayload::opsgeniePath(QStringLiteral("burst:a b"),
                                           PagePayload::Action::Acknowledge),
                 QStringLiteral("/v2/alerts/burst%3Aa%20b/acknowledge?identifierType=alias"));
        QCOMPARE(PagePayload::opsgeniePath(QStringLiteral("k"), PagePayload::Action::Resolve),
                 QStringLiteral("/v2/alerts/k/close?identifierType=alias"));
    }

    // What the sender adds at the last moment: the secret, where each service wants it.
    void requestsCarryTheirSecretOnlyWhenSent()
    {
        Delivery d;
        d.person = QStringLiteral("amara");
        d.contact = 2;
        d.alertKey = QStringLiteral("k1");
        d.kind = QStringLiteral("pagerduty");
        d.target = QStringLiteral("https://events.pagerduty.com/v2/enqueue");
        d.json = QString::fromUtf8(
            PagePayload(criticalPage(false), {}).pagerDuty(PagePayload::Action::Trigger));
        QString error;
        auto r = PageRequest::forDelivery(d, QStringLiteral("R0UTING"), 1000, &error);
        QVERIFY2(r, qPrintable(error));
        QCOMPARE(parsed(r->body).value(QStringLiteral("routing_key")).toString(),
                 QStringLiteral("R0UTING"));
        QVERIFY(!PageRequest::forDelivery(d, QString(), 1000, &error));
        QVERIFY2(
            error.contains(QStringLiteral("no routing key in the keychain entry contact:amara:3")),
            qPrintable(error));

        d.kind = QStringLiteral("opsgenie");
        r = PageRequest::forDelivery(d, QStringLiteral("G3NIE"), 1000, &error);
        QVERIFY(r && r->headers.contains("Authorization: GenieKey G3NIE"));

        d.kind = QStringLiteral("ntfy");
        r = PageRequest::forDelivery(d, QStringLiteral("tk_1"), 1000, &error);
        QVERIFY(r && r->headers.contains("Authorization: Bearer tk_1"));
        r = PageRequest::forDelivery(d, QString(), 1000, &error);
        QVERIFY(r && r->headers.isEmpty());

        d.kind = QStringLiteral("slack");
        d.target.clear(); // the URL is the secret
        r = PageRequest::forDelivery(d, QStringLiteral("https://hooks.slack.com/services/T/B/x"),
                                     1000, &error);
        QVERIFY(r);
        QCOMPARE(r->url, QStringLiteral("https://hooks.slack.com/services/T/B/x"));
        QVERIFY(!PageRequest::forDelivery(d, QStringLiteral("not a url"), 1000, &error));
        QVERIFY2(error.contains(
                     QStringLiteral("contact:amara:3 does not hold the webhook's http(s) URL")),
                 qPrintable(error));

        d.kind = QStringLiteral("webhook");
        d.target = QStringLiteral("https://hooks.example.org/wk");
        d.json = QStringLiteral("{}");
        r = PageRequest::forDelivery(d, QStringLiteral("key"), 1700000000, &error);
        QVERIFY(r);
        QVERIFY(r->headers.contains("X-Watchkeeper-Signature: t=1700000000,v1=" +
                                    PageRequest::signature("key", 1700000000, "{}")));
    }
};

QTEST_GUILESS_MAIN(tst_PagePayload)
#include "tst_pagepayload.moc"
