#pragma once

#include "actionlink.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <utility>

namespace wk {

// The small pages an acknowledge or resolve link opens on a phone: the question with one
// button (the only thing that acts), the outcome, or why the link does nothing. Plain
// HTML with inline style, no script, readable on a small screen.
class ActionLinkPage
{
public:
    struct Facts
    {
        QString alertTitle;
        QString pipeline;
        QString severity;
        QString state;
        QString personName;
    };

    static QByteArray confirm(const ActionLink &link, const Facts &facts);
    static QByteArray done(const ActionLink &link, const Facts &facts);
    static QByteArray refused(const QString &heading, const QString &reason);

    // A swap or cover request's link: the question (take it, say no, approve, refuse) with
    // the facts as label and value, and the page after the press.
    static QByteArray confirmRequest(const ActionLink &link, const QString &question,
                                     const QList<std::pair<QString, QString>> &facts);
    static QByteArray requestDone(const QString &outcome,
                                  const QList<std::pair<QString, QString>> &facts);
};

} // namespace wk
