#include "workspacesections.h"

#include "domain/duration.h"
#include "workspace/yamlreader.h"
#include "workspace/yamlwriter.h"

#include <QRegularExpression>
#include <QTimeZone>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>
#include <cmath>

namespace wk {

namespace {

// Keys people reach for when a method needs a secret; each is an error that says where the
// secret goes instead, rather than an unknown key.
bool refuseSecret(YamlReader &r, const YAML::Node &map, const QString &what,
                  const QString &keychainCommand)
{
    bool found = false;
    for (const char *key : {"password", "secret", "token", "api_key", "routing_key"}) {
        if (!map[key])
            continue;
        r.error(map[key],
                QStringLiteral("%1 puts a secret in the workspace file ('%2'); remove it, "
                               "set 'credential: keychain' and store it with: %3")
                    .arg(what, QLatin1String(key), keychainCommand));
        found = true;
    }
    return found;
}

// A URL whose query or user part carries a credential is a secret too.
QString urlSecret(const QUrl &url)
{
    if (!url.password().isEmpty())
        return QStringLiteral("a password");
    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems()) {
        const QString k = key.toLower();
        if (k.contains(QLatin1String("token")) || k.contains(QLatin1String("secret")) ||
            k.contains(QLatin1String("key")) || k == QLatin1String("sig") ||
            k.contains(QLatin1String("signature")))
            return QStringLiteral("the query parameter '%1'").arg(key);
    }
    return {};
}

QList<Severity> readSeverities(YamlReader &r, const YAML::Node &map, const char *key,
                               const QString &what)
{
    QList<Severity> out;
    for (const QString &name : r.list(map, key, what)) {
        if (const auto s = severityFromName(name))
            out << *s;
        else
            r.error(map[key], QStringLiteral("'%1' of %2 lists '%3'; severities are critical, "
                                             "high and medium")
                                  .arg(QLatin1String(key), what, name));
    }
    return out;
}

void readQuietHours(YamlReader &r, const YAML::Node &n, Person &p, const QString &label)
{
    const YAML::Node q = n["quiet_hours"];
    const QString what = QStringLiteral("'quiet_hours' of %1").arg(label);
    if (!q || q.IsNull() || !r.expectMap(q, what))
        return;
    r.checkKeys(q, {"from", "to", "hold"}, what);
    QuietHours quiet;
    const auto from = clockTime(r, q, "from", what, QTime());
    const auto to = clockTime(r, q, "to", what, QTime());
    if (!q["from"] || !q["to"])
        r.error(q, QStringLiteral("%1 needs both 'from' and 'to'").arg(what));
    if (from && to && *from == *to && from->isValid())
        r.error(q["to"], QStringLiteral("%1 start and end at the same time").arg(what));
    quiet.from = from.value_or(QTime());
    quiet.to = to.value_or(QTime());
    if (q["hold"]) {
        quiet.hold = readSeverities(r, q, "hold", what);
        if (quiet.hold.contains(Severity::Critical))
            r.warn(q["hold"], QStringLiteral("%1 holds critical pages back: a critical alert at "
                                             "night waits for the morning")
                                  .arg(what));
    }
    p.quietHours = quiet;
}

// A path segment long and mixed enough to be a token: Slack's and Mattermost's webhook
// URLs carry theirs in the path, Teams' in a run of GUIDs.
bool pathHoldsToken(const QUrl &url)
{
    static const QRegularExpression token(QStringLiteral("^[A-Za-z0-9_@-]{20,}$"));
    static const QRegularExpression digit(QStringLiteral("[0-9]"));
    static const QRegularExpression letter(QStringLiteral("[A-Za-z]"));
    for (const QString &segment : url.path().split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        if (token.match(segment).hasMatch() && segment.contains(digit) && segment.contains(letter))
            return true;
    }
    return false;
}

// Checks an http(s) URL the method posts to; false when it is refused.
bool checkUrl(YamlReader &r, const YAML::Node &node, const ContactMethod &m, const QString &what,
              const QString &command)
{
    const QUrl url(m.address, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))) {
        r.error(node, QStringLiteral("'url' of %1 must be an http or https URL, not '%2'")
                          .arg(what, m.address));
        return false;
    }
    QString secret = urlSecret(url);
    if (secret.isEmpty() && m.isChat() && pathHoldsToken(url))
        secret =
            QStringLiteral("what looks like %1's token in its path").arg(contactKindLabel(m.kind));
    if (!secret.isEmpty()) {
        const QString instead =
            m.kind == ContactMethod::Kind::Webhook
                ? QStringLiteral("Sign the body instead: set 'credential: keychain' and store "
                                 "the key with: %1")
            : m.isChat() ? QStringLiteral("Remove 'url', set 'credential: keychain' and "
                                          "store the whole URL with: %1")
                         : QStringLiteral("Set 'credential: keychain' and store the secret "
                                          "with: %1");
        r.error(node, QStringLiteral("the 'url' of %1 carries %2; a secret does not belong in "
                                     "the workspace file. %3")
                          .arg(what, secret, instead.arg(command)));
        return false;
    }
    if (url.scheme() == QLatin1String("http") && !isLoopbackHost(url.host()))
        r.warn(node, QStringLiteral("%1 posts alerts over plain HTTP to %2").arg(what, url.host()));
    return true;
}

// The address a method of its kind needs: an email address, a URL, or a secret in the
// keychain standing for one.
// secretFound: a secret was refused already; a missing keychain entry would say it twice.
void readAddress(YamlReader &r, const YAML::Node &c, ContactMethod &m, const QString &what,
                 const QString &command, bool secretFound)
{
    using K = ContactMethod::Kind;
    const bool email = m.kind == K::Email;
    if (!email && c["address"])
        r.error(c["address"],
                QStringLiteral("%1 is not an email method and has no 'address'").arg(what));
    if ((email || m.kind == K::Desktop) && c["url"])
        r.error(c["url"], QStringLiteral("%1 has no 'url'").arg(what));
    if ((email || m.kind == K::Desktop) && m.inKeychain())
        r.error(c["credential"], QStringLiteral("%1 keeps nothing in the keychain").arg(what));
    if (email) {
        m.address = r.text(c, "address", what, true);
        if (!m.address.isEmpty() && !isEmailAddress(m.address))
            r.error(c["address"],
                    QStringLiteral("'address' of %1 is not an email address").arg(what));
        return;
    }
    if (m.kind == K::Desktop)
        return;
    // Chat webhooks: the URL, or the keychain holding it. Forwarding: the key in the
    // keychain, the URL only to reach another endpoint. Ntfy and webhooks: the URL.
    const bool urlRequired = m.kind == K::Webhook || m.kind == K::Ntfy;
    m.address = r.text(c, "url", what, urlRequired);
    if (secretFound)
        return;
    // A credential other than "keychain" is refused already; here it counts as given.
    const bool credential = !m.credential.isEmpty();
    if (m.isChat() && m.address.isEmpty() == !credential) {
        r.error(c,
                QStringLiteral("%1 needs either 'url' or 'credential: keychain' (the URL "
                               "stored with: %2), not %3")
                    .arg(what, command,
                         m.address.isEmpty() ? QStringLiteral("neither") : QStringLiteral("both")));
        return;
    }
    if (m.isForwarding() && !credential)
        r.error(c, QStringLiteral("%1 needs 'credential: keychain': %2's %3 is stored with: %4")
                       .arg(what, contactKindLabel(m.kind),
                            m.kind == K::PagerDuty ? QStringLiteral("routing key")
                                                   : QStringLiteral("API key"),
                            command));
    if (!m.address.isEmpty() && checkUrl(r, c["url"], m, what, command) && m.kind == K::Ntfy &&
        QUrl(m.address).path().split(QLatin1Char('/'), Qt::SkipEmptyParts).size() != 1)
        r.error(c["url"], QStringLiteral("'url' of %1 must name the server and one topic, such "
                                         "as https://ntfy.sh/oncall-amara")
                              .arg(what));
}

// A threshold of the actionable score: a whole number from 0 to 100.
std::optional<int> readScore(YamlReader &r, const YAML::Node &map, const char *key,
                             const QString &what)
{
    const auto v = r.number(map, key, what);
    if (!v)
        return std::nullopt;
    if (*v < 0 || *v > 100 || *v != std::floor(*v)) {
        r.error(map[key], QStringLiteral("'%1' of %2 must be a whole number from 0 to 100 (the "
                                         "actionable score), not '%3'")
                              .arg(QLatin1String(key), what, r.text(map, key, what)));
        return std::nullopt;
    }
    return int(*v);
}

// Methods that page only above or below a score can leave a band of scores that no method
// carries: such alerts reach the person in the console alone. Fine when meant ("only ring
// me when it is likely real"), so it is said, not refused.
void warnScoreGaps(YamlReader &r, const YAML::Node &list, const Person &p, const QString &label)
{
    for (const Severity s : {Severity::Critical, Severity::High, Severity::Medium}) {
        QList<const ContactMethod *> carrying;
        bool gated = false;
        for (const ContactMethod &m : p.contacts) {
            if (m.carries(s) && m.kind != ContactMethod::Kind::Desktop) {
                carrying << &m;
                gated = gated || m.gatesOnScore();
            }
        }
        if (!gated)
            continue;
        int from = -1, to = -1; // the first band of scores nobody is paged for
        for (int score = 0; score <= 100 && to < 0; ++score) {
            const bool covered = std::any_of(carrying.cbegin(), carrying.cend(),
                                             [&](const auto *m) { return m->carriesScore(score); });
            if (!covered && from < 0)
                from = score;
            else if (covered && from >= 0)
                to = score;
        }
        if (from < 0)
            continue;
        const QString band = to < 0      ? QStringLiteral("%1 and above").arg(from)
                             : from == 0 ? QStringLiteral("below %1").arg(to)
                                         : QStringLiteral("from %1 to %2").arg(from).arg(to - 1);
        r.warn(list, QStringLiteral("no contact method of %1 carries %2 alerts scored %3 "
                                    "(actionable_at_least, actionable_below): those show in "
                                    "the console only")
                         .arg(label, severityName(s), band));
        return; // once per person
    }
}

void readContacts(YamlReader &r, const YAML::Node &n, Person &p, const QString &label)
{
    const YAML::Node list = n["contacts"];
    if (!list || list.IsNull())
        return;
    if (!list.IsSequence()) {
        r.error(list, QStringLiteral("'contacts' of %1 must be a list").arg(label));
        return;
    }
    for (const YAML::Node &c : list) {
        const QString what =
            QStringLiteral("contact #%1 of %2").arg(p.contacts.size() + 1).arg(label);
        if (!r.expectMap(c, what)) {
            p.contacts.append(ContactMethod());
            continue;
        }
        const QString command = QStringLiteral("watchkeeper credentials set --contact %1:%2")
                                    .arg(p.id)
                                    .arg(p.contacts.size() + 1);
        const bool secret = refuseSecret(r, c, what, command);
        if (!secret)
            r.checkKeys(c,
                        {"kind", "address", "url", "credential", "severities", "after", "dry_run",
                         "actionable_at_least", "actionable_below"},
                        what);
        ContactMethod m;
        const QString kind = r.text(c, "kind", what, true);
        if (const auto k = contactKindFromName(kind)) {
            m.kind = *k;
        } else {
            if (!kind.isEmpty()) {
                QStringList names;
                for (auto known : allContactKinds())
                    names << contactKindName(known);
                r.error(c["kind"], QStringLiteral("'kind' of %1 must be one of %2, not '%3'")
                                       .arg(what, names.join(QStringLiteral(", ")), kind));
            }
            p.contacts.append(m);
            continue;
        }
        m.credential = r.text(c, "credential", what);
        if (!m.credential.isEmpty() && !m.inKeychain())
            r.error(c["credential"],
                    QStringLiteral("'credential' of %1 can only be 'keychain'").arg(what));
        readAddress(r, c, m, what, command, secret);
        m.severities = readSeverities(r, c, "severities", what);
        if (const QString after = r.text(c, "after", what); !after.isEmpty()) {
            const auto d = parseDuration(after);
            if (!d || *d < 0 || *d > 86400)
                r.error(c["after"], QStringLiteral("'after' of %1 must be a duration from 0 to "
                                                   "24h, such as 5m, not '%2'")
                                        .arg(what, after));
            else
                m.afterSeconds = *d;
        }
        m.actionableAtLeast = readScore(r, c, "actionable_at_least", what);
        m.actionableBelow = readScore(r, c, "actionable_below", what);
        if (m.actionableAtLeast && m.actionableBelow && *m.actionableAtLeast >= *m.actionableBelow)
            r.error(c["actionable_below"],
                    QStringLiteral("%1 can carry no alert: 'actionable_at_least' (%2) must be "
                                   "below 'actionable_below' (%3)")
                        .arg(what)
                        .arg(*m.actionableAtLeast)
                        .arg(*m.actionableBelow));
        m.dryRun = r.boolean(c, "dry_run", what);
        if (m.dryRun && m.kind == ContactMethod::Kind::Desktop)
            r.error(c["dry_run"],
                    QStringLiteral("%1 shows a notification; it has no dry run").arg(what));
        // The console's notifier shows every new critical and high alert on the machine it
        // runs on, as its Settings say; a band it would silently ignore must not be written.
        if (m.gatesOnScore() && m.kind == ContactMethod::Kind::Desktop)
            r.error(c[m.actionableAtLeast ? "actionable_at_least" : "actionable_below"],
                    QStringLiteral("%1 shows every new critical and high alert on the console's "
                                   "machine; it cannot be limited by the actionable score")
                        .arg(what));
        p.contacts.append(m);
    }
    warnScoreGaps(r, list, p, label);
}

void writeSeverities(YAML::Emitter &out, const char *key, const QList<Severity> &list)
{
    QStringList names;
    for (Severity s : list)
        names << severityName(s);
    writeList(out, key, names);
}

void writeQuietHours(YAML::Emitter &out, const std::optional<QuietHours> &quiet)
{
    if (!quiet)
        return;
    out << YAML::Key << "quiet_hours" << YAML::Value << YAML::Flow << YAML::BeginMap;
    writeKey(out, "from", quiet->from.toString(QStringLiteral("HH:mm")), true);
    writeKey(out, "to", quiet->to.toString(QStringLiteral("HH:mm")), true);
    QStringList names;
    for (Severity s : quiet->hold)
        names << severityName(s);
    // Written even when empty: an empty list holds nothing back, unlike no list.
    out << YAML::Key << "hold" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const QString &n : std::as_const(names))
        out << yamlString(n);
    out << YAML::EndSeq;
    out << YAML::EndMap;
}

void writeContacts(YAML::Emitter &out, const QList<ContactMethod> &contacts)
{
    if (contacts.isEmpty())
        return;
    out << YAML::Key << "contacts" << YAML::Value << YAML::BeginSeq;
    for (const ContactMethod &m : contacts) {
        out << YAML::Flow << YAML::BeginMap;
        writeKey(out, "kind", contactKindName(m.kind), true);
        if (m.kind == ContactMethod::Kind::Email)
            writeKey(out, "address", m.address, true);
        else if (!m.address.isEmpty())
            writeKey(out, "url", m.address, true);
        writeKey(out, "credential", m.credential);
        writeSeverities(out, "severities", m.severities);
        if (m.afterSeconds > 0)
            writeKey(out, "after", formatDuration(m.afterSeconds), true);
        if (m.actionableAtLeast)
            out << YAML::Key << "actionable_at_least" << YAML::Value << *m.actionableAtLeast;
        if (m.actionableBelow)
            out << YAML::Key << "actionable_below" << YAML::Value << *m.actionableBelow;
        if (m.dryRun)
            out << YAML::Key << "dry_run" << YAML::Value << true;
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
}

} // namespace

void readPeople(YamlReader &r, const YAML::Node &root, Workspace &ws)
{
    r.section(
        root, "people", QStringLiteral("person"), [&](const YAML::Node &n, const QString &what) {
            r.checkKeys(n,
                        {"id", "name", "email", "timezone", "contacts", "quiet_hours",
                         "shift_reminder", "handoff_digest", "shift_changes"},
                        what);
            Person p;
            p.id = readId(r, n, "id", what);
            const QString label = p.id.isEmpty() ? what : QStringLiteral("person '%1'").arg(p.id);
            p.name = r.text(n, "name", label, true);
            p.email = r.text(n, "email", label, true);
            if (!p.email.isEmpty() && !isEmailAddress(p.email))
                r.error(n["email"],
                        QStringLiteral("'%1' of %2 is not an email address").arg(p.email, label));
            p.timeZone = r.text(n, "timezone", label, true);
            if (!p.timeZone.isEmpty() && !QTimeZone::isTimeZoneIdAvailable(p.timeZone.toUtf8()))
                r.error(n["timezone"],
                        QStringLiteral("unknown time zone '%1' for %2 (use an IANA name "
                                       "such as Europe/Berlin)")
                            .arg(p.timeZone, label));
            readContacts(r, n, p, label);
            readQuietHours(r, n, p, label);
            // "off", or how long ahead: a week at most, as far as reminders are planned.
            if (n["shift_reminder"] && r.text(n, "shift_reminder", label) == QLatin1String("off")) {
                p.shiftReminderSeconds = 0;
            } else if (const auto ahead = r.duration(n, "shift_reminder", label)) {
                if (*ahead < 60 || *ahead > 7 * 86400)
                    r.error(n["shift_reminder"],
                            QStringLiteral("'shift_reminder' of %1 must be 'off' or from 1m to "
                                           "7d")
                                .arg(label));
                else
                    p.shiftReminderSeconds = *ahead;
            }
            // Notices a person may turn off: "on" or "off".
            auto onOff = [&](const char *key, bool &value) {
                if (!n[key])
                    return;
                const QString v = r.text(n, key, label);
                if (v == QLatin1String("off"))
                    value = false;
                else if (v != QLatin1String("on"))
                    r.error(n[key], QStringLiteral("'%1' of %2 must be on or off, not '%3'")
                                        .arg(QLatin1String(key), label, v));
            };
            onOff("handoff_digest", p.handoffDigest);
            onOff("shift_changes", p.shiftChanges);
            ws.people.append(p);
            return p.id;
        });
}

void writePeople(YAML::Emitter &out, const Workspace &ws)
{
    if (ws.people.isEmpty())
        return;
    out << YAML::Key << "people" << YAML::Value << YAML::BeginSeq;
    for (const Person &p : ws.people) {
        out << YAML::BeginMap;
        writeKey(out, "id", p.id, true);
        writeKey(out, "name", p.name, true);
        writeKey(out, "email", p.email, true);
        writeKey(out, "timezone", p.timeZone, true);
        writeContacts(out, p.contacts);
        writeQuietHours(out, p.quietHours);
        if (p.shiftReminderSeconds != Person().shiftReminderSeconds)
            writeKey(out, "shift_reminder",
                     p.shiftReminderSeconds == 0 ? QStringLiteral("off")
                                                 : formatDuration(p.shiftReminderSeconds),
                     true);
        if (!p.handoffDigest)
            writeKey(out, "handoff_digest", QStringLiteral("off"));
        if (!p.shiftChanges)
            writeKey(out, "shift_changes", QStringLiteral("off"));
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
}

} // namespace wk
