#pragma once

#include "contactmethod.h"

#include <QList>
#include <QString>

namespace wk {

// Someone who owns pipelines and takes on-call shifts.
struct Person
{
    QString id;
    QString name;
    QString email;
    QString timeZone;                   // IANA id, e.g. "Europe/Berlin"
    QList<ContactMethod> contacts = {}; // in the order to try them

    bool operator==(const Person &) const = default;
};

} // namespace wk
