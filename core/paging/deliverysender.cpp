#include "deliverysender.h"

#include "deliveryplanner.h"
#include "storage/alertstore.h"

#include "httpposter.h"
#include "pagerequest.h"
#include "smtpmailer.h"

#include "keychain/credentialstore.h"
#include "storage/database.h"
#include "storage/deliverystore.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QMutex>
#include <QThread>
#include <QTimer>
#include <QWaitCondition>

namespace wk {

namespace {

// A webhook that takes longer than this is as good as down; the page is tried again.
constexpr int webhookTimeoutSeconds = 15;
// How long an answer waits for others to be recorded with it.
constexpr int recordGatherMs = 50;

TimestampNs realNow()
{
    // Pages go out in the real world, whatever clock the engine runs on.
    return toTimestamp(QDateTime::currentDateTimeUtc());
}

QString inWords(qint64 seconds)
{
    return seconds < 120 ? QStringLiteral("%1 s").arg(seconds)
                         : QStringLiteral("%1 min").arg(seconds / 60);
}

} // namespace

DeliverySender::DeliverySender(QString storeLocation, Workspace workspace, QString baseDir,
                               Options options)
    : m_storeLocation(std::move(storeLocation)), m_workspace(std::move(workspace)),
      m_baseDir(std::move(baseDir)), m_options(std::move(options)),
      m_writer(std::make_unique<DeliveryPlanner>(m_workspace))
{
    m_pool.setMaxThreadCount(qMax(1, m_options.parallel));
}

DeliverySender::DeliverySender(QString storeLocation, Workspace workspace, QString baseDir)
    : DeliverySender(std::move(storeLocation), std::move(workspace), std::move(baseDir), Options())
{}

DeliverySender::~DeliverySender()
{
    stop();
}

void DeliverySender::setActionLinks(const QString &base, const QByteArray &key)
{
    m_writer->setActionLinks(base, key);
}

void DeliverySender::start()
{
    if (m_thread)
        return;
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("deliveries"));
    m_context = new QObject;
    m_context->moveToThread(m_thread);
    m_thread->start();
    QMetaObject::invokeMethod(m_context, [this] { open(); });
}

void DeliverySender::open()
{
    QString error;
    m_db = Database::open(m_storeLocation, &error);
    if (!m_db) {
        emit failedToStart(error);
        return;
    }
    m_store = std::make_unique<DeliveryStore>(*m_db);
    m_timer = new QTimer(m_context);
    m_timer->setInterval(m_options.pollMs);
    connect(m_timer, &QTimer::timeout, m_context, [this] {
        sendDue();
        reportChannels();
        // The engine's connection leaves checkpoints to this thread while it pages; one a
        // poll keeps the log short without the engine's saves ever doing it.
        m_db->checkpoint();
    });
    reportChannels();
    readSecrets(); // the first round starts once they are answered
    if (m_reading.isEmpty()) {
        m_timer->start();
        sendDue();
    }
}

void DeliverySender::readSecrets()
{
    QSet<QString> keys;
    for (const Person &p : std::as_const(m_workspace.people)) {
        for (int i = 0; i < p.contacts.size(); ++i)
            keys.insert(m_workspace.keychainEntry(p.id, i, p.contacts.at(i)));
        if (p.contacts.isEmpty())
            keys.insert(m_workspace.keychainEntry(p.id, -1, ContactMethod())); // own email
    }
    keys.remove(QString());
    for (const QString &key : std::as_const(keys))
        readSecret(key);
}

void DeliverySender::readSecret(const QString &key)
{
    if (m_reading.contains(key))
        return;
    m_reading.insert(key);
    CredentialStore::read(key, m_context, [this, key](bool ok, const QString &text) {
        m_reading.remove(key);
        if (ok) {
            m_secrets.insert(key, text);
            m_secretErrors.remove(key);
        } else {
            m_secretErrors.insert(key, text);
        }
        if (m_reading.isEmpty() && m_timer && !m_timer->isActive() && !m_stopping) {
            m_timer->start();
            sendDue();
        }
    });
}

void DeliverySender::wake()
{
    if (m_context)
        QMetaObject::invokeMethod(m_context, [this] { sendDue(); });
}

void DeliverySender::stop()
{
    if (!m_thread)
        return;
    m_stopping = true;
    QMetaObject::invokeMethod(
        m_context,
        [this] {
            delete m_timer;
            m_timer = nullptr;
            m_store.reset();
            m_db.reset(); // its connection belongs to this thread
        },
        Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_context;
    delete m_thread;
    m_context = nullptr;
    m_thread = nullptr;
}

void DeliverySender::sendDue()
{
    if (!m_store)
        return;
    QString error;
    const auto due = m_store->due(realNow(), m_options.batch, &error);
    if (!due || due->isEmpty())
        return; // the store is away (the next round tries again), or nothing is due
    // Pages planned without their message get it now, from their alerts as stored.
    QList<qint64> unwritten;
    for (const Delivery &d : *due) {
        if (DeliveryPlanner::needsWriting(d) && !unwritten.contains(d.alertId))
            unwritten << d.alertId;
    }
    QHash<qint64, Alert> alerts;
    if (!unwritten.isEmpty()) {
        const auto loaded = AlertStore(*m_db).loadSome(unwritten, &error);
        if (!loaded)
            return; // the store is away: the next round tries again
        for (const Alert &a : *loaded)
            alerts.insert(a.id, a);
    }
    QList<Attempt> attempts;
    attempts.reserve(due->size());
    QHash<QString, AlertMessage> messages; // by alert and person: their methods share one
    for (const Delivery &d : *due) {
        if (!DeliveryPlanner::needsWriting(d)) {
            attempts.append(prepare(d));
            continue;
        }
        QString problem = QStringLiteral("alert #%1 is no longer stored").arg(d.alertId);
        const auto it = alerts.constFind(d.alertId);
        std::optional<Delivery> written;
        if (it != alerts.cend()) {
            const QString reader = QStringLiteral("%1|%2").arg(d.alertId).arg(d.person);
            auto message = messages.find(reader);
            if (message == messages.end())
                message =
                    messages.insert(reader, AlertMessage::forAlert(*it, m_workspace, d.person));
            written = m_writer->written(d, *message, &problem);
        }
        if (written) {
            attempts.append(prepare(*written));
        } else {
            Attempt a;
            a.delivery = d;
            a.problem = problem;
            attempts.append(a);
        }
    }
    // Sent side by side, but one method's messages about one alert in order: a paging
    // service must hear the trigger before the acknowledgement.
    QHash<QString, qsizetype> groupOf;
    QList<QList<qsizetype>> groups;
    for (qsizetype i = 0; i < attempts.size(); ++i) {
        const Delivery &d = attempts.at(i).delivery;
        const QString key = QStringLiteral("%1|%2|%3").arg(d.alertKey, d.person).arg(d.contact);
        const auto it = groupOf.constFind(key);
        if (it == groupOf.constEnd()) {
            groupOf.insert(key, groups.size());
            groups.append(QList<qsizetype>{i});
        } else {
            groups[*it].append(i);
        }
    }
    // Round k holds each group's k-th message, sent once its (k-1)-th was answered.
    for (qsizetype k = 0; !m_stopping; ++k) {
        QList<qsizetype> round;
        for (const QList<qsizetype> &g : std::as_const(groups)) {
            if (k < g.size())
                round.append(g.at(k));
        }
        if (round.isEmpty())
            break;
        sendRound(attempts, round);
    }
    reportChannels();
    // A full batch means more may be due: the next round at once, not at the next poll.
    if (due->size() >= m_options.batch && !m_stopping)
        QMetaObject::invokeMethod(
            m_context, [this] { sendDue(); }, Qt::QueuedConnection);
}

void DeliverySender::sendRound(QList<Attempt> &attempts, const QList<qsizetype> &round)
{
    // Every message of the round goes to the pool at once, `parallel` on the wire at a time,
    // and outcomes are recorded as they come in, a transaction for whatever has come in
    // since the last: no message waits for a slower neighbour, and a crash repeats no more
    // than what was on the wire or answered but not yet recorded.
    Attempt *base = attempts.data(); // no detaching from the pool's threads
    QMutex mutex;
    QWaitCondition answered;
    QList<qsizetype> done;
    for (qsizetype i : round) {
        m_pool.start([this, base, i, &mutex, &answered, &done] {
            if (!m_stopping)
                transmit(base[i]);
            const QMutexLocker lock(&mutex);
            done.append(i);
            answered.wakeOne();
        });
    }
    QString error;
    for (qsizetype handled = 0; handled < round.size();) {
        QList<qsizetype> ready;
        {
            QMutexLocker lock(&mutex);
            while (done.isEmpty())
                answered.wait(&mutex);
            // A little longer for company: each record is a transaction the engine's own
            // saves wait for, so a storm's outcomes go a few dozen at a time.
            QDeadlineTimer gather(recordGatherMs);
            while (done.size() < m_options.parallel && handled + done.size() < round.size() &&
                   answered.wait(&mutex, gather)) {
            }
            ready.swap(done);
        }
        handled += ready.size();
        QList<Delivery> outcomes;
        for (qsizetype i : std::as_const(ready)) {
            Attempt &a = base[i];
            // Abandoned when stopping, not failed: not recorded, so sent again later.
            if (!a.transmitted || (m_stopping && !a.accepted))
                continue;
            conclude(a);
            outcomes.append(a.delivery);
        }
        // Not recorded means not known to be sent: the next round sends them again,
        // which may repeat a message but never loses one.
        if (!outcomes.isEmpty() && m_store->recordAll(outcomes, &error)) {
            m_channelsStale = true;
            emit attempted(outcomes);
        }
    }
}

void DeliverySender::reportChannels()
{
    if (!m_store || !m_channelsStale ||
        (m_channelsAge.isValid() && m_channelsAge.elapsed() < ChannelHealth::readIntervalMs))
        return;
    QString error;
    const auto figures = m_store->channels(realNow() - ChannelHealth::periodNs, &error);
    if (!figures)
        return; // the store is away: the next round reads again
    m_channelsAge.start();
    m_channelsStale = false;
    emit channelsRead(*figures);
}

QString DeliverySender::secret(const QString &key, QString *error)
{
    if (const auto it = m_secrets.constFind(key); it != m_secrets.constEnd())
        return *it;
    const QString why = m_secretErrors.value(key, QStringLiteral("not read yet"));
    readSecret(key); // stored meanwhile with "watchkeeper credentials set"? next time
    *error = QStringLiteral("cannot read %1 from the keychain: %2").arg(key, why);
    return {};
}

DeliverySender::Attempt DeliverySender::prepare(const Delivery &d)
{
    Attempt a;
    a.delivery = d;
    const Person *person = m_workspace.person(d.person);
    const ContactMethod *method = person && d.contact >= 0 && d.contact < person->contacts.size()
                                      ? &person->contacts.at(d.contact)
                                      : nullptr;
    if (d.kind == QLatin1String("desktop")) {
        a.problem = QStringLiteral("this console cannot send by %1").arg(d.kind);
        return a;
    }
    const ContactMethod ownEmail; // a page to the person's own address has no method
    if (!method && d.kind == QLatin1String("email"))
        method = &ownEmail;
    if (method && method->dryRun) {
        a.dryRun = true;
        return a; // sends nothing, so needs no secret
    }
    if (const QString key =
            method ? m_workspace.keychainEntry(d.person, d.contact, *method) : QString();
        !key.isEmpty())
        a.secret = secret(key, &a.problem);
    return a;
}

void DeliverySender::transmit(Attempt &a) const
{
    a.transmitted = true;
    if (!a.problem.isEmpty()) {
        a.answer = a.problem;
        return;
    }
    const Delivery &d = a.delivery;
    if (a.dryRun) {
        a.accepted = true;
        a.answer = QStringLiteral("dry run, nothing sent; the message would have been %1 bytes")
                       .arg(d.kind == QLatin1String("email")
                                ? (d.subject + d.text + d.html).toUtf8().size()
                                : d.json.toUtf8().size());
        return;
    }
    if (d.kind == QLatin1String("email")) {
        const SmtpSettings &smtp = m_workspace.smtp;
        const QString caFile = smtp.caCertificate.isEmpty()
                                   ? QString()
                                   : QDir(m_baseDir).absoluteFilePath(smtp.caCertificate);
        const Person *person = m_workspace.person(d.person);
        const QString to =
            person ? QStringLiteral("%1 <%2>").arg(person->name, d.target) : d.target;
        SmtpMailer mailer(smtp, a.secret, caFile);
        mailer.setCancel(&m_stopping);
        const SmtpMailer::Result r = mailer.send(to, {d.alertKey, d.subject, d.text, d.html});
        a.accepted = r.accepted;
        a.answer = r.answer;
        return;
    }
    QString problem;
    const auto request =
        PageRequest::forDelivery(d, a.secret, QDateTime::currentSecsSinceEpoch(), &problem);
    if (!request) {
        a.answer = problem;
        return;
    }
    HttpPoster poster(webhookTimeoutSeconds);
    poster.setCancel(&m_stopping);
    const HttpPoster::Result r = poster.post(request->url, request->body, request->headers);
    a.accepted = r.accepted;
    a.answer = r.answer;
}

void DeliverySender::conclude(Attempt &a) const
{
    Delivery &d = a.delivery;
    const TimestampNs now = realNow();
    ++d.attempts;
    d.result = a.answer;
    if (a.accepted) {
        d.status = Delivery::Status::Sent;
        d.sentAt = now;
        return;
    }
    if (d.attempts >= m_options.maxAttempts) {
        d.status = Delivery::Status::Failed;
        return;
    }
    const qint64 pause = m_options.backoffSeconds.value(
        qMin<qsizetype>(d.attempts - 1, m_options.backoffSeconds.size() - 1), 60);
    d.nextAttemptAt = now + pause * 1'000'000'000LL;
}

QString DeliverySender::describe(const Delivery &d, const Workspace &ws)
{
    const Person *person = ws.person(d.person);
    const QString who = person ? person->name : d.person;
    const QString &how = d.kind;
    switch (d.status) {
    case Delivery::Status::Sent:
        return QStringLiteral("%1 to %2 (%3): %4").arg(how, who, d.target, d.result);
    case Delivery::Status::Failed:
        return QStringLiteral("%1 to %2 (%3) gave up after %4 attempts: %5")
            .arg(how, who, d.target)
            .arg(d.attempts)
            .arg(d.result);
    case Delivery::Status::Pending: {
        // Rounded up: a pause of 30 s read a moment later is still "30 s", not "29 s".
        const qint64 wait =
            qMax<qint64>(0, (d.nextAttemptAt - realNow() + 999'999'999LL) / 1'000'000'000LL);
        return QStringLiteral("%1 to %2 (%3) failed, retry in %4: %5")
            .arg(how, who, d.target, inWords(wait), d.result);
    }
    case Delivery::Status::Cancelled:
        return QStringLiteral("%1 to %2 (%3) cancelled").arg(how, who, d.target);
    }
    return {};
}

} // namespace wk
