#pragma once

#include "domain/workspace.h"

#include <QList>

#include <yaml-cpp/yaml.h>

namespace wk {

class YamlReader;

// One reader and one writer per top-level section of the workspace file, side by side in
// sections/<name>section.cpp: a new key is read and written in two neighbouring functions.
// A reader appends what it finds to the workspace and reports problems through the
// YamlReader; references to other sections are checked once all have been read, so the
// order below only matters where a section looks at one read before it.
void readPeople(YamlReader &r, const YAML::Node &root, Workspace &ws);
void writePeople(YAML::Emitter &out, const Workspace &ws);

void readTeams(YamlReader &r, const YAML::Node &root, Workspace &ws);
void writeTeams(YAML::Emitter &out, const Workspace &ws);

void readSlaPolicies(YamlReader &r, const YAML::Node &root, Workspace &ws);
void writeSlaPolicies(YAML::Emitter &out, const Workspace &ws);

void readCustomers(YamlReader &r, const YAML::Node &root, Workspace &ws);
void writeCustomers(YAML::Emitter &out, const Workspace &ws);

void readSources(YamlReader &r, const YAML::Node &root, Workspace &ws);
void writeSources(YAML::Emitter &out, const Workspace &ws);

void readReceiver(YamlReader &r, const YAML::Node &root, Workspace &ws);
void writeReceiver(YAML::Emitter &out, const Workspace &ws);

void readSmtp(YamlReader &r, const YAML::Node &root, Workspace &ws);
void writeSmtp(YAML::Emitter &out, const Workspace &ws);

// Warns when the receiver, read before, is off.
void readHeartbeats(YamlReader &r, const YAML::Node &root, Workspace &ws);
void writeHeartbeats(YAML::Emitter &out, const Workspace &ws);

// How alerts' outcomes are judged: when an unanswered alert resolved itself.
void readOutcomes(YamlReader &r, const YAML::Node &root, Workspace &ws);
void writeOutcomes(YAML::Emitter &out, const Workspace &ws);

void readEscalationPolicies(YamlReader &r, const YAML::Node &root, Workspace &ws);
void writeEscalationPolicies(YAML::Emitter &out, const Workspace &ws);

void readPipelines(YamlReader &r, const YAML::Node &root, Workspace &ws);
void writePipelines(YAML::Emitter &out, const Workspace &ws);

void readRunbooks(YamlReader &r, const YAML::Node &root, Workspace &ws);
void writeRunbooks(YAML::Emitter &out, const Workspace &ws);

void readRules(YamlReader &r, const YAML::Node &root, Workspace &ws);
void writeRules(YAML::Emitter &out, const Workspace &ws);

void readRotations(YamlReader &r, const YAML::Node &root, Workspace &ws);
void writeRotations(YAML::Emitter &out, const Workspace &ws);

// Reads time zones of people read before.
void readHolidays(YamlReader &r, const YAML::Node &root, Workspace &ws);
void writeHolidays(YAML::Emitter &out, const Workspace &ws);

void readTimeOff(YamlReader &r, const YAML::Node &root, Workspace &ws);
void writeTimeOff(YAML::Emitter &out, const Workspace &ws);

// Needs the rotations; returns each override's node for checkOverrideSeats.
QList<YAML::Node> readOverrides(YamlReader &r, const YAML::Node &root, Workspace &ws);
void writeOverrides(YAML::Emitter &out, const Workspace &ws);
// Checked on a sound workspace only: the schedule needs every rotation and person resolved.
void checkOverrideSeats(YamlReader &r, const Workspace &ws, const QList<YAML::Node> &nodes);

} // namespace wk
