#pragma once

#include "domain/alert.h"
#include "domain/workspace.h"

#include <QString>

namespace wk {

// What a page says, written once and carried by every contact method: a subject line, the
// same news as plain text and as HTML, and the alert's key so a receiver can deduplicate.
struct AlertMessage
{
    QString key; // the alert's dedup key; "test:<person>" for a test message
    QString subject;
    QString text;
    QString html;

    // The page for one alert, for the person it goes to: times in their zone, the pipeline,
    // who is hit and what it costs, the ack-by deadline and the first lines of the runbook.
    static AlertMessage forAlert(const Alert &alert, const Workspace &workspace,
                                 const QString &personId);
    // What "notify test" and Settings' Send test send.
    static AlertMessage test(const Person &person, const QString &workspaceName);
};

} // namespace wk
