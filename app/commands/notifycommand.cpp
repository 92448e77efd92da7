#include "commands.h"

#include "commandsupport.h"

#include "keychain/credentialstore.h"
#include "paging/pagetest.h"
#include "workspace/yamlreader.h"

#include <QFileInfo>

namespace wk::cli {

namespace {

// The method --via names: a kind (the person's first method of it) or a position from 1.
// Email falls back to the person's own address (index -1) when they list no email method.
std::optional<std::pair<int, ContactMethod>> chosenMethod(const Person &person, const QString &via,
                                                          QString *error)
{
    bool isNumber = false;
    const int position = via.toInt(&isNumber);
    if (isNumber) {
        if (position >= 1 && position <= person.contacts.size())
            return std::pair(position - 1, person.contacts.at(position - 1));
        *error = QStringLiteral("%1 has %2 contact methods; --via %3 names none of them")
                     .arg(person.id)
                     .arg(person.contacts.size())
                     .arg(via);
        return std::nullopt;
    }
    const auto kind = contactKindFromName(via);
    if (!kind) {
        QStringList names;
        for (auto k : allContactKinds())
            names << contactKindName(k);
        *error = QStringLiteral("--via %1 is not a method; use one of %2, or a position")
                     .arg(via, names.join(QStringLiteral(", ")));
        return std::nullopt;
    }
    for (int i = 0; i < person.contacts.size(); ++i) {
        if (person.contacts.at(i).kind == *kind)
            return std::pair(i, person.contacts.at(i));
    }
    if (*kind == ContactMethod::Kind::Email && !person.email.isEmpty()) {
        ContactMethod own;
        own.address = person.email;
        return std::pair(-1, own);
    }
    *error = QStringLiteral("%1 has no %2 method").arg(person.id, via);
    return std::nullopt;
}

// Sends the test by the chosen method, reading its secret first; prints the answer.
int sendTest(const Workspace &ws, const QString &location, const Person &person, int index,
             const ContactMethod &method)
{
    if (method.kind == ContactMethod::Kind::Email && !ws.smtp.configured())
        return fail(BadInput, QStringLiteral("%1 has no smtp section, so nothing can be emailed; "
                                             "add one (see README, \"Paging\")")
                                  .arg(location));
    QString secret;
    if (const QString key = ws.keychainEntry(person.id, index, method);
        !key.isEmpty() && !CredentialStore::readNow(key, &secret))
        return fail(Unavailable,
                    QStringLiteral("cannot read %1 from the keychain (store it with: watchkeeper "
                                   "credentials set %2): %3")
                        .arg(key,
                             method.kind == ContactMethod::Kind::Email
                                 ? QStringLiteral("--smtp")
                                 : QStringLiteral("--contact %1:%2").arg(person.id).arg(index + 1),
                             secret));
    // A workspace read from a database has no folder: its paths are taken as written.
    const QString caFile = ws.smtp.caCertificate.isEmpty() ? QString()
                           : QFileInfo(location).isFile()
                               ? resolvePath(location, ws.smtp.caCertificate)
                               : ws.smtp.caCertificate;
    const QString label =
        method.kind == ContactMethod::Kind::Email ? QString() : contactKindLabel(method.kind);
    const PageTest::Result r = PageTest::send(ws, person, index, method, secret, caFile);
    if (method.kind == ContactMethod::Kind::Email) {
        if (!r.accepted)
            return fail(Unavailable, QStringLiteral("the test message to %1 was not sent: %2")
                                         .arg(method.address, r.answer));
        out() << "test message to " << method.address << " " << r.answer << Qt::endl;
        return Ok;
    }
    if (!r.accepted)
        return fail(Unavailable, QStringLiteral("the test message by %1 to %2 was not sent: %3")
                                     .arg(label, person.name, r.answer));
    out() << "test message by " << label << " to " << person.name << ": " << r.answer << Qt::endl;
    return Ok;
}

} // namespace

int notify(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Reach a person the way pages will.\n"
                       "  test  send one test message to a person by one of their methods and "
                       "wait until the server accepted it"));
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("test"));
    parser.addOption(workspaceOption());
    const QCommandLineOption personOption({QStringLiteral("p"), QStringLiteral("person")},
                                          QStringLiteral("The person's id in the workspace."),
                                          QStringLiteral("id"));
    const QCommandLineOption viaOption(
        QStringLiteral("via"),
        QStringLiteral("The method: a kind (email, webhook, slack, teams, mattermost, "
                       "google_chat, ntfy, pagerduty, opsgenie), meaning the person's first "
                       "method of that kind (email: or their own address), or the method's "
                       "position in their contacts, from 1. A paging service's test incident "
                       "is resolved at once."),
        QStringLiteral("method"), QStringLiteral("email"));
    parser.addOption(personOption);
    parser.addOption(viaOption);
    int code = Ok;
    if (!parse(parser, arguments, &code))
        return code;
    if (parser.positionalArguments().value(0) != QLatin1String("test"))
        return fail(BadInput, QStringLiteral("notify: say test"));
    const QString location = parser.value(QStringLiteral("workspace"));
    if (location.isEmpty())
        return fail(BadInput, QStringLiteral("notify test: --workspace is required"));
    const QString id = parser.value(personOption);
    if (id.isEmpty())
        return fail(BadInput, QStringLiteral("notify test: --person is required"));
    const auto ws = loadWorkspace(location, &code);
    if (!ws)
        return code;
    const Person *person = ws->person(id);
    if (!person)
        return fail(BadInput, QStringLiteral("%1 has no person '%2'").arg(location, id));
    QString error;
    const auto chosen = chosenMethod(*person, parser.value(viaOption), &error);
    if (!chosen)
        return fail(BadInput, QStringLiteral("notify test: %1").arg(error));
    const auto &[index, method] = *chosen;
    if (method.kind == ContactMethod::Kind::Desktop)
        return fail(BadInput, QStringLiteral("notify test: desktop notifications are shown by the "
                                             "console itself; use Send test in its Settings"));
    return sendTest(*ws, location, *person, index, method);
}

} // namespace wk::cli
