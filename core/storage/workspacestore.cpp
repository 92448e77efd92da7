#include "workspacestore.h"

#include "database.h"
#include "schedule/schedulejson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <initializer_list>

namespace wk {

namespace {

QString receiverToJson(const ReceiverSettings &r)
{
    const QJsonObject o{{QStringLiteral("enabled"), r.enabled},
                        {QStringLiteral("address"), r.address},
                        {QStringLiteral("port"), r.port},
                        {QStringLiteral("token_env"), r.tokenEnv},
                        {QStringLiteral("max_body_bytes"), r.maxBodyBytes},
                        {QStringLiteral("default_pipeline"), r.defaultPipeline},
                        {QStringLiteral("tls_certificate"), r.tlsCertificate},
                        {QStringLiteral("tls_key"), r.tlsKey}};
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

ReceiverSettings receiverFromJson(const QString &json)
{
    const QJsonObject o = QJsonDocument::fromJson(json.toUtf8()).object();
    ReceiverSettings r;
    r.enabled = o.value(QStringLiteral("enabled")).toBool(r.enabled);
    r.address = o.value(QStringLiteral("address")).toString(r.address);
    r.port = static_cast<quint16>(o.value(QStringLiteral("port")).toInt(r.port));
    r.tokenEnv = o.value(QStringLiteral("token_env")).toString(r.tokenEnv);
    r.maxBodyBytes = o.value(QStringLiteral("max_body_bytes")).toInteger(r.maxBodyBytes);
    r.defaultPipeline = o.value(QStringLiteral("default_pipeline")).toString();
    r.tlsCertificate = o.value(QStringLiteral("tls_certificate")).toString();
    r.tlsKey = o.value(QStringLiteral("tls_key")).toString();
    return r;
}

QJsonArray severityNames(const QList<Severity> &list)
{
    QJsonArray out;
    for (Severity s : list)
        out.append(severityName(s));
    return out;
}

QList<Severity> severitiesOf(const QJsonValue &v)
{
    QList<Severity> out;
    for (const QJsonValue name : v.toArray()) {
        if (const auto s = severityFromName(name.toString()))
            out << *s;
    }
    return out;
}

// Paging settings: the mail server and each person's contact methods, as one document.
// Passwords and signing keys are in the keychain and never here.
QString pagingToJson(const Workspace &ws)
{
    const SmtpSettings &s = ws.smtp;
    const QJsonObject smtp{{QStringLiteral("host"), s.host},
                           {QStringLiteral("port"), s.port},
                           {QStringLiteral("security"), smtpSecurityName(s.security)},
                           {QStringLiteral("from"), s.from},
                           {QStringLiteral("user"), s.user},
                           {QStringLiteral("credential"), s.credential},
                           {QStringLiteral("ca_certificate"), s.caCertificate},
                           {QStringLiteral("timeout_s"), s.timeoutSeconds}};
    QJsonObject contacts;
    for (const Person &p : ws.people) {
        if (p.contacts.isEmpty())
            continue;
        QJsonArray list;
        for (const ContactMethod &m : p.contacts) {
            QJsonObject c{{QStringLiteral("kind"), contactKindName(m.kind)},
                          {QStringLiteral("address"), m.address},
                          {QStringLiteral("credential"), m.credential},
                          {QStringLiteral("severities"), severityNames(m.severities)},
                          {QStringLiteral("after_s"), m.afterSeconds},
                          {QStringLiteral("dry_run"), m.dryRun}};
            if (m.actionableAtLeast)
                c.insert(QStringLiteral("actionable_at_least"), *m.actionableAtLeast);
            if (m.actionableBelow)
                c.insert(QStringLiteral("actionable_below"), *m.actionableBelow);
            list.append(c);
        }
        contacts.insert(p.id, list);
    }
    QJsonObject reminders; // only those who changed the default
    QJsonArray noDigest;
    QJsonArray noChanges;
    for (const Person &p : ws.people) {
        if (p.shiftReminderSeconds != Person().shiftReminderSeconds)
            reminders.insert(p.id, p.shiftReminderSeconds);
        if (!p.handoffDigest)
            noDigest << p.id;
        if (!p.shiftChanges)
            noChanges << p.id;
    }
    QJsonObject quiet;
    for (const Person &p : ws.people) {
        if (p.quietHours)
            quiet.insert(
                p.id,
                QJsonObject{
                    {QStringLiteral("from"), p.quietHours->from.toString(QStringLiteral("HH:mm"))},
                    {QStringLiteral("to"), p.quietHours->to.toString(QStringLiteral("HH:mm"))},
                    {QStringLiteral("hold"), severityNames(p.quietHours->hold)}});
    }
    QJsonArray policies;
    for (const EscalationPolicy &p : ws.escalationPolicies) {
        QJsonArray steps;
        for (const EscalationStep &s : p.steps)
            steps.append(
                QJsonObject{{QStringLiteral("target"), int(s.target)},
                            {QStringLiteral("people"), QJsonArray::fromStringList(s.people)},
                            {QStringLiteral("team"), s.team},
                            {QStringLiteral("after_s"), s.afterSeconds},
                            {QStringLiteral("after_share"),
                             s.afterShare ? QJsonValue(*s.afterShare) : QJsonValue()},
                            {QStringLiteral("working_hours"), s.workingHoursOnly}});
        policies.append(QJsonObject{{QStringLiteral("id"), p.id},
                                    {QStringLiteral("name"), p.name},
                                    {QStringLiteral("repeat"), p.repeat},
                                    {QStringLiteral("steps"), steps}});
    }
    // Which policy each pipeline and SLA policy names, kept here rather than in new columns.
    QJsonObject uses;
    for (const Pipeline &p : ws.pipelines) {
        if (!p.escalation.isEmpty())
            uses.insert(QStringLiteral("pipeline:") + p.id, p.escalation);
    }
    for (const SlaPolicy &p : ws.slaPolicies) {
        if (!p.escalation.isEmpty())
            uses.insert(QStringLiteral("sla:") + p.id, p.escalation);
    }
    // Heartbeats check in through the receiver: kept with the other ways of reaching people.
    QJsonArray heartbeats;
    for (const Heartbeat &h : ws.heartbeats)
        heartbeats.append(QJsonObject{{QStringLiteral("id"), h.id},
                                      {QStringLiteral("pipeline"), h.pipeline},
                                      {QStringLiteral("interval_s"), h.intervalSeconds},
                                      {QStringLiteral("grace_s"), h.graceSeconds},
                                      {QStringLiteral("severity"), severityName(h.severity)}});
    const QJsonObject o{{QStringLiteral("smtp"), smtp},
                        {QStringLiteral("contacts"), contacts},
                        {QStringLiteral("escalation_policies"), policies},
                        {QStringLiteral("escalation_uses"), uses},
                        {QStringLiteral("quiet_hours"), quiet},
                        {QStringLiteral("heartbeats"), heartbeats},
                        {QStringLiteral("shift_reminders"), reminders},
                        {QStringLiteral("no_handoff_digest"), noDigest},
                        {QStringLiteral("no_shift_changes"), noChanges}};
    QJsonObject all = o;
    // Where the customers come from, when not from the stored list.
    if (const CustomerQuery &q = ws.customerQuery; q.isSet())
        all.insert(QStringLiteral("customer_query"),
                   QJsonObject{{QStringLiteral("connection"), q.connection},
                               {QStringLiteral("query"), q.query},
                               {QStringLiteral("interval_s"), q.intervalSeconds},
                               {QStringLiteral("timeout_s"), q.timeoutSeconds},
                               {QStringLiteral("credential"), q.credential}});
    return QString::fromUtf8(QJsonDocument(all).toJson(QJsonDocument::Compact));
}

void pagingFromJson(const QString &json, Workspace &ws)
{
    const QJsonObject o = QJsonDocument::fromJson(json.toUtf8()).object();
    if (const QJsonObject q = o.value(QStringLiteral("customer_query")).toObject(); !q.isEmpty()) {
        CustomerQuery &c = ws.customerQuery;
        c.connection = q.value(QStringLiteral("connection")).toString();
        c.query = q.value(QStringLiteral("query")).toString();
        c.intervalSeconds = q.value(QStringLiteral("interval_s")).toInteger(c.intervalSeconds);
        c.timeoutSeconds = q.value(QStringLiteral("timeout_s")).toInteger(c.timeoutSeconds);
        c.credential = q.value(QStringLiteral("credential")).toString();
    }
    const QJsonObject smtp = o.value(QStringLiteral("smtp")).toObject();
    SmtpSettings &s = ws.smtp;
    s.host = smtp.value(QStringLiteral("host")).toString();
    s.port = static_cast<quint16>(smtp.value(QStringLiteral("port")).toInt(s.port));
    s.security = smtpSecurityFromName(smtp.value(QStringLiteral("security")).toString())
                     .value_or(s.security);
    s.from = smtp.value(QStringLiteral("from")).toString();
    s.user = smtp.value(QStringLiteral("user")).toString();
    s.credential = smtp.value(QStringLiteral("credential")).toString();
    s.caCertificate = smtp.value(QStringLiteral("ca_certificate")).toString();
    s.timeoutSeconds = smtp.value(QStringLiteral("timeout_s")).toInt(s.timeoutSeconds);
    for (const QJsonValue v : o.value(QStringLiteral("escalation_policies")).toArray()) {
        const QJsonObject po = v.toObject();
        EscalationPolicy p;
        p.id = po.value(QStringLiteral("id")).toString();
        p.name = po.value(QStringLiteral("name")).toString();
        p.repeat = po.value(QStringLiteral("repeat")).toInt();
        for (const QJsonValue sv : po.value(QStringLiteral("steps")).toArray()) {
            const QJsonObject so = sv.toObject();
            EscalationStep s;
            s.target =
                EscalationStep::Target(qBound(0, so.value(QStringLiteral("target")).toInt(), 3));
            for (const QJsonValue person : so.value(QStringLiteral("people")).toArray())
                s.people << person.toString();
            s.team = so.value(QStringLiteral("team")).toString();
            s.afterSeconds = so.value(QStringLiteral("after_s")).toInteger();
            if (const QJsonValue share = so.value(QStringLiteral("after_share")); share.isDouble())
                s.afterShare = share.toDouble();
            s.workingHoursOnly = so.value(QStringLiteral("working_hours")).toBool();
            p.steps << s;
        }
        ws.escalationPolicies << p;
    }
    for (const QJsonValue v : o.value(QStringLiteral("heartbeats")).toArray()) {
        const QJsonObject ho = v.toObject();
        Heartbeat h;
        h.id = ho.value(QStringLiteral("id")).toString();
        h.pipeline = ho.value(QStringLiteral("pipeline")).toString();
        h.intervalSeconds = ho.value(QStringLiteral("interval_s")).toInteger();
        h.graceSeconds = ho.value(QStringLiteral("grace_s")).toInteger();
        h.severity =
            severityFromName(ho.value(QStringLiteral("severity")).toString()).value_or(h.severity);
        ws.heartbeats << h;
    }
    const QJsonObject uses = o.value(QStringLiteral("escalation_uses")).toObject();
    for (Pipeline &p : ws.pipelines)
        p.escalation = uses.value(QStringLiteral("pipeline:") + p.id).toString();
    for (SlaPolicy &p : ws.slaPolicies)
        p.escalation = uses.value(QStringLiteral("sla:") + p.id).toString();
    const QJsonObject quiet = o.value(QStringLiteral("quiet_hours")).toObject();
    const QJsonObject contacts = o.value(QStringLiteral("contacts")).toObject();
    const QJsonObject reminders = o.value(QStringLiteral("shift_reminders")).toObject();
    const QJsonArray noDigest = o.value(QStringLiteral("no_handoff_digest")).toArray();
    const QJsonArray noChanges = o.value(QStringLiteral("no_shift_changes")).toArray();
    for (Person &p : ws.people) {
        p.shiftReminderSeconds = reminders.value(p.id).toInteger(p.shiftReminderSeconds);
        p.handoffDigest = !noDigest.contains(QJsonValue(p.id));
        p.shiftChanges = !noChanges.contains(QJsonValue(p.id));
        for (const QJsonValue v : contacts.value(p.id).toArray()) {
            const QJsonObject c = v.toObject();
            ContactMethod m;
            m.kind = contactKindFromName(c.value(QStringLiteral("kind")).toString())
                         .value_or(ContactMethod::Kind::Email);
            m.address = c.value(QStringLiteral("address")).toString();
            m.credential = c.value(QStringLiteral("credential")).toString();
            m.severities = severitiesOf(c.value(QStringLiteral("severities")));
            m.afterSeconds = c.value(QStringLiteral("after_s")).toInteger();
            m.dryRun = c.value(QStringLiteral("dry_run")).toBool();
            if (const QJsonValue v = c.value(QStringLiteral("actionable_at_least")); v.isDouble())
                m.actionableAtLeast = v.toInt();
            if (const QJsonValue v = c.value(QStringLiteral("actionable_below")); v.isDouble())
                m.actionableBelow = v.toInt();
            p.contacts.append(m);
        }
        if (const QJsonObject q = quiet.value(p.id).toObject(); !q.isEmpty()) {
            QuietHours hours;
            hours.from = QTime::fromString(q.value(QStringLiteral("from")).toString(),
                                           QStringLiteral("HH:mm"));
            hours.to = QTime::fromString(q.value(QStringLiteral("to")).toString(),
                                         QStringLiteral("HH:mm"));
            hours.hold = severitiesOf(q.value(QStringLiteral("hold")));
            p.quietHours = hours;
        }
    }
}

// Empty optional references are stored as NULL so that foreign keys allow them.
QVariant nullIfEmpty(const QString &s)
{
    return s.isEmpty() ? QVariant() : QVariant(s);
}

// Lists are stored as JSON arrays of strings in one column.
QString jsonList(const QStringList &list)
{
    return QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

QStringList listFromJson(const QString &text)
{
    QStringList out;
    for (const QJsonValue v : QJsonDocument::fromJson(text.toUtf8()).array())
        out << v.toString();
    return out;
}

class Inserter
{
public:
    Inserter(const QSqlDatabase &db, QString *error) : m_query(db), m_error(error) {}

    bool run(const QString &sql, std::initializer_list<QVariant> values)
    {
        if (sql != m_prepared) {
            if (!m_query.prepare(sql))
                return fail(sql);
            m_prepared = sql;
        }
        int i = 0;
        for (const QVariant &v : values) {
            // Qt binds a null QString as SQL NULL; an empty text must stay an empty text.
            const bool nullText = v.typeId() == QMetaType::QString && v.toString().isNull();
            m_query.bindValue(i++, nullText ? QVariant(QStringLiteral("")) : v);
        }
        return m_query.exec() || fail(sql);
    }

private:
    bool fail(const QString &sql)
    {
        if (m_error)
            *m_error = QStringLiteral("%1 (while running: %2)")
                           .arg(m_query.lastError().text(), sql.left(80));
        return false;
    }

    QSqlQuery m_query;
    QString m_prepared;
    QString *m_error;
};

bool writeAll(const QSqlDatabase &db, const Workspace &ws, QString *error)
{
    QSqlQuery q(db);
    // Children first, so that foreign keys never see a dangling row.
    for (const char *table :
         {"rules", "runbooks", "pipeline_upstreams", "pipelines", "data_sources", "customers",
          "sla_targets", "sla_deliveries", "sla_policies", "team_members", "teams", "people",
          "workspace_info"}) {
        if (!q.exec(QStringLiteral("DELETE FROM %1").arg(QLatin1String(table)))) {
            if (error)
                *error = q.lastError().text();
            return false;
        }
    }

    Inserter ins(db, error);
    if (!ins.run(QStringLiteral("INSERT INTO workspace_info (key, value) VALUES (?, ?)"),
                 {QStringLiteral("name"), ws.name}))
        return false;
    // Rotations, calendars, time off and overrides travel as one JSON document.
    if (!ins.run(QStringLiteral("INSERT INTO workspace_info (key, value) VALUES (?, ?)"),
                 {QStringLiteral("schedule"), QString::fromUtf8(schedulejson::write(ws))}))
        return false;
    // The receiver's settings likewise; its token never reaches the store.
    if (!ins.run(QStringLiteral("INSERT INTO workspace_info (key, value) VALUES (?, ?)"),
                 {QStringLiteral("receiver"), receiverToJson(ws.receiver)}))
        return false;
    if (!ins.run(QStringLiteral("INSERT INTO workspace_info (key, value) VALUES (?, ?)"),
                 {QStringLiteral("paging"), pagingToJson(ws)}))
        return false;
    int pos = 0;
    for (const Person &p : ws.people) {
        if (!ins.run(QStringLiteral("INSERT INTO people (id, position, name, email, timezone) "
                                    "VALUES (?, ?, ?, ?, ?)"),
                     {p.id, pos++, p.name, p.email, p.timeZone}))
            return false;
    }
    pos = 0;
    for (const Team &t : ws.teams) {
        if (!ins.run(QStringLiteral("INSERT INTO teams (id, position, name) VALUES (?, ?, ?)"),
                     {t.id, pos++, t.name}))
            return false;
    }
    for (const Team &t : ws.teams) {
        int m = 0;
        for (const QString &member : t.members) {
            if (!ins.run(QStringLiteral("INSERT INTO team_members (team_id, person_id, position) "
                                        "VALUES (?, ?, ?)"),
                         {t.id, member, m++}))
                return false;
        }
    }
    pos = 0;
    for (const SlaPolicy &p : ws.slaPolicies) {
        if (!ins.run(QStringLiteral("INSERT INTO sla_policies (id, position, name, "
                                    "freshness_max_age_s, availability_percent) VALUES (?, ?, ?, "
                                    "?, ?)"),
                     {p.id, pos++, p.name,
                      p.freshnessMaxAgeSeconds ? QVariant(*p.freshnessMaxAgeSeconds) : QVariant(),
                      p.availabilityPercent ? QVariant(*p.availabilityPercent) : QVariant()}))
            return false;
    }
    for (const SlaPolicy &p : ws.slaPolicies) {
        int d = 0;
        for (const DeliveryDeadline &dd : p.deliveries) {
            if (!ins.run(QStringLiteral("INSERT INTO sla_deliveries (policy_id, position, what, "
                                        "due) VALUES (?, ?, ?, ?)"),
                         {p.id, d++, dd.what, dueName(dd.due)}))
                return false;
        }
        int t = 0;
        for (const SeverityTarget &st : p.targets) {
            if (!ins.run(QStringLiteral("INSERT INTO sla_targets (policy_id, severity, position, "
                                        "response_s, resolution_s) VALUES (?, ?, ?, ?, ?)"),
                         {p.id, severityName(st.severity), t++, st.responseSeconds,
                          st.resolutionSeconds}))
                return false;
        }
    }
    pos = 0;
    for (const Customer &c : ws.customers) {
        if (!ins.run(QStringLiteral("INSERT INTO customers (id, position, name, plan, "
                                    "monthly_revenue, churned) VALUES (?, ?, ?, ?, ?, ?)"),
                     {c.id, pos++, c.name, c.plan, c.monthlyRevenue, c.churned ? 1 : 0}))
            return false;
    }
    pos = 0;
    for (const DataSource &s : ws.sources) {
        if (!ins.run(QStringLiteral("INSERT INTO data_sources (id, position, kind, path, "
                                    "conn_url, table_name, time_column, subject_column, "
                                    "name_column, id_column, probe_interval, probe_timeout, "
                                    "credential, lookback) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                    "?, ?, ?, ?)"),
                     {s.id, pos++, dataSourceKindName(s.kind), s.path, s.connection, s.table,
                      s.timeColumn, s.subjectColumn, s.nameColumn, s.idColumn, s.intervalSeconds,
                      s.timeoutSeconds, s.credential, s.lookbackSeconds}))
            return false;
    }
    pos = 0;
    for (const Pipeline &p : ws.pipelines) {
        if (!ins.run(QStringLiteral("INSERT INTO pipelines (id, position, name, description, "
                                    "audience, criticality, primary_owner, secondary_owner, "
                                    "sla_policy, source_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                     {p.id, pos++, p.name, p.description, p.audience, severityName(p.criticality),
                      p.primaryOwner, p.secondaryOwner, nullIfEmpty(p.slaPolicy),
                      nullIfEmpty(p.source)}))
            return false;
    }
    for (const Pipeline &p : ws.pipelines) {
        int u = 0;
        for (const QString &up : p.upstream) {
            if (!ins.run(QStringLiteral("INSERT INTO pipeline_upstreams (pipeline_id, "
                                        "upstream_id, position) VALUES (?, ?, ?)"),
                         {p.id, up, u++}))
                return false;
        }
    }
    pos = 0;
    for (const Runbook &b : ws.runbooks) {
        if (!ins.run(QStringLiteral("INSERT INTO runbooks (pipeline_id, position, title, body) "
                                    "VALUES (?, ?, ?, ?)"),
                     {b.pipeline, pos++, b.title, b.markdown}))
            return false;
    }
    pos = 0;
    for (const Rule &r : ws.rules) {
        if (!ins.run(QStringLiteral("INSERT INTO rules (id, position, kind, pipeline_id, severity, "
                                    "source_id, events, threshold, window_s, users_path, "
                                    "teams_path, warn_after_s, error_after_s, period_s, "
                                    "baseline_periods, drop_ratio, steps, conn_url, query, "
                                    "interval_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                    "?, ?, ?, ?, ?, ?)"),
                     {r.id,
                      pos++,
                      ruleKindName(r.kind),
                      r.pipeline,
                      severityName(r.severity),
                      nullIfEmpty(r.source),
                      jsonList(r.events),
                      r.threshold,
                      r.windowSeconds,
                      r.users,
                      r.teams,
                      r.warnAfterSeconds ? QVariant(*r.warnAfterSeconds) : QVariant(),
                      r.errorAfterSeconds ? QVariant(*r.errorAfterSeconds) : QVariant(),
                      r.periodSeconds,
                      r.baselinePeriods,
                      r.dropRatio,
                      jsonList(r.steps),
                      r.connection,
                      r.query,
                      r.intervalSeconds}))
            return false;
    }
    return true;
}

bool select(QSqlQuery &q, const QString &sql, QString *error)
{
    q.setForwardOnly(true);
    if (q.exec(sql))
        return true;
    if (error)
        *error = QStringLiteral("%1 (while running: %2)").arg(q.lastError().text(), sql.left(80));
    return false;
}

// The people, in the order the workspace lists them.
bool readPeople(QSqlQuery &q, Workspace &ws, QString *error)
{
    if (!select(q, QStringLiteral("SELECT id, name, email, timezone FROM people ORDER BY position"),
                error))
        return false;
    while (q.next())
        ws.people.append({q.value(0).toString(),
                          q.value(1).toString(),
                          q.value(2).toString(),
                          q.value(3).toString(),
                          {}});
    return true;
}

// The teams and their members.
bool readTeams(QSqlQuery &q, Workspace &ws, QString *error)
{
    if (!select(q, QStringLiteral("SELECT id, name FROM teams ORDER BY position"), error))
        return false;
    while (q.next())
        ws.teams.append({q.value(0).toString(), q.value(1).toString(), {}});
    if (!select(q,
                QStringLiteral("SELECT team_id, person_id FROM team_members ORDER BY team_id, "
                               "position"),
                error))
        return false;
    while (q.next()) {
        for (Team &t : ws.teams) {
            if (t.id == q.value(0).toString())
                t.members << q.value(1).toString();
        }
    }
    return true;
}

// The SLA policies with their deliveries and per-severity targets.
bool readSlaPolicies(QSqlQuery &q, Workspace &ws, QString *error)
{
    if (!select(q,
                QStringLiteral("SELECT id, name, freshness_max_age_s, availability_percent "
                               "FROM sla_policies ORDER BY position"),
                error))
        return false;
    while (q.next()) {
        SlaPolicy p;
        p.id = q.value(0).toString();
        p.name = q.value(1).toString();
        if (!q.value(2).isNull())
            p.freshnessMaxAgeSeconds = q.value(2).toLongLong();
        if (!q.value(3).isNull())
            p.availabilityPercent = q.value(3).toDouble();
        ws.slaPolicies.append(p);
    }
    auto policyById = [&](const QString &id) -> SlaPolicy * {
        for (SlaPolicy &p : ws.slaPolicies) {
            if (p.id == id)
                return &p;
        }
        return nullptr;
    };
    if (!select(q,
                QStringLiteral("SELECT policy_id, what, due FROM sla_deliveries ORDER BY "
                               "policy_id, position"),
                error))
        return false;
    while (q.next()) {
        if (SlaPolicy *p = policyById(q.value(0).toString()))
            p->deliveries.append(
                {q.value(1).toString(),
                 dueFromName(q.value(2).toString()).value_or(DeliveryDeadline::Due::EndOfDay)});
    }
    if (!select(q,
                QStringLiteral("SELECT policy_id, severity, response_s, resolution_s FROM "
                               "sla_targets ORDER BY policy_id, position"),
                error))
        return false;
    while (q.next()) {
        if (SlaPolicy *p = policyById(q.value(0).toString()))
            p->targets.append({severityFromName(q.value(1).toString()).value_or(Severity::Medium),
                               q.value(2).toLongLong(), q.value(3).toLongLong()});
    }
    return true;
}

// The customers and what they pay.
bool readCustomers(QSqlQuery &q, Workspace &ws, QString *error)
{
    if (!select(q,
                QStringLiteral("SELECT id, name, plan, monthly_revenue, churned FROM customers "
                               "ORDER BY position"),
                error))
        return false;
    while (q.next())
        ws.customers.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                             q.value(3).toDouble(), q.value(4).toInt() != 0});
    return true;
}

// The data sources the rules and probes read.
bool readSources(QSqlQuery &q, Workspace &ws, QString *error)
{
    if (!select(q,
                QStringLiteral("SELECT id, kind, path, conn_url, table_name, time_column, "
                               "subject_column, name_column, id_column, probe_interval, "
                               "probe_timeout, credential, lookback FROM data_sources ORDER "
                               "BY position"),
                error))
        return false;
    while (q.next()) {
        DataSource s;
        s.id = q.value(0).toString();
        s.kind = dataSourceKindFromName(q.value(1).toString()).value_or(DataSource::Kind::Csv);
        s.path = q.value(2).toString();
        s.connection = q.value(3).toString();
        s.table = q.value(4).toString();
        s.timeColumn = q.value(5).toString();
        s.subjectColumn = q.value(6).toString();
        s.nameColumn = q.value(7).toString();
        s.idColumn = q.value(8).toString();
        s.intervalSeconds = q.value(9).toLongLong();
        s.timeoutSeconds = q.value(10).toLongLong();
        s.credential = q.value(11).toString();
        s.lookbackSeconds = q.value(12).toLongLong();
        ws.sources.append(s);
    }
    return true;
}

// The pipelines with their owners and upstreams.
bool readPipelines(QSqlQuery &q, Workspace &ws, QString *error)
{
    if (!select(q,
                QStringLiteral("SELECT id, name, description, audience, criticality, "
                               "primary_owner, secondary_owner, sla_policy, source_id FROM "
                               "pipelines ORDER BY position"),
                error))
        return false;
    while (q.next()) {
        Pipeline p;
        p.id = q.value(0).toString();
        p.name = q.value(1).toString();
        p.description = q.value(2).toString();
        p.audience = q.value(3).toString();
        p.criticality = severityFromName(q.value(4).toString()).value_or(Severity::Medium);
        p.primaryOwner = q.value(5).toString();
        p.secondaryOwner = q.value(6).toString();
        p.slaPolicy = q.value(7).toString();
        p.source = q.value(8).toString();
        ws.pipelines.append(p);
    }
    if (!select(q,
                QStringLiteral("SELECT pipeline_id, upstream_id FROM pipeline_upstreams ORDER "
                               "BY pipeline_id, position"),
                error))
        return false;
    while (q.next()) {
        for (Pipeline &p : ws.pipelines) {
            if (p.id == q.value(0).toString())
                p.upstream << q.value(1).toString();
        }
    }
    return true;
}

// The runbooks, one per pipeline.
bool readRunbooks(QSqlQuery &q, Workspace &ws, QString *error)
{
    if (!select(q,
                QStringLiteral("SELECT pipeline_id, title, body FROM runbooks ORDER BY "
                               "position"),
                error))
        return false;
    while (q.next())
        ws.runbooks.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString()});
    return true;
}

// The rules that raise alerts.
bool readRules(QSqlQuery &q, Workspace &ws, QString *error)
{
    if (!select(q,
                QStringLiteral("SELECT id, kind, pipeline_id, severity, source_id, events, "
                               "threshold, window_s, users_path, teams_path, warn_after_s, "
                               "error_after_s, period_s, baseline_periods, drop_ratio, steps, "
                               "conn_url, query, interval_s FROM rules ORDER BY position"),
                error))
        return false;
    while (q.next()) {
        Rule r;
        r.id = q.value(0).toString();
        r.kind = ruleKindFromName(q.value(1).toString()).value_or(Rule::Kind::Burst);
        r.pipeline = q.value(2).toString();
        r.severity = severityFromName(q.value(3).toString()).value_or(Severity::High);
        r.source = q.value(4).toString();
        r.events = listFromJson(q.value(5).toString());
        r.threshold = q.value(6).toInt();
        r.windowSeconds = q.value(7).toLongLong();
        r.users = q.value(8).toString();
        r.teams = q.value(9).toString();
        if (!q.value(10).isNull())
            r.warnAfterSeconds = q.value(10).toLongLong();
        if (!q.value(11).isNull())
            r.errorAfterSeconds = q.value(11).toLongLong();
        r.periodSeconds = q.value(12).toLongLong();
        r.baselinePeriods = q.value(13).toInt();
        r.dropRatio = q.value(14).toDouble();
        r.steps = listFromJson(q.value(15).toString());
        r.connection = q.value(16).toString();
        r.query = q.value(17).toString();
        r.intervalSeconds = q.value(18).toLongLong();
        ws.rules.append(r);
    }
    return true;
}

bool readAll(const QSqlDatabase &db, Workspace &ws, bool &found, QString *error)
{
    QSqlQuery q(db);

    if (!select(q, QStringLiteral("SELECT value FROM workspace_info WHERE key = 'name'"), error))
        return false;
    found = q.next();
    if (!found)
        return true;
    ws.name = q.value(0).toString();
    if (!select(q, QStringLiteral("SELECT value FROM workspace_info WHERE key = 'schedule'"),
                error))
        return false;
    if (q.next() && !schedulejson::read(q.value(0).toString().toUtf8(), ws, error))
        return false;
    if (!select(q, QStringLiteral("SELECT value FROM workspace_info WHERE key = 'receiver'"),
                error))
        return false;
    if (q.next())
        ws.receiver = receiverFromJson(q.value(0).toString());

    if (!readPeople(q, ws, error) || !readTeams(q, ws, error) || !readSlaPolicies(q, ws, error) ||
        !readCustomers(q, ws, error) || !readSources(q, ws, error) ||
        !readPipelines(q, ws, error) || !readRunbooks(q, ws, error) || !readRules(q, ws, error))
        return false;
    // Last: it adds to the people, pipelines and SLA policies read above.
    if (!select(q, QStringLiteral("SELECT value FROM workspace_info WHERE key = 'paging'"), error))
        return false;
    if (q.next())
        pagingFromJson(q.value(0).toString(), ws);
    return true;
}

} // namespace

bool WorkspaceStore::importWorkspace(const Workspace &workspace, QString *error,
                                     const QString &folder)
{
    QSqlDatabase db = m_db.connection();
    if (!db.transaction()) {
        if (error)
            *error = db.lastError().text();
        return false;
    }
    if (!writeAll(db, workspace, error) ||
        (!folder.isEmpty() &&
         !Inserter(db, error).run(
             QStringLiteral("INSERT INTO workspace_info (key, value) VALUES (?, ?)"),
             {QStringLiteral("folder"), folder}))) {
        db.rollback();
        return false;
    }
    if (!db.commit()) {
        if (error)
            *error = db.lastError().text();
        db.rollback();
        return false;
    }
    return true;
}

QString WorkspaceStore::folder() const
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT value FROM workspace_info WHERE key = ?"));
    q.addBindValue(QStringLiteral("folder"));
    return q.exec() && q.next() ? q.value(0).toString() : QString();
}

std::optional<Workspace> WorkspaceStore::exportWorkspace(QString *error) const
{
    QSqlDatabase db = m_db.connection();
    // One read transaction, so that an import by another console cannot interleave.
    db.transaction();
    Workspace ws;
    bool found = false;
    const bool ok = readAll(db, ws, found, error);
    db.commit();
    if (!ok || !found)
        return std::nullopt;
    return ws;
}

} // namespace wk
