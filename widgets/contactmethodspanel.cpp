#include "contactmethodspanel.h"

#include "domain/duration.h"
#include "keychain/credentialstore.h"
#include "paging/pagetest.h"

#include <QDir>
#include <QFutureWatcher>
#include <QGridLayout>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace wk {

namespace {

// The person's methods as pages use them: their own email when they list none.
QList<std::pair<int, ContactMethod>> methodsOf(const Person &p)
{
    QList<std::pair<int, ContactMethod>> out;
    for (int i = 0; i < p.contacts.size(); ++i)
        out.append({i, p.contacts.at(i)});
    if (out.isEmpty() && !p.email.isEmpty()) {
        ContactMethod own;
        own.address = p.email;
        out.append({-1, own});
    }
    return out;
}

QString whereTo(const ContactMethod &m)
{
    if (m.kind == ContactMethod::Kind::Desktop)
        return QObject::tr("this console's notifications");
    if (!m.address.isEmpty())
        return m.address;
    if (!m.defaultUrl().isEmpty())
        return m.defaultUrl();
    return QObject::tr("URL in the keychain");
}

QString rulesOf(const ContactMethod &m)
{
    QStringList parts;
    if (!m.severities.isEmpty()) {
        QStringList names;
        for (Severity s : m.severities)
            names << severityName(s);
        parts << QObject::tr("only %1").arg(names.join(QStringLiteral(", ")));
    }
    if (m.afterSeconds > 0)
        parts << QObject::tr("after %1").arg(formatDuration(m.afterSeconds));
    if (m.actionableAtLeast && m.actionableBelow)
        parts << QObject::tr("only when actionable %1 to %2")
                     .arg(*m.actionableAtLeast)
                     .arg(*m.actionableBelow - 1);
    else if (m.actionableAtLeast)
        parts << QObject::tr("only when actionable %1 or more (or not yet scored)")
                     .arg(*m.actionableAtLeast);
    else if (m.actionableBelow)
        parts << QObject::tr("only when actionable below %1").arg(*m.actionableBelow);
    if (m.dryRun)
        parts << QObject::tr("dry run: recorded, not sent");
    return parts.isEmpty() ? QObject::tr("every alert, at once") : parts.join(QStringLiteral("; "));
}

} // namespace

ContactMethodsPanel::ContactMethodsPanel(Workspace workspace, QString baseDir, QWidget *parent)
    : QWidget(parent), m_workspace(std::move(workspace)), m_baseDir(std::move(baseDir))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_grid = new QGridLayout;
    layout->addLayout(m_grid);
    m_rules = new QLabel;
    m_rules->setWordWrap(true);
    layout->addWidget(m_rules);
}

void ContactMethodsPanel::setPerson(const QString &personId)
{
    m_person = personId;
    m_outcomes.clear();
    while (QLayoutItem *item = m_grid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const Person *p = m_workspace.person(personId);
    if (!p) {
        auto *none = new QLabel(tr("Choose who you are under \"Record my actions as\" to see "
                                   "how you are paged."));
        none->setWordWrap(true);
        m_grid->addWidget(none, 0, 0, 1, 4);
        m_rules->clear();
        return;
    }
    const auto methods = methodsOf(*p);
    int row = 0;
    for (const auto &[index, m] : methods) {
        auto *kind = new QLabel(QStringLiteral("<b>%1</b>").arg(contactKindLabel(m.kind)));
        auto *where = new QLabel(whereTo(m));
        where->setTextInteractionFlags(Qt::TextSelectableByMouse);
        where->setToolTip(rulesOf(m));
        auto *test = new QPushButton(tr("Send test"));
        test->setObjectName(QStringLiteral("sendTest%1").arg(m_outcomes.size()));
        test->setEnabled(m.kind != ContactMethod::Kind::Desktop);
        if (m.kind == ContactMethod::Kind::Desktop)
            test->setToolTip(tr("Desktop notifications are this console's own"));
        auto *outcome = new QLabel;
        outcome->setWordWrap(true);
        outcome->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_grid->addWidget(kind, row, 0);
        m_grid->addWidget(where, row, 1);
        m_grid->addWidget(new QLabel(rulesOf(m)), row, 2);
        m_grid->addWidget(test, row, 3);
        m_grid->addWidget(outcome, row + 1, 1, 1, 3);
        m_outcomes << outcome;
        const int r = static_cast<int>(m_outcomes.size()) - 1;
        connect(test, &QPushButton::clicked, this, [this, r] { sendTest(r); });
        row += 2;
    }
    if (methods.isEmpty())
        m_grid->addWidget(new QLabel(tr("No way to reach you: the workspace lists no contact "
                                        "methods and no email for you.")),
                          0, 0, 1, 4);
    QString rules = tr("Methods and rules are set in the workspace file (people › contacts).");
    if (p->quietHours)
        rules.prepend(tr("Quiet hours %1–%2 (%3) hold back %4 alerts. ")
                          .arg(p->quietHours->from.toString(QStringLiteral("HH:mm")),
                               p->quietHours->to.toString(QStringLiteral("HH:mm")), p->timeZone,
                               [&] {
                                   QStringList names;
                                   for (Severity s : p->quietHours->hold)
                                       names << severityName(s);
                                   return names.join(tr(" and "));
                               }()));
    m_rules->setText(rules);
}

QString ContactMethodsPanel::outcome(int row) const
{
    return row >= 0 && row < m_outcomes.size() ? m_outcomes.at(row)->text() : QString();
}

void ContactMethodsPanel::sendTest(int row)
{
    const Person *p = m_workspace.person(m_person);
    if (!p)
        return;
    const auto methods = methodsOf(*p);
    if (row < 0 || row >= methods.size())
        return;
    const auto [index, method] = methods.at(row);
    QLabel *label = m_outcomes.at(row);
    label->setStyleSheet(QString());
    label->setText(tr("Sending…"));
    const Person person = *p;
    const QString caFile = m_workspace.smtp.caCertificate.isEmpty()
                               ? QString()
                               : QDir(m_baseDir).absoluteFilePath(m_workspace.smtp.caCertificate);
    QPointer<ContactMethodsPanel> self(this);
    auto finish = [self, row, label](bool accepted, const QString &answer) {
        if (!self)
            return;
        label->setStyleSheet(accepted ? QStringLiteral("color: #2e7d32")
                                      : QStringLiteral("color: #c62828"));
        label->setText(accepted ? self->tr("Sent: %1").arg(answer)
                                : self->tr("Not sent: %1").arg(answer));
        emit self->testFinished(row, accepted, answer);
    };
    // The network part runs on a pool thread; the secret is read first, without waiting.
    auto run = [self, ws = m_workspace, person, index = index, method = method, caFile,
                finish](const QString &secret) {
        auto *watcher = new QFutureWatcher<PageTest::Result>(self);
        connect(watcher, &QFutureWatcher<PageTest::Result>::finished, self, [watcher, finish] {
            const PageTest::Result r = watcher->result();
            watcher->deleteLater();
            finish(r.accepted, r.answer);
        });
        watcher->setFuture(QtConcurrent::run([ws, person, index, method, secret, caFile] {
            return PageTest::send(ws, person, index, method, secret, caFile);
        }));
    };
    const QString key = m_workspace.keychainEntry(p->id, index, method);
    if (key.isEmpty()) {
        run(QString());
        return;
    }
    CredentialStore::read(key, this, [run, finish, key](bool ok, const QString &text) {
        if (ok)
            run(text);
        else
            finish(false, tr("cannot read %1 from the keychain: %2").arg(key, text));
    });
}

} // namespace wk
