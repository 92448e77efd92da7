#pragma once

#include "contactmethod.h"

#include <QList>
#include <QString>
#include <QTime>

#include <optional>

namespace wk {

// Hours in a person's own time zone when pages of some severities wait for the morning.
// from > to spans midnight (22:00-08:00).
struct QuietHours
{
    QTime from;
    QTime to;
    QList<Severity> hold = {Severity::Medium}; // what waits; critical always goes through

    bool operator==(const QuietHours &) const = default;
};

// Someone who owns pipelines and takes on-call shifts.
struct Person
{
    QString id;
    QString name;
    QString email;
    QString timeZone;                   // IANA id, e.g. "Europe/Berlin"
    QList<ContactMethod> contacts = {}; // in the order to try them
    std::optional<QuietHours> quietHours = {};
    // How long before each of their shifts they are reminded of it; 0: no reminders.
    qint64 shiftReminderSeconds = 3600;
    bool handoffDigest = true; // the week's handoff report at each handoff of their rotations
    bool shiftChanges = true;  // told when an override or a re-plan moves their shifts

    bool operator==(const Person &) const = default;
};

} // namespace wk
