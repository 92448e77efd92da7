#pragma once

#include "domain/channelhealth.h"
#include "domain/delivery.h"
#include "domain/workspace.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QThreadPool>

#include <atomic>
#include <memory>

class QThread;
class QTimer;

namespace wk {

class Database;
class DeliveryPlanner;
class DeliveryStore;

// Sends the stored deliveries that are due, in a thread of its own with its own connection
// to the store, so that a slow mail server never holds up the engine or the window. Each
// attempt is recorded after it is made: sent, or failed with the server's answer and a
// next attempt after a growing pause, until the last attempt gives up. attempted() tells
// the engine, which puts it on the alert's timeline.
class DeliverySender : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int maxAttempts = 5;
        QList<qint64> backoffSeconds = {30, 120, 600, 1800}; // after the 1st, 2nd, ... failure
        int pollMs = 1000;
        int batch = 200;   // deliveries read per round
        int parallel = 16; // sent side by side
    };

    // storeLocation: as Database::open takes it. baseDir: where relative paths in the
    // workspace (a ca_certificate) start.
    DeliverySender(QString storeLocation, Workspace workspace, QString baseDir, Options options);
    DeliverySender(QString storeLocation, Workspace workspace, QString baseDir);
    ~DeliverySender() override;

    // Where the messages it writes (for pages planned without one) link to, signed with key;
    // before start().
    void setActionLinks(const QString &base, const QByteArray &key);
    // Starts the sender's thread; the first round runs at once.
    void start();
    // Sends what is due now rather than at the next round (after a new page is stored).
    void wake();
    // Abandons the attempt in flight (it is sent again by whoever sends next), then ends
    // the thread.
    void stop();

    static QString describe(const Delivery &delivery, const Workspace &workspace);

signals:
    // Attempts just recorded, in one transaction.
    void attempted(const QList<wk::Delivery> &deliveries);
    // What the pages of the last day say of each method (DeliveryStore::channels): at the
    // start, and after attempts were recorded, at most every two seconds.
    void channelsRead(const QList<wk::ChannelHealth> &figures);
    void failedToStart(const QString &error);

private:
    void open();
    // One delivery's attempt: its secret looked up on the sender's thread (prepare), sent
    // from any thread of the pool (transmit), its outcome worked out (conclude).
    struct Attempt
    {
        Delivery delivery;
        QString secret;
        QString problem; // why it cannot be sent at all
        bool dryRun = false;
        bool transmitted = false;
        bool accepted = false;
        QString answer;
    };
    void sendDue();
    // Reads and announces the channels' figures if attempts were recorded since, and the
    // last reading is old enough: here rather than on the engine's thread, which a storm
    // of pages would otherwise keep busy with them.
    void reportChannels();
    // Sends the round's attempts side by side and records their outcomes as they come.
    void sendRound(QList<Attempt> &attempts, const QList<qsizetype> &round);
    Attempt prepare(const Delivery &delivery);
    void transmit(Attempt &attempt) const;
    void conclude(Attempt &attempt) const;
    // The keychain entries the workspace's methods name, asked for without waiting: a
    // nested wait here could not be stopped while the window's thread is busy.
    void readSecrets();
    void readSecret(const QString &key);
    // A keychain secret as last read; empty with *error when it could not be (asked for
    // again, so a secret stored meanwhile is used by the next attempt).
    QString secret(const QString &key, QString *error);

    QString m_storeLocation;
    Workspace m_workspace;
    QString m_baseDir;
    Options m_options;
    QThread *m_thread = nullptr;
    QObject *m_context = nullptr; // lives in m_thread; timers and calls run there
    QTimer *m_timer = nullptr;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<DeliveryStore> m_store;
    std::unique_ptr<DeliveryPlanner> m_writer; // writes the messages of pages planned without
    QThreadPool m_pool;
    QHash<QString, QString> m_secrets;
    QHash<QString, QString> m_secretErrors;
    QSet<QString> m_reading;             // keychain entries asked for and not answered yet
    std::atomic_bool m_stopping = false; // set by stop(): the attempt in flight is abandoned
    QElapsedTimer m_channelsAge;         // since the channels were last read
    bool m_channelsStale = true;         // attempts were recorded since
};

} // namespace wk
