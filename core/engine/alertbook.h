#pragma once

#include "domain/alert.h"
#include "domain/alertcondition.h"
#include "domain/silence.h"
#include "domain/workspace.h"
#include "schedule/oncallschedule.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <map>

namespace wk {

class Clock;

// Every alert and its lifecycle: raising and deduplicating, the SLA clocks of each
// severity, acknowledgement, resolution, snoozing, escalation to the secondary owner,
// silences and inhibition. Pure logic over a clock; storage and threads are elsewhere.
class AlertBook
{
public:
    AlertBook(const Workspace &workspace, const Clock &clock);

    // A rule sees a problem: raise a new alert, or update the open one with this key.
    qint64 fire(const AlertCondition &condition);
    // The rule no longer sees it: an open alert resolves itself. Another tool that resolved
    // its alert says so as actor, with its reason.
    void clear(const QString &dedupKey, const QString &actor = QStringLiteral("engine"),
               const QString &why = QStringLiteral("the condition cleared"));
    // Clears every alert of the rule whose key is not in stillActive.
    void clearRuleExcept(const QString &ruleId, const QSet<QString> &stillActive);

    // A person's actions. False with *error set when the action does not apply.
    // detail: how, when not at the console ("via email link").
    bool acknowledge(qint64 id, const QString &who, QString *error = nullptr,
                     const QString &detail = {});
    bool resolve(qint64 id, const QString &who, QString *error = nullptr,
                 const QString &detail = {});
    bool snooze(qint64 id, TimestampNs until, const QString &who, QString *error = nullptr);
    bool wontFix(qint64 id, const QString &who, QString *error = nullptr);
    bool escalate(qint64 id, const QString &who, QString *error = nullptr);
    // Says how the alert ended, or corrects what was said. Noise, actionable (with what was
    // done) and won't fix also end an open alert; an open alert cannot have resolved itself.
    // The outcome's by and at are the person's and now.
    bool markOutcome(qint64 id, AlertOutcome outcome, const QString &who, QString *error = nullptr);

    // Puts something that happened elsewhere on an alert's timeline (a page sent or failed),
    // open or not. False when there is no such alert.
    bool annotate(qint64 id, const QString &actor, const QString &action, const QString &detail);

    // Moves the clocks: escalates unacknowledged alerts past their ack-by time, wakes
    // snoozed ones, and re-evaluates silences and inhibition.
    void tick();

    void addSilence(const Silence &silence);
    const QList<Silence> &silences() const { return m_silences; }

    const Alert *alert(qint64 id) const;
    const Alert *openAlert(const QString &dedupKey) const;
    QList<Alert> alerts() const;
    qsizetype size() const { return static_cast<qsizetype>(m_alerts.size()); }
    int openCount() const;

    // The alerts changed since the last call, for storage and the views.
    QList<Alert> takeChanges();
    // Restores alerts read from storage; later ids continue after the highest.
    void restore(const QList<Alert> &alerts);

    // Overrides made in the console, so that alerts go to whoever holds the seat now.
    void setStoredOverrides(const QList<ScheduleOverride> &overrides);
    const OnCallSchedule &schedule() const { return m_schedule; }

    // Response and resolution targets for a pipeline's alerts of a severity.
    SeverityTarget targetFor(const QString &pipelineId, Severity severity) const;

private:
    Alert *find(qint64 id, QString *error);
    Alert *findOpen(qint64 id, QString *error);
    // Escalation, by a person or by the clock: the secondary owner takes the alert.
    void handToSecondary(Alert &a, const QString &actor, const QString &why);
    void record(Alert &a, const QString &actor, const QString &action, const QString &detail = {});
    void applySilences(Alert &a);
    void applyInhibition();
    QString personName(const QString &id) const;

    Workspace m_workspace;
    const Clock &m_clock;
    std::map<qint64, Alert> m_alerts;
    // dedup key -> the alert the rule still sees (open, or closed by a person meanwhile)
    QHash<QString, qint64> m_openByKey;
    QHash<QString, QSet<QString>> m_keysOfRule; // the keys above, by the rule that raised them
    QSet<qint64> m_changed;
    QSet<qint64> m_open;      // ids of the open alerts, so counting them costs nothing per request
    QSet<qint64> m_freshness; // open freshness alerts: the only ones inhibition applies to
    QList<Silence> m_silences;
    qint64 m_nextId = 1;
    OnCallSchedule m_schedule;
};

} // namespace wk
