#pragma once

#include "domain/workspace.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace wk {

// The schedule half of a workspace (rotations, holidays, time off, overrides) as one JSON
// document, for the database store: calendars are stored with their days, so a console in
// team mode needs no access to the files they were read from.
namespace schedulejson {

QByteArray write(const Workspace &workspace);
// Fills the schedule sections of workspace; false with *error when the text is not such
// a document.
bool read(const QByteArray &json, Workspace &workspace, QString *error);

QJsonObject overrideToJson(const ScheduleOverride &o);
ScheduleOverride overrideFromJson(const QJsonObject &o);

} // namespace schedulejson
} // namespace wk
