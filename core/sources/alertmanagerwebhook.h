#pragma once

#include "externalevent.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace wk {

// Reads the body of a Prometheus Alertmanager webhook notification (format version 4).
// Every alert in it becomes one event keyed by its fingerprint: "firing" triggers,
// "resolved" resolves. Nothing, with *error naming the field, when the body is not one.
class AlertmanagerWebhook
{
public:
    static std::optional<QList<ExternalEvent>> parse(const QByteArray &body, QString *error);
    // How the "severity" label reads as a Watchkeeper severity; medium when unknown.
    static Severity severityOf(const QString &label);
};

} // namespace wk
