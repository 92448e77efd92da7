#include "pagepayload.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>

namespace wk {

namespace {

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// Services cut or refuse long fields; cutting here keeps the end of a word readable.
QString clipped(const QString &text, qsizetype max)
{
    return text.size() <= max ? text : text.left(max - 1) + QChar(0x2026);
}

// Slack's and Mattermost's mrkdwn treats these three as markup.
QString mrkdwnEscaped(QString text)
{
    return text.replace(QLatin1Char('&'), QLatin1String("&amp;"))
        .replace(QLatin1Char('<'), QLatin1String("&lt;"))
        .replace(QLatin1Char('>'), QLatin1String("&gt;"));
}

QString severityLabel(Severity s)
{
    return severityName(s).toUpper();
}

QJsonObject plainText(const QString &text)
{
    return {{QStringLiteral("type"), QStringLiteral("plain_text")},
            {QStringLiteral("text"), text},
            {QStringLiteral("emoji"), true}};
}

QJsonObject mrkdwn(const QString &text)
{
    return {{QStringLiteral("type"), QStringLiteral("mrkdwn")}, {QStringLiteral("text"), text}};
}

QString actionName(PagePayload::Action action)
{
    switch (action) {
    case PagePayload::Action::Trigger:
        return QStringLiteral("trigger");
    case PagePayload::Action::Acknowledge:
        return QStringLiteral("acknowledge");
    case PagePayload::Action::Resolve:
        return QStringLiteral("resolve");
    }
    return {};
}

} // namespace

PagePayload::PagePayload(AlertMessage message, QString step)
    : m_message(std::move(message)), m_step(std::move(step))
{}

QString PagePayload::colour(Severity severity)
{
    switch (severity) {
    case Severity::Critical:
        return QStringLiteral("#C62828");
    case Severity::High:
        return QStringLiteral("#EF6C00");
    case Severity::Medium:
        return QStringLiteral("#F9A825");
    }
    return QStringLiteral("#9E9E9E");
}

QByteArray PagePayload::slack() const
{
    const AlertMessage &m = m_message;
    QJsonArray blocks;
    blocks << QJsonObject{{QStringLiteral("type"), QStringLiteral("header")},
                          {QStringLiteral("text"), plainText(clipped(m.title, 150))}};
    if (!m.intro.isEmpty())
        blocks << QJsonObject{{QStringLiteral("type"), QStringLiteral("section")},
                              {QStringLiteral("text"), mrkdwn(mrkdwnEscaped(m.intro))}};
    QJsonArray fields;
    for (const auto &[label, value] : m.facts) {
        if (fields.size() == 10) // Slack's limit per section
            break;
        fields << mrkdwn(
            clipped(QStringLiteral("*%1*\n%2").arg(label, mrkdwnEscaped(value)), 2000));
    }
    if (!fields.isEmpty())
        blocks << QJsonObject{{QStringLiteral("type"), QStringLiteral("section")},
                              {QStringLiteral("fields"), fields}};
    if (!m.runbook.isEmpty())
        blocks << QJsonObject{
            {QStringLiteral("type"), QStringLiteral("section")},
            {QStringLiteral("text"),
             mrkdwn(clipped(QStringLiteral("*Runbook*\n```%1```").arg(mrkdwnEscaped(m.runbook)),
                            3000))}};
    if (!m.links.isEmpty()) {
        QJsonArray buttons;
        for (const AlertMessage::Link &link : m.links) {
            QJsonObject button{{QStringLiteral("type"), QStringLiteral("button")},
                               {QStringLiteral("text"), plainText(link.label)},
                               {QStringLiteral("url"), link.url}};
            if (buttons.isEmpty())
                button.insert(QStringLiteral("style"), QStringLiteral("primary"));
            buttons << button;
        }
        blocks << QJsonObject{{QStringLiteral("type"), QStringLiteral("actions")},
                              {QStringLiteral("elements"), buttons}};
    }
    blocks << QJsonObject{
        {QStringLiteral("type"), QStringLiteral("context")},
        {QStringLiteral("elements"),
         QJsonArray{mrkdwn(mrkdwnEscaped(QStringLiteral("Watchkeeper · %1").arg(m.key)))}}};
    // The colour bar is an attachment's; the top-level text is what notifications show.
    const QJsonObject attachment{{QStringLiteral("color"), colour(m.severity)},
                                 {QStringLiteral("fallback"), m.subject},
                                 {QStringLiteral("blocks"), blocks}};
    return compact({{QStringLiteral("text"), mrkdwnEscaped(m.subject)},
                    {QStringLiteral("attachments"), QJsonArray{attachment}}});
}

QByteArray PagePayload::teams() const
{
    const AlertMessage &m = m_message;
    const QString style = m.severity == Severity::Critical ? QStringLiteral("attention")
                          : m.severity == Severity::High   ? QStringLiteral("warning")
                                                           : QStringLiteral("accent");
    QJsonArray heading{QJsonObject{{QStringLiteral("type"), QStringLiteral("TextBlock")},
                                   {QStringLiteral("text"), m.title},
                                   {QStringLiteral("size"), QStringLiteral("Large")},
                                   {QStringLiteral("weight"), QStringLiteral("Bolder")},
                                   {QStringLiteral("wrap"), true}}};
    if (!m.intro.isEmpty())
        heading << QJsonObject{{QStringLiteral("type"), QStringLiteral("TextBlock")},
                               {QStringLiteral("text"), m.intro},
                               {QStringLiteral("wrap"), true}};
    QJsonArray body{QJsonObject{{QStringLiteral("type"), QStringLiteral("Container")},
                                {QStringLiteral("style"), style},
                                {QStringLiteral("bleed"), true},
                                {QStringLiteral("items"), heading}}};
    QJsonArray facts;
    for (const auto &[label, value] : m.facts)
        facts << QJsonObject{{QStringLiteral("title"), label}, {QStringLiteral("value"), value}};
    body << QJsonObject{{QStringLiteral("type"), QStringLiteral("FactSet")},
                        {QStringLiteral("facts"), facts}};
    if (!m.runbook.isEmpty()) {
        body << QJsonObject{{QStringLiteral("type"), QStringLiteral("TextBlock")},
                            {QStringLiteral("text"), QStringLiteral("Runbook")},
                            {QStringLiteral("weight"), QStringLiteral("Bolder")}};
        body << QJsonObject{{QStringLiteral("type"), QStringLiteral("TextBlock")},
                            {QStringLiteral("text"), m.runbook},
                            {QStringLiteral("fontType"), QStringLiteral("Monospace")},
                            {QStringLiteral("wrap"), true}};
    }
    QJsonObject card{
        {QStringLiteral("$schema"),
         QStringLiteral("http://adaptivecards.io/schemas/adaptive-card.json")},
        {QStringLiteral("type"), QStringLiteral("AdaptiveCard")},
        {QStringLiteral("version"), QStringLiteral("1.4")},
        {QStringLiteral("msteams"), QJsonObject{{QStringLiteral("width"), QStringLiteral("Full")}}},
        {QStringLiteral("body"), body}};
    if (!m.links.isEmpty()) {
        QJsonArray actions;
        for (const AlertMessage::Link &link : m.links)
            actions << QJsonObject{{QStringLiteral("type"), QStringLiteral("Action.OpenUrl")},
                                   {QStringLiteral("title"), link.label},
                                   {QStringLiteral("url"), link.url}};
        card.insert(QStringLiteral("actions"), actions);
    }
    const QJsonObject attachment{
        {QStringLiteral("contentType"), QStringLiteral("application/vnd.microsoft.card.adaptive")},
        {QStringLiteral("contentUrl"), QJsonValue::Null},
        {QStringLiteral("content"), card}};
    return compact({{QStringLiteral("type"), QStringLiteral("message")},
                    {QStringLiteral("summary"), m.subject},
                    {QStringLiteral("attachments"), QJsonArray{attachment}}});
}

QByteArray PagePayload::mattermost() const
{
    const AlertMessage &m = m_message;
    QJsonArray fields;
    for (const auto &[label, value] : m.facts)
        fields << QJsonObject{{QStringLiteral("short"), value.size() <= 40},
                              {QStringLiteral("title"), label},
                              {QStringLiteral("value"), value}};
    QStringList text;
    if (!m.intro.isEmpty())
        text << m.intro;
    if (!m.runbook.isEmpty())
        text << QStringLiteral("**Runbook**\n```\n%1\n```").arg(m.runbook);
    // Mattermost's buttons call back into an integration; plain links need none.
    QStringList links;
    for (const AlertMessage::Link &link : m.links)
        links << QStringLiteral("[%1](%2)").arg(link.label, link.url);
    if (!links.isEmpty())
        text << links.join(QStringLiteral(" · "));
    const QJsonObject attachment{
        {QStringLiteral("fallback"), m.subject},
        {QStringLiteral("color"), colour(m.severity)},
        {QStringLiteral("title"), m.title},
        {QStringLiteral("text"), text.join(QStringLiteral("\n\n"))},
        {QStringLiteral("fields"), fields},
        {QStringLiteral("footer"), QStringLiteral("Watchkeeper · %1").arg(m.key)}};
    return compact({{QStringLiteral("username"), QStringLiteral("Watchkeeper")},
                    {QStringLiteral("text"), m.subject},
                    {QStringLiteral("attachments"), QJsonArray{attachment}}});
}

QByteArray PagePayload::googleChat() const
{
    const AlertMessage &m = m_message;
    QJsonArray facts;
    for (const auto &[label, value] : m.facts) {
        // Chat's card text takes a little HTML: the severity in its colour.
        const QString shown = label == QLatin1String("Severity")
                                  ? QStringLiteral("<font color=\"%1\"><b>%2</b></font>")
                                        .arg(colour(m.severity), value.toHtmlEscaped())
                                  : value.toHtmlEscaped();
        facts << QJsonObject{
            {QStringLiteral("decoratedText"), QJsonObject{{QStringLiteral("topLabel"), label},
                                                          {QStringLiteral("text"), shown},
                                                          {QStringLiteral("wrapText"), true}}}};
    }
    QJsonArray sections;
    if (!m.intro.isEmpty())
        sections << QJsonObject{
            {QStringLiteral("widgets"),
             QJsonArray{
                 QJsonObject{{QStringLiteral("textParagraph"),
                              QJsonObject{{QStringLiteral("text"), m.intro.toHtmlEscaped()}}}}}}};
    // The facts that decide whether to get up stay open; the rest fold away.
    sections << QJsonObject{
        {QStringLiteral("header"), QStringLiteral("Alert")},
        {QStringLiteral("collapsible"), facts.size() > 4},
        {QStringLiteral("uncollapsibleWidgetsCount"), qMin<qsizetype>(4, facts.size())},
        {QStringLiteral("widgets"), facts}};
    if (!m.runbook.isEmpty())
        sections << QJsonObject{
            {QStringLiteral("header"), QStringLiteral("Runbook")},
            {QStringLiteral("collapsible"), true},
            {QStringLiteral("widgets"),
             QJsonArray{
                 QJsonObject{{QStringLiteral("textParagraph"),
                              QJsonObject{{QStringLiteral("text"),
                                           m.runbook.toHtmlEscaped().replace(
                                               QLatin1Char('\n'), QLatin1String("<br>"))}}}}}}};
    if (!m.links.isEmpty()) {
        QJsonArray buttons;
        for (const AlertMessage::Link &link : m.links)
            buttons << QJsonObject{{QStringLiteral("text"), link.label},
                                   {QStringLiteral("onClick"),
                                    QJsonObject{{QStringLiteral("openLink"),
                                                 QJsonObject{{QStringLiteral("url"), link.url}}}}}};
        sections << QJsonObject{
            {QStringLiteral("widgets"),
             QJsonArray{QJsonObject{{QStringLiteral("buttonList"),
                                     QJsonObject{{QStringLiteral("buttons"), buttons}}}}}}};
    }
    const QJsonObject card{
        {QStringLiteral("header"),
         QJsonObject{{QStringLiteral("title"), m.title},
                     {QStringLiteral("subtitle"),
                      QStringLiteral("%1 · Watchkeeper").arg(severityLabel(m.severity))}}},
        {QStringLiteral("sections"), sections}};
    QString cardId = QStringLiteral("watchkeeper-%1").arg(m.key);
    cardId.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_-]")), QStringLiteral("-"));
    return compact(
        {{QStringLiteral("text"), m.subject},
         {QStringLiteral("cardsV2"), QJsonArray{QJsonObject{{QStringLiteral("cardId"), cardId},
                                                            {QStringLiteral("card"), card}}}}});
}

QByteArray PagePayload::ntfy(const QString &topic) const
{
    const AlertMessage &m = m_message;
    // A phone shows a few lines: the facts that decide whether to get up, then the runbook.
    QStringList lines;
    if (!m.intro.isEmpty())
        lines << m.intro;
    for (const auto &[label, value] : m.facts)
        lines << QStringLiteral("%1: %2").arg(label, value);
    if (!m.runbook.isEmpty())
        lines << QString() << m.runbook;
    const int priority = m.severity == Severity::Critical ? 5
                         : m.severity == Severity::High   ? 4
                                                          : 3;
    const QString tag = m.severity == Severity::Critical ? QStringLiteral("rotating_light")
                        : m.severity == Severity::High   ? QStringLiteral("warning")
                                                         : QStringLiteral("large_orange_diamond");
    QJsonObject o{{QStringLiteral("topic"), topic},
                  {QStringLiteral("title"), m.subject},
                  {QStringLiteral("message"), lines.join(QLatin1Char('\n'))},
                  {QStringLiteral("priority"), priority},
                  {QStringLiteral("tags"), QJsonArray{tag, QStringLiteral("watchkeeper")}}};
    if (!m.links.isEmpty()) {
        QJsonArray actions;
        for (const AlertMessage::Link &link : m.links.mid(0, 3)) // ntfy shows three at most
            actions << QJsonObject{{QStringLiteral("action"), QStringLiteral("view")},
                                   {QStringLiteral("label"), link.label},
                                   {QStringLiteral("url"), link.url}};
        o.insert(QStringLiteral("actions"), actions);
        o.insert(QStringLiteral("click"), m.links.constFirst().url);
    }
    return compact(o);
}

QByteArray PagePayload::pagerDuty(Action action) const
{
    const AlertMessage &m = m_message;
    QJsonObject o{{QStringLiteral("routing_key"), QString()},
                  {QStringLiteral("event_action"), actionName(action)},
                  {QStringLiteral("dedup_key"), clipped(m.key, 255)}};
    if (action != Action::Trigger)
        return compact(o);
    const QString severity = m.severity == Severity::Critical ? QStringLiteral("critical")
                             : m.severity == Severity::High   ? QStringLiteral("error")
                                                              : QStringLiteral("warning");
    QJsonObject details = m.details;
    if (!m.runbook.isEmpty())
        details.insert(QStringLiteral("runbook"), m.runbook);
    QJsonObject payload{{QStringLiteral("summary"), clipped(m.subject, 1024)},
                        {QStringLiteral("source"), QStringLiteral("watchkeeper")},
                        {QStringLiteral("severity"), severity},
                        {QStringLiteral("custom_details"), details}};
    const QString pipeline = m.details.value(QStringLiteral("pipeline")).toString();
    if (!pipeline.isEmpty()) {
        payload.insert(QStringLiteral("component"), pipeline);
        payload.insert(QStringLiteral("group"), pipeline);
    }
    if (const QString kind = m.details.value(QStringLiteral("rule_kind")).toString();
        !kind.isEmpty())
        payload.insert(QStringLiteral("class"), kind);
    if (const QString at = m.details.value(QStringLiteral("triggered_at")).toString();
        !at.isEmpty())
        payload.insert(QStringLiteral("timestamp"), at);
    o.insert(QStringLiteral("payload"), payload);
    o.insert(QStringLiteral("client"), QStringLiteral("Watchkeeper"));
    if (!m.links.isEmpty()) {
        QJsonArray links;
        for (const AlertMessage::Link &link : m.links)
            links << QJsonObject{{QStringLiteral("href"), link.url},
                                 {QStringLiteral("text"), link.label}};
        o.insert(QStringLiteral("links"), links);
    }
    return compact(o);
}

QByteArray PagePayload::opsgenie(Action action) const
{
    const AlertMessage &m = m_message;
    if (action != Action::Trigger)
        return compact({{QStringLiteral("source"), QStringLiteral("Watchkeeper")},
                        {QStringLiteral("note"), action == Action::Acknowledge
                                                     ? QStringLiteral("Acknowledged in Watchkeeper")
                                                     : QStringLiteral("Resolved in Watchkeeper")}});
    const QString priority = m.severity == Severity::Critical ? QStringLiteral("P1")
                             : m.severity == Severity::High   ? QStringLiteral("P2")
                                                              : QStringLiteral("P3");
    // Opsgenie's details are a map of strings.
    QJsonObject details;
    for (auto it = m.details.constBegin(); it != m.details.constEnd(); ++it)
        details.insert(it.key(), it->isString() ? it->toString() : it->toVariant().toString());
    QJsonObject o{{QStringLiteral("message"), clipped(m.subject, 130)},
                  {QStringLiteral("alias"), clipped(m.key, 512)},
                  {QStringLiteral("description"), clipped(m.text, 15000)},
                  {QStringLiteral("priority"), priority},
                  {QStringLiteral("source"), QStringLiteral("Watchkeeper")},
                  {QStringLiteral("tags"),
                   QJsonArray{QStringLiteral("watchkeeper"), severityName(m.severity)}},
                  {QStringLiteral("details"), details}};
    if (const QString pipeline = m.details.value(QStringLiteral("pipeline")).toString();
        !pipeline.isEmpty())
        o.insert(QStringLiteral("entity"), pipeline);
    return compact(o);
}

QString PagePayload::opsgeniePath(const QString &alertKey, Action action)
{
    if (action == Action::Trigger)
        return QStringLiteral("/v2/alerts");
    const QString alias = QString::fromLatin1(QUrl::toPercentEncoding(alertKey));
    return QStringLiteral("/v2/alerts/%1/%2?identifierType=alias")
        .arg(alias, action == Action::Acknowledge ? QStringLiteral("acknowledge")
                                                  : QStringLiteral("close"));
}

QByteArray PagePayload::webhook() const
{
    QJsonObject o = m_message.details;
    o.insert(QStringLiteral("step"), m_step);
    o.insert(QStringLiteral("title"), m_message.title);
    o.insert(QStringLiteral("summary"), m_message.subject);
    o.insert(QStringLiteral("text"), m_message.text);
    if (!m_message.links.isEmpty()) {
        QJsonObject links;
        for (const AlertMessage::Link &link : m_message.links)
            links.insert(link.label.toLower(), link.url);
        o.insert(QStringLiteral("links"), links);
    }
    return compact(o);
}

QByteArray PagePayload::forKind(ContactMethod::Kind kind, Action action, const QString &topic) const
{
    using K = ContactMethod::Kind;
    switch (kind) {
    case K::Slack:
        return slack();
    case K::Teams:
        return teams();
    case K::Mattermost:
        return mattermost();
    case K::GoogleChat:
        return googleChat();
    case K::Ntfy:
        return ntfy(topic);
    case K::PagerDuty:
        return pagerDuty(action);
    case K::Opsgenie:
        return opsgenie(action);
    case K::Webhook:
        return webhook();
    case K::Email:
    case K::Desktop:
        return {};
    }
    return {};
}

} // namespace wk
