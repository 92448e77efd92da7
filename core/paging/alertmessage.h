#pragma once

#include "domain/alert.h"
#include "domain/workspace.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <utility>

namespace wk {

// What a page says, written once and carried by every contact method: a subject line, the
// same news as plain text and as HTML, and the alert's key so a receiver can deduplicate.
struct AlertMessage
{
    struct Link
    {
        QString label; // "Acknowledge"
        QString url;
        bool operator==(const Link &) const = default;
    };

    QString key; // the alert's dedup key; "test:<person>" for a test message
    QString subject;
    QString text;
    QString html;
    // The same news in parts, for the cards chat services draw: the heading, its severity,
    // labelled facts in the reader's time zone, the runbook's first lines, and buttons.
    QString title = {};
    QString intro = {}; // a sentence under the heading, when there is one to say
    Severity severity = Severity::Medium;
    QList<std::pair<QString, QString>> facts = {};
    QString runbook = {};
    QList<Link> links = {};
    // The facts as data, for services that take them as fields: id, pipeline, customer,
    // revenue, times in UTC, rule kind.
    QJsonObject details = {};

    // The page for one alert, for the person it goes to: times in their zone, the pipeline,
    // who is hit and what it costs, the ack-by deadline and the first lines of the runbook.
    static AlertMessage forAlert(const Alert &alert, const Workspace &workspace,
                                 const QString &personId);
    // Puts the acknowledge and resolve links in the message (its text and HTML too).
    void addLinks(const QList<Link> &links);
    // Says that the message carries no links, and where to act instead.
    void sayNoLinks();

    // What "notify test" and Settings' Send test send.
    static AlertMessage test(const Person &person, const QString &workspaceName);
};

} // namespace wk
