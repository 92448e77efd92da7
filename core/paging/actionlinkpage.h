#pragma once

#include "actionlink.h"

#include <QByteArray>
#include <QString>

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
};

} // namespace wk
