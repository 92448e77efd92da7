#include "backtest.h"

#include "domain/duration.h"
#include "domain/workspace.h"
#include "report/alertfacts.h"
#include "rulehistory.h"

#include <QDateTime>
#include <QHash>

#include <algorithm>
#include <limits>

namespace wk {

namespace {

constexpr TimestampNs endOfTime = std::numeric_limits<TimestampNs>::max();

TimestampNs endOf(const ReplayedAlert &a)
{
    return a.clearedAt.value_or(endOfTime);
}

TimestampNs endOf(const Alert &a)
{
    if (a.resolvedAt)
        return *a.resolvedAt;
    return a.isOpen() ? endOfTime : a.updatedAt;
}

// Whether two spans of the same key are one problem; slack covers the live engine raising
// a little later than a replay that evaluates at each event.
bool overlap(TimestampNs aFrom, TimestampNs aTo, TimestampNs bFrom, TimestampNs bTo, qint64 slack)
{
    const auto later = [&](TimestampNs t) { return t > endOfTime - slack ? endOfTime : t + slack; };
    return aFrom <= later(bTo) && bFrom <= later(aTo);
}

// For each alert of `side`, the index of the alert of `other` with the same key that it
// overlaps first, or -1; each alert of `other` is used once.
QList<qsizetype> match(const QList<ReplayedAlert> &side, const QList<ReplayedAlert> &other,
                       qint64 slack)
{
    QHash<QString, QList<qsizetype>> byKey;
    for (qsizetype j = 0; j < other.size(); ++j)
        byKey[other.at(j).dedupKey].append(j);
    QList<qsizetype> result(side.size(), -1);
    QList<bool> used(other.size(), false);
    for (qsizetype i = 0; i < side.size(); ++i) {
        const ReplayedAlert &a = side.at(i);
        for (qsizetype j : byKey.value(a.dedupKey)) {
            const ReplayedAlert &b = other.at(j);
            if (!used.at(j) && overlap(a.raisedAt, endOf(a), b.raisedAt, endOf(b), slack)) {
                used[j] = true;
                result[i] = j;
                break;
            }
        }
    }
    return result;
}

} // namespace

Backtest::Backtest(const Workspace &workspace, QString baseDir)
    : m_workspace(workspace), m_baseDir(std::move(baseDir))
{}

bool Backtest::atNight(TimestampNs t, const QTimeZone &zone)
{
    return isNightIn(toDateTime(t), zone); // as Insights counts night pages
}

qsizetype Backtest::countAtNight(const QList<ReplayedAlert> &alerts, const QTimeZone &zone)
{
    return std::count_if(alerts.cbegin(), alerts.cend(),
                         [&](const ReplayedAlert &a) { return atNight(a.raisedAt, zone); });
}

QString BacktestResult::goneBreakdown() const
{
    return QStringLiteral("noise %1, resolved by itself %2, actionable %3, won't fix %4, no "
                          "outcome yet %5, not on record %6")
        .arg(goneNoise)
        .arg(goneByItself)
        .arg(goneActionable)
        .arg(goneWontFix)
        .arg(goneUnknown)
        .arg(goneNotOnRecord);
}

QString BacktestResult::raiseShiftText() const
{
    if (!medianRaiseShiftNs)
        return QStringLiteral("no alert fires either way");
    const qint64 shift = *medianRaiseShiftNs;
    if (shift == 0)
        return QStringLiteral("unchanged");
    const QString span = formatCountdown(std::abs(shift));
    return shift > 0 ? QStringLiteral("%1 later").arg(span)
                     : QStringLiteral("%1 earlier").arg(span);
}

std::optional<BacktestResult> Backtest::run(const Rule &before, const Rule &after,
                                            const RuleHistory &history, TimestampNs from,
                                            TimestampNs until, QList<Diagnostic> *errors) const
{
    const RuleReplay replay(m_workspace, m_baseDir);
    auto was = replay.run(before, history.events, from, until, errors, history.deduplicated);
    if (!was)
        return std::nullopt;
    auto would = replay.run(after, history.events, from, until, errors, history.deduplicated);
    if (!would)
        return std::nullopt;
    return compare(std::move(*was), std::move(*would), history.record);
}

BacktestResult Backtest::compare(QList<ReplayedAlert> before, QList<ReplayedAlert> after,
                                 const Record &record) const
{
    BacktestResult r;
    r.before = std::move(before);
    r.after = std::move(after);
    const qint64 slack = 60 * nanosPerSecond;

    // The stored alerts each replayed alert of the rule as it is stands for.
    QList<ReplayedAlert> stored;
    for (const Alert &a : record.alerts) {
        ReplayedAlert s;
        s.dedupKey = a.dedupKey;
        s.raisedAt = a.triggeredAt;
        const TimestampNs end = endOf(a);
        if (end != endOfTime)
            s.clearedAt = end;
        stored.append(s);
    }
    const QList<qsizetype> onRecord = match(r.before, stored, slack);
    QHash<qint64, QList<const Delivery *>> pagesOf;
    for (const Delivery &d : record.deliveries) {
        if (d.status != Delivery::Status::Cancelled)
            pagesOf[d.alertId].append(&d);
    }

    const QList<qsizetype> stays = match(r.before, r.after, 0);
    QList<bool> afterMatched(r.after.size(), false);
    QList<qint64> shifts;
    for (qsizetype i = 0; i < r.before.size(); ++i) {
        const ReplayedAlert &a = r.before.at(i);
        if (stays.at(i) >= 0) {
            ++r.kept;
            afterMatched[stays.at(i)] = true;
            shifts.append(r.after.at(stays.at(i)).raisedAt - a.raisedAt);
            continue;
        }
        BacktestAlert gone;
        gone.alert = a;
        gone.atNight = atNight(a.raisedAt, record.zone);
        if (onRecord.at(i) >= 0) {
            const Alert &s = record.alerts.at(onRecord.at(i));
            gone.storedId = s.id;
            gone.outcome = outcomeOf(s, m_workspace);
            for (const Delivery *d : pagesOf.value(s.id)) {
                ++gone.pages;
                const Person *p = m_workspace.person(d->person);
                const QTimeZone zone =
                    p && !p->timeZone.isEmpty() ? QTimeZone(p->timeZone.toUtf8()) : record.zone;
                if (atNight(d->createdAt, zone.isValid() ? zone : record.zone))
                    ++gone.nightPages;
            }
            switch (gone.outcome.kind) {
            case AlertOutcome::Kind::Noise:
                ++r.goneNoise;
                break;
            case AlertOutcome::Kind::Actionable:
                ++r.goneActionable;
                break;
            case AlertOutcome::Kind::ResolvedByItself:
                ++r.goneByItself;
                break;
            case AlertOutcome::Kind::WontFix:
                ++r.goneWontFix;
                break;
            case AlertOutcome::Kind::Unknown:
                ++r.goneUnknown;
                break;
            }
        } else {
            ++r.goneNotOnRecord;
        }
        r.pagesSaved += gone.pages;
        r.nightPagesSaved += gone.nightPages;
        r.nightAlertsSaved += gone.atNight ? 1 : 0;
        r.gone.append(gone);
    }
    for (qsizetype j = 0; j < r.after.size(); ++j) {
        if (afterMatched.at(j))
            continue;
        BacktestAlert added;
        added.alert = r.after.at(j);
        added.atNight = atNight(added.alert.raisedAt, record.zone);
        r.nightAlertsAdded += added.atNight ? 1 : 0;
        r.added.append(added);
    }
    if (!shifts.isEmpty()) {
        std::sort(shifts.begin(), shifts.end());
        const qsizetype n = shifts.size();
        r.medianRaiseShiftNs =
            n % 2 ? shifts.at(n / 2) : (shifts.at(n / 2 - 1) + shifts.at(n / 2)) / 2;
    }
    return r;
}

} // namespace wk
