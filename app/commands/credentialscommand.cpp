#include "commands.h"

#include "commandsupport.h"

#include "domain/timestamp.h"
#include "keychain/credentialstore.h"
#include "sources/sqlfreshnessprobe.h"

#include <QTextStream>

#include <termios.h>
#include <unistd.h>

namespace wk::cli {

namespace {

// One line from standard input, not echoed when it is a terminal.
QString readSecretLine(const QString &prompt)
{
    const bool terminal = ::isatty(STDIN_FILENO);
    termios saved{};
    if (terminal) {
        err() << prompt << Qt::flush;
        ::tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    QTextStream in(stdin);
    QString line = in.readLine();
    if (terminal) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        err() << Qt::endl;
    }
    return line;
}

// Stores or removes a secret that is not a source's password: the mail server's, or a
// contact method's signing key.
int storeSecret(const QString &action, const QString &key)
{
    QString result;
    if (action == QLatin1String("delete")) {
        if (!CredentialStore::removeNow(key, &result))
            return fail(Unavailable, QStringLiteral("cannot remove %1: %2").arg(key, result));
        out() << "removed " << key << " from the keychain" << Qt::endl;
        return Ok;
    }
    const QString secret = readSecretLine(QStringLiteral("Secret for %1: ").arg(key));
    if (secret.isEmpty())
        return fail(BadInput, QStringLiteral("credentials set: nothing on standard input"));
    if (!CredentialStore::writeNow(key, secret, &result))
        return fail(Unavailable,
                    QStringLiteral("cannot store %1 in the keychain: %2").arg(key, result));
    out() << "stored " << key << " in the keychain" << Qt::endl;
    return Ok;
}

} // namespace

int credentials(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Keep a password or key in the OS keychain, never in a file: an sql "
                       "source's (--source), the mail server's (--smtp), the customers "
                       "query's (--customers) or a contact method's signing key (--contact).\n"
                       "  set     read the password from standard input and store it\n"
                       "  delete  remove it\n"
                       "  check   run the source's freshness probe once with it"));
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("set, delete or check"));
    const QCommandLineOption source({QStringLiteral("s"), QStringLiteral("source")},
                                    QStringLiteral("The sql source's id."), QStringLiteral("id"));
    parser.addOption(source);
    const QCommandLineOption smtp(QStringLiteral("smtp"),
                                  QStringLiteral("The mail server's password (smtp section)."));
    const QCommandLineOption contact(
        QStringLiteral("contact"),
        QStringLiteral("A contact method's signing key: PERSON:N, the N-th of their contacts."),
        QStringLiteral("person:n"));
    const QCommandLineOption customers(
        QStringLiteral("customers"),
        QStringLiteral("The password of the customers query (customers: connection)."));
    parser.addOption(smtp);
    parser.addOption(contact);
    parser.addOption(customers);
    parser.addOption(workspaceOption());
    int code = Ok;
    if (!parse(parser, arguments, &code))
        return code;
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    if (action != QLatin1String("set") && action != QLatin1String("delete") &&
        action != QLatin1String("check"))
        return fail(BadInput, QStringLiteral("credentials: say set, delete or check"));
    if (parser.isSet(customers)) {
        if (action == QLatin1String("check"))
            return fail(BadInput, QStringLiteral("credentials check: for the customers query, "
                                                 "run 'watchkeeper customers --workspace W'"));
        return storeSecret(action, CustomerQuery::credentialKey());
    }
    if (parser.isSet(smtp) || parser.isSet(contact)) {
        if (action == QLatin1String("check"))
            return fail(BadInput, QStringLiteral("credentials check: only for --source; try "
                                                 "'watchkeeper notify test' for mail"));
        QString key = SmtpSettings::credentialKey();
        if (parser.isSet(contact)) {
            const QStringList parts = parser.value(contact).split(QLatin1Char(':'));
            bool ok = false;
            const int n = parts.value(1).toInt(&ok);
            if (parts.size() != 2 || !ok || n < 1)
                return fail(BadInput, QStringLiteral("credentials: --contact takes PERSON:N, "
                                                     "such as amara:2"));
            key = ContactMethod::credentialKey(parts.at(0), n - 1);
        }
        return storeSecret(action, key);
    }
    const QString id = parser.value(source);
    if (id.isEmpty())
        return fail(BadInput, QStringLiteral("credentials: --source, --smtp or --contact is "
                                             "required"));
    // With the workspace at hand, a mistyped source id is caught before the keychain is.
    std::optional<DataSource> found;
    const QString location = parser.value(QStringLiteral("workspace"));
    if (!location.isEmpty()) {
        const auto ws = loadWorkspace(location, &code);
        if (!ws)
            return code;
        if (const DataSource *s = ws->source(id))
            found = *s;
        if (!found || found->kind != DataSource::Kind::Sql)
            return fail(BadInput, QStringLiteral("%1 has no sql source '%2'").arg(location, id));
        if (found->credential != QLatin1String("keychain"))
            return fail(BadInput, QStringLiteral("source '%1' does not say 'credential: keychain', "
                                                 "so the console would not look for a password")
                                      .arg(id));
    } else if (action == QLatin1String("check")) {
        return fail(BadInput, QStringLiteral("credentials check: --workspace is required"));
    }

    QString result;
    if (action == QLatin1String("set")) {
        const QString password = readSecretLine(QStringLiteral("Password for %1: ").arg(id));
        if (password.isEmpty())
            return fail(BadInput, QStringLiteral("credentials set: no password on standard input"));
        if (!CredentialStore::writeNow(id, password, &result))
            return fail(Unavailable, QStringLiteral("cannot store the password in the keychain: "
                                                    "%1")
                                         .arg(result));
        out() << "stored the password of " << id << " in the keychain" << Qt::endl;
        return Ok;
    }
    if (action == QLatin1String("delete")) {
        if (!CredentialStore::removeNow(id, &result))
            return fail(Unavailable, QStringLiteral("cannot remove the password: %1").arg(result));
        out() << "removed the password of " << id << " from the keychain" << Qt::endl;
        return Ok;
    }
    if (!CredentialStore::readNow(id, &result))
        return fail(Unavailable,
                    QStringLiteral("cannot read the password from the keychain: %1").arg(result));
    const SqlFreshnessProbe::Result probe = SqlFreshnessProbe::run(*found, result);
    if (!probe.error.isEmpty())
        return fail(Unavailable, QStringLiteral("%1: %2").arg(id, probe.error));
    out() << id << ": newest " << found->timeColumn << " in " << found->table << " is "
          << (probe.newest ? QString::fromStdString(formatTimestamp(*probe.newest))
                           : QStringLiteral("none (the table is empty)"))
          << " (" << probe.elapsedMs << " ms)" << Qt::endl;
    return Ok;
}

} // namespace wk::cli
