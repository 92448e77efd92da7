#pragma once

#include "delivery.h"
#include "timestamp.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace wk {

struct Workspace;

// How one contact method of one person is doing, judged by its recent pages: for the
// Channels pane, as SourceHealth is for the Sources pane.
struct ChannelHealth
{
    enum class Status {
        Unused,   // no page went this way in the period
        Working,  // its latest attempt went through
        Retrying, // its latest attempt failed and another is due
        Failing,  // its latest page gave up
        Local,    // a desktop notification, shown by the console itself
    };

    QString person;
    int contact = -1; // position in the person's contacts; -1: the person's own email
    QString kind;
    QString target; // the address or URL; empty when it is kept in the keychain
    bool dryRun = false;
    int sent = 0;
    int failed = 0;   // pages that gave up
    int retrying = 0; // pages waiting for another attempt
    TimestampNs lastSent = 0;
    TimestampNs lastAttempt = 0; // when the latest attempted page was planned
    QString lastResult;          // the server's answer to the latest attempt
    Status status = Status::Unused;

    // The pane covers the pages of the last day, read again at most this often while pages
    // go out (by the leader's sender) or while following (by a follower's engine).
    static constexpr qint64 periodNs = 86400 * nanosPerSecond;
    static constexpr qint64 readIntervalMs = 2000;

    bool failing() const { return status == Status::Failing; }
    bool operator==(const ChannelHealth &) const = default;

    // How a method is doing when its latest attempted page has this status.
    static Status judge(Delivery::Status latest);
    // Every method the workspace lists (and each person's own email when they list none
    // and mail can be sent), with the figures the store has for it (DeliveryStore::
    // channels); figures of methods no longer listed, or of a position that now holds
    // another kind, are left out.
    static QList<ChannelHealth> merged(const Workspace &workspace,
                                       const QList<ChannelHealth> &figures);
};

} // namespace wk

Q_DECLARE_METATYPE(wk::ChannelHealth)
