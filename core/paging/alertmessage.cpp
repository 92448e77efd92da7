#include "alertmessage.h"

#include <QDateTime>
#include <QLocale>
#include <QTimeZone>

namespace wk {

namespace {

QTimeZone zoneOf(const Person *person)
{
    if (person && QTimeZone::isTimeZoneIdAvailable(person->timeZone.toUtf8()))
        return QTimeZone(person->timeZone.toUtf8());
    return QTimeZone::utc();
}

QString when(TimestampNs at, const QTimeZone &zone)
{
    const QDateTime t = toDateTime(at).toTimeZone(zone);
    return QStringLiteral("%1 %2").arg(t.toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                                       zone.abbreviation(t));
}

// The runbook's opening lines: enough to start, short enough for a phone's screen.
QString runbookStart(const Runbook *book, int lines)
{
    if (!book)
        return {};
    QStringList out;
    for (const QString &line : book->markdown.split(QLatin1Char('\n'))) {
        if (line.trimmed().isEmpty())
            continue;
        out << line.trimmed();
        if (out.size() == lines)
            break;
    }
    return out.join(QLatin1Char('\n'));
}

QString htmlRows(const QList<std::pair<QString, QString>> &rows)
{
    QString html;
    for (const auto &[label, value] : rows)
        html += QStringLiteral("<tr><th align=\"left\" style=\"padding-right:12px\">%1</th>"
                               "<td>%2</td></tr>\n")
                    .arg(label.toHtmlEscaped(), value.toHtmlEscaped());
    return html;
}

} // namespace

AlertMessage AlertMessage::forAlert(const Alert &alert, const Workspace &ws,
                                    const QString &personId)
{
    const QTimeZone zone = zoneOf(ws.person(personId));
    const Pipeline *pipeline = ws.pipeline(alert.pipelineId);
    const QString pipelineName = pipeline ? pipeline->name : alert.pipelineId;
    const QString severity = severityName(alert.severity).toUpper();

    QList<std::pair<QString, QString>> rows;
    rows << std::pair(QStringLiteral("Severity"), severity)
         << std::pair(QStringLiteral("Pipeline"), pipelineName);
    if (!alert.subject.isEmpty())
        rows << std::pair(QStringLiteral("Subject"), alert.subject);
    if (!alert.customerId.isEmpty()) {
        const Customer *c = ws.customer(alert.customerId);
        rows << std::pair(
            QStringLiteral("Customer"),
            QStringLiteral("%1, %2 a month at stake")
                .arg(c ? c->name : alert.customerId, QLocale::c().toString(alert.revenue, 'f', 0)));
    }
    rows << std::pair(QStringLiteral("Raised"), when(alert.triggeredAt, zone));
    if (alert.ackBy > 0)
        rows << std::pair(QStringLiteral("Acknowledge by"), when(alert.ackBy, zone));
    rows << std::pair(QStringLiteral("Alert"),
                      QStringLiteral("#%1 (%2)").arg(alert.id).arg(alert.dedupKey));

    AlertMessage m;
    m.key = alert.dedupKey;
    m.subject = QStringLiteral("[%1] %2 — %3").arg(severity, alert.title, pipelineName);
    m.title = alert.title;
    m.severity = alert.severity;
    m.facts = rows;
    m.details = {
        {QStringLiteral("id"), alert.id},
        {QStringLiteral("key"), alert.dedupKey},
        {QStringLiteral("severity"), severityName(alert.severity)},
        {QStringLiteral("state"), alertStateName(alert.state)},
        {QStringLiteral("rule_kind"), alert.ruleKind},
        {QStringLiteral("pipeline"), alert.pipelineId},
        {QStringLiteral("pipeline_name"), pipelineName},
        {QStringLiteral("subject"), alert.subject},
        {QStringLiteral("customer"), alert.customerId},
        {QStringLiteral("revenue"), alert.revenue},
        {QStringLiteral("assignee"), alert.assignee},
        {QStringLiteral("triggered_at"), toDateTime(alert.triggeredAt).toString(Qt::ISODateWithMs)},
        {QStringLiteral("ack_by"), toDateTime(alert.ackBy).toString(Qt::ISODateWithMs)},
    };
    QString text = alert.title + QStringLiteral("\n\n");
    for (const auto &[label, value] : rows)
        text += QStringLiteral("%1: %2\n").arg(label, value);
    if (!alert.evidence.isEmpty())
        text += QStringLiteral("\nWhat the rule saw:\n%1\n").arg(alert.evidence);
    const QString runbook = runbookStart(ws.runbook(alert.pipelineId), 5);
    if (!runbook.isEmpty())
        text += QStringLiteral("\nRunbook:\n%1\n").arg(runbook);
    m.text = text;
    m.runbook = runbook;
    m.html = QStringLiteral("<html><body>\n<h2>%1</h2>\n<table>\n%2</table>\n")
                 .arg(alert.title.toHtmlEscaped(), htmlRows(rows));
    if (!alert.evidence.isEmpty())
        m.html += QStringLiteral("<h3>What the rule saw</h3>\n<pre>%1</pre>\n")
                      .arg(alert.evidence.toHtmlEscaped());
    if (!runbook.isEmpty())
        m.html += QStringLiteral("<h3>Runbook</h3>\n<pre>%1</pre>\n").arg(runbook.toHtmlEscaped());
    m.html += QStringLiteral("</body></html>\n");
    return m;
}

void AlertMessage::addLinks(const QList<Link> &add)
{
    links += add;
    QString lines;
    QString html;
    for (const Link &l : add) {
        lines += QStringLiteral("%1: %2\n").arg(l.label, l.url);
        html += QStringLiteral("<a href=\"%1\" style=\"margin-right:16px\">%2</a>")
                    .arg(l.url.toHtmlEscaped(), l.label.toHtmlEscaped());
    }
    text += QStringLiteral("\n") + lines;
    this->html.replace(QStringLiteral("</body></html>"),
                       QStringLiteral("<p>%1</p>\n</body></html>").arg(html));
}

void AlertMessage::sayNoLinks()
{
    const QString note = QStringLiteral("Acknowledge or resolve it in the Watchkeeper console "
                                        "(this workspace's receiver is off, so pages carry no "
                                        "links).");
    text += QStringLiteral("\n") + note + QLatin1Char('\n');
    html.replace(QStringLiteral("</body></html>"),
                 QStringLiteral("<p>%1</p>\n</body></html>").arg(note.toHtmlEscaped()));
}

AlertMessage AlertMessage::test(const Person &person, const QString &workspaceName)
{
    const QTimeZone zone = zoneOf(&person);
    const QString now = when(toTimestamp(QDateTime::currentDateTimeUtc()), zone);
    AlertMessage m;
    m.key = QStringLiteral("test:%1").arg(person.id);
    m.subject = QStringLiteral("Watchkeeper test message for %1").arg(person.name);
    m.title = m.subject;
    m.intro = QStringLiteral("If you can read this, pages for alerts reach you this way.");
    m.details = {{QStringLiteral("test"), true}, {QStringLiteral("person"), person.id}};
    m.facts = {{QStringLiteral("Workspace"), workspaceName}, {QStringLiteral("Sent"), now}};
    m.text = QStringLiteral("Hello %1,\n\nthis is a test message from Watchkeeper (%2), sent at "
                            "%3. If you can read it, pages for alerts reach you this way.\n")
                 .arg(person.name, workspaceName, now);
    m.html = QStringLiteral("<html><body>\n<p>Hello %1,</p>\n<p>this is a test message from "
                            "Watchkeeper (%2), sent at %3. If you can read it, pages for alerts "
                            "reach you this way.</p>\n</body></html>\n")
                 .arg(person.name.toHtmlEscaped(), workspaceName.toHtmlEscaped(), now);
    return m;
}

} // namespace wk
