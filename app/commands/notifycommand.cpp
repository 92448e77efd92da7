#include "commands.h"

#include "commandsupport.h"

#include "paging/alertmessage.h"
#include "paging/smtpmailer.h"
#include "sources/credentialstore.h"
#include "workspace/yamlreader.h"

#include <QFileInfo>

namespace wk::cli {

namespace {

// The address a person's email pages go to: their first email method, or the email the
// workspace gives for them when they list none.
QString emailOf(const Person &person)
{
    for (const ContactMethod &m : person.contacts) {
        if (m.kind == ContactMethod::Kind::Email)
            return m.address;
    }
    return person.email;
}

int sendTestEmail(const Workspace &ws, const QString &location, const Person &person)
{
    if (!ws.smtp.configured())
        return fail(BadInput, QStringLiteral("%1 has no smtp section, so nothing can be emailed; "
                                             "add one (see README, \"Paging\")")
                                  .arg(location));
    QString password;
    if (ws.smtp.credential == QLatin1String("keychain") &&
        !CredentialStore::readNow(SmtpSettings::credentialKey(), &password))
        return fail(Unavailable, QStringLiteral("cannot read the mail password from the keychain "
                                                "(store it with: watchkeeper credentials set "
                                                "--smtp): %1")
                                     .arg(password));
    // A workspace read from a database has no folder: its paths are taken as written.
    const QString caFile = ws.smtp.caCertificate.isEmpty() ? QString()
                           : QFileInfo(location).isFile()
                               ? resolvePath(location, ws.smtp.caCertificate)
                               : ws.smtp.caCertificate;
    const QString to = emailOf(person);
    const SmtpMailer mailer(ws.smtp, password, caFile);
    const SmtpMailer::Result result = mailer.send(QStringLiteral("%1 <%2>").arg(person.name, to),
                                                  AlertMessage::test(person, ws.name));
    if (!result.accepted)
        return fail(
            Unavailable,
            QStringLiteral("the test message to %1 was not sent: %2").arg(to, result.answer));
    out() << "test message to " << to << " " << result.answer << Qt::endl;
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
        QStringLiteral("The method: email (their first email method, or their email)."),
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
    const QString via = parser.value(viaOption);
    if (via != QLatin1String("email"))
        return fail(BadInput, QStringLiteral("notify test: --via %1 is not a method this build "
                                             "sends test messages by; use email")
                                  .arg(via));
    return sendTestEmail(*ws, location, *person);
}

} // namespace wk::cli
