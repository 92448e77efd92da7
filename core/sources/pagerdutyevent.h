#pragma once

#include "externalevent.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace wk {

// Reads one event in the style of the PagerDuty Events API v2: event_action trigger,
// acknowledge or resolve, tied together by dedup_key. A trigger without a dedup_key gets
// a fresh one (the receiver answers with it, as PagerDuty does). Nothing, with *error
// naming the field, when the body is not such an event.
class PagerDutyEvent
{
public:
    static std::optional<ExternalEvent> parse(const QByteArray &body, QString *error);
};

} // namespace wk
