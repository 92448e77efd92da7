#include "actionlinkpage.h"

namespace wk {

namespace {

QByteArray page(const QString &title, const QString &body)
{
    return QStringLiteral(
               "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
               "<meta name=\"robots\" content=\"noindex\"><title>%1 — Watchkeeper</title>"
               "<style>body{font-family:system-ui,sans-serif;margin:2em auto;max-width:32em;"
               "padding:0 1em;color:#1b1b1b}h1{font-size:1.3em}dt{color:#666;font-size:.85em}"
               "dd{margin:0 0 .6em 0}button{font-size:1.1em;padding:.7em 1.4em;border:0;"
               "border-radius:6px;background:#1565c0;color:#fff}p.note{color:#666;"
               "font-size:.85em}</style></head><body>\n%2\n</body></html>\n")
        .arg(title.toHtmlEscaped(), body)
        .toUtf8();
}

QString factsList(const ActionLinkPage::Facts &f, qint64 alertId)
{
    return QStringLiteral("<dl><dt>Alert</dt><dd id=\"alert\">#%1 %2</dd><dt>Pipeline</dt>"
                          "<dd>%3</dd><dt>Severity</dt><dd>%4</dd><dt>Now</dt>"
                          "<dd id=\"state\">%5</dd></dl>")
        .arg(alertId)
        .arg(f.alertTitle.toHtmlEscaped(), f.pipeline.toHtmlEscaped(), f.severity.toHtmlEscaped(),
             f.state.toHtmlEscaped());
}

QString capitalised(QString text)
{
    if (!text.isEmpty())
        text[0] = text.at(0).toUpper();
    return text;
}

QString factsOf(const QList<std::pair<QString, QString>> &facts)
{
    QString out = QStringLiteral("<dl id=\"request\">");
    for (const auto &[label, value] : facts)
        out += QStringLiteral("<dt>%1</dt><dd>%2</dd>")
                   .arg(label.toHtmlEscaped(), value.toHtmlEscaped());
    return out + QStringLiteral("</dl>");
}

} // namespace

QByteArray ActionLinkPage::confirmRequest(const ActionLink &link, const QString &question,
                                          const QList<std::pair<QString, QString>> &facts)
{
    const QString verb = link.action == ActionLink::Action::Take ? QStringLiteral("Take it")
                                                                 : capitalised(link.actionName());
    return page(question, QStringLiteral("<h1 id=\"question\">%1</h1>\n%2\n"
                                         "<form method=\"post\"><button type=\"submit\" "
                                         "id=\"confirm\">%3</button></form>\n"
                                         "<p class=\"note\">Nothing happens until you press the "
                                         "button.</p>")
                              .arg(question.toHtmlEscaped(), factsOf(facts), verb));
}

QByteArray ActionLinkPage::requestDone(const QString &outcome,
                                       const QList<std::pair<QString, QString>> &facts)
{
    return page(outcome, QStringLiteral("<h1 id=\"outcome\">%1</h1>\n%2")
                             .arg(outcome.toHtmlEscaped(), factsOf(facts)));
}

QByteArray ActionLinkPage::confirm(const ActionLink &link, const Facts &f)
{
    const QString verb = capitalised(link.actionName());
    return page(QStringLiteral("%1 alert #%2").arg(verb).arg(link.alertId),
                QStringLiteral("<h1>%1 this alert as %2?</h1>\n%3\n"
                               "<form method=\"post\"><button type=\"submit\" id=\"confirm\">"
                               "%1 alert #%4</button></form>\n"
                               "<p class=\"note\">Nothing happens until you press the button. "
                               "The link works once.</p>")
                    .arg(verb, f.personName.toHtmlEscaped(), factsList(f, link.alertId))
                    .arg(link.alertId));
}

QByteArray ActionLinkPage::done(const ActionLink &link, const Facts &f)
{
    return page(QStringLiteral("Alert #%1 %2").arg(link.alertId).arg(link.doneName()),
                QStringLiteral("<h1 id=\"outcome\">Alert #%1 is %2.</h1>\n%3\n"
                               "<p class=\"note\">The alert's timeline says: %2 by %4 via %5 "
                               "link.</p>")
                    .arg(link.alertId)
                    .arg(link.doneName(), factsList(f, link.alertId), f.personName.toHtmlEscaped(),
                         link.via.toHtmlEscaped()));
}

QByteArray ActionLinkPage::refused(const QString &heading, const QString &reason)
{
    return page(heading, QStringLiteral("<h1 id=\"outcome\">%1</h1>\n<p id=\"reason\">%2</p>")
                             .arg(heading.toHtmlEscaped(), reason.toHtmlEscaped()));
}

} // namespace wk
