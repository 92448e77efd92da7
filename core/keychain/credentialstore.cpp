#include "credentialstore.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QPointer>
#include <QThread>

#include <qt6keychain/keychain.h>

namespace wk {

namespace {

void run(std::function<QKeychain::Job *()> makeJob, QObject *context, CredentialStore::Done done,
         bool read)
{
    QCoreApplication *app = QCoreApplication::instance();
    if (QThread::currentThread() != app->thread()) {
        // QtKeychain's job queue is one object of the thread that first used it; every job
        // runs there, and the answer comes back to the asking thread.
        QPointer<QObject> asker(context);
        QMetaObject::invokeMethod(app, [makeJob = std::move(makeJob), asker, done = std::move(done),
                                        read, app]() mutable {
            run(
                std::move(makeJob), app,
                [asker, done = std::move(done)](bool ok, const QString &text) {
                    if (asker)
                        QMetaObject::invokeMethod(asker.data(),
                                                  [done, ok, text] { done(ok, text); });
                },
                read);
        });
        return;
    }
    QKeychain::Job *job = makeJob();
    job->setAutoDelete(true);
    // Plain-text fallbacks would defeat the point of a keychain.
    job->setInsecureFallback(false);
    QPointer<QObject> alive(context);
    QObject::connect(job, &QKeychain::Job::finished, context,
                     [alive, done = std::move(done), read](QKeychain::Job *j) {
                         if (!alive)
                             return;
                         if (j->error() != QKeychain::NoError) {
                             done(false, j->errorString());
                             return;
                         }
                         done(true, read ? static_cast<QKeychain::ReadPasswordJob *>(j)->textData()
                                         : QString());
                     });
    job->start();
}

bool wait(const std::function<void(QObject *, CredentialStore::Done)> &start, QString *out)
{
    QEventLoop loop;
    bool ok = false;
    start(&loop, [&](bool success, const QString &text) {
        ok = success;
        if (out)
            *out = text;
        loop.quit();
    });
    loop.exec();
    return ok;
}

} // namespace

void CredentialStore::read(const QString &sourceId, QObject *context, Done done)
{
    run(
        [sourceId]() -> QKeychain::Job * {
            auto *job = new QKeychain::ReadPasswordJob(service());
            job->setKey(sourceId);
            return job;
        },
        context, std::move(done), true);
}

void CredentialStore::write(const QString &sourceId, const QString &password, QObject *context,
                            Done done)
{
    run(
        [sourceId, password]() -> QKeychain::Job * {
            auto *job = new QKeychain::WritePasswordJob(service());
            job->setKey(sourceId);
            job->setTextData(password);
            return job;
        },
        context, std::move(done), false);
}

void CredentialStore::remove(const QString &sourceId, QObject *context, Done done)
{
    run(
        [sourceId]() -> QKeychain::Job * {
            auto *job = new QKeychain::DeletePasswordJob(service());
            job->setKey(sourceId);
            return job;
        },
        context, std::move(done), false);
}

bool CredentialStore::readNow(const QString &sourceId, QString *passwordOrError)
{
    return wait([&](QObject *c, Done d) { read(sourceId, c, std::move(d)); }, passwordOrError);
}

bool CredentialStore::writeNow(const QString &sourceId, const QString &password, QString *error)
{
    return wait([&](QObject *c, Done d) { write(sourceId, password, c, std::move(d)); }, error);
}

bool CredentialStore::removeNow(const QString &sourceId, QString *error)
{
    return wait([&](QObject *c, Done d) { remove(sourceId, c, std::move(d)); }, error);
}

} // namespace wk
