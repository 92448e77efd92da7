#include "noticemessage.h"

namespace wk {

QTimeZone NoticeMessage::zone(const QString &name)
{
    return QTimeZone::isTimeZoneIdAvailable(name.toUtf8()) ? QTimeZone(name.toUtf8())
                                                           : QTimeZone::utc();
}

QString NoticeMessage::local(const QDateTime &t, const QTimeZone &zone)
{
    const QDateTime there = t.toTimeZone(zone);
    return QStringLiteral("%1 %2").arg(there.toString(QStringLiteral("ddd d MMM yyyy, HH:mm")),
                                       zone.abbreviation(there));
}

AlertMessage NoticeMessage::write(const QString &key, const QString &subject, const QString &title,
                                  const QString &intro,
                                  const QList<std::pair<QString, QString>> &facts,
                                  const QJsonObject &details, const QString &listHeading,
                                  const QStringList &list)
{
    AlertMessage m;
    m.key = key;
    m.subject = subject;
    m.title = title;
    m.intro = intro;
    m.severity = Severity::Medium;
    m.facts = facts;
    m.details = details;
    QString text = intro + QStringLiteral("\n\n");
    QString rows;
    for (const auto &[label, value] : facts) {
        text += QStringLiteral("%1: %2\n").arg(label, value);
        rows += QStringLiteral("<tr><th align=\"left\">%1</th><td>%2</td></tr>\n")
                    .arg(label.toHtmlEscaped(), value.toHtmlEscaped());
    }
    QString listHtml;
    if (!list.isEmpty()) {
        text += QStringLiteral("\n%1\n").arg(listHeading);
        listHtml = QStringLiteral("<p>%1</p>\n<ul>\n").arg(listHeading.toHtmlEscaped());
        for (const QString &line : list) {
            text += QStringLiteral("- %1\n").arg(line);
            listHtml += QStringLiteral("<li>%1</li>\n").arg(line.toHtmlEscaped());
        }
        listHtml += QStringLiteral("</ul>\n");
        // Chat cards show it where an alert's runbook goes.
        m.runbook = list.join(QLatin1Char('\n'));
    }
    m.text = text;
    m.html = QStringLiteral("<html><body>\n<h2>%1</h2>\n<p>%2</p>\n<table>\n%3</table>\n%4"
                            "</body></html>\n")
                 .arg(title.toHtmlEscaped(), intro.toHtmlEscaped(), rows, listHtml);
    return m;
}

} // namespace wk
