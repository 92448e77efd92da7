#include "rulehistory.h"

#include "domain/workspace.h"
#include "rules/duplicatesevaluator.h"
#include "sources/sourcehistory.h"
#include "storage/alertstore.h"
#include "storage/deliverystore.h"
#include "storage/eventarchive.h"

#include <QSet>

namespace wk {

std::optional<RuleHistory> RuleHistory::load(const Workspace &workspace, const QString &baseDir,
                                             const Rule &rule, Database *db, TimestampNs from,
                                             const QTimeZone &zone, QList<Diagnostic> *errors)
{
    RuleHistory h;
    h.record.zone = zone;
    const auto source = std::find_if(workspace.sources.cbegin(), workspace.sources.cend(),
                                     [&](const DataSource &s) { return s.id == rule.source; });
    if (rule.kind == Rule::Kind::Sql || source == workspace.sources.cend()) {
        errors->append({QString(), 0, 0,
                        QStringLiteral("rule '%1' reads no events (it runs a query against its "
                                       "database); there is no history to replay")
                            .arg(rule.id)});
        return std::nullopt;
    }
    if (SourceHistory::canReread(*source)) {
        h.files = SourceHistory::files(*source, baseDir, nullptr);
        if (!SourceHistory::read(*source, baseDir, from, h.events, *errors, &h.skipped))
            return std::nullopt;
    } else {
        h.fromArchive = true;
        QString error;
        if (!db || !EventArchive(*db).read(source->id, from, h.events, &error)) {
            errors->append({QString(), 0, 0,
                            db ? QStringLiteral("cannot read the event archive: %1").arg(error)
                               : QStringLiteral("source '%1' cannot be read again; its events "
                                                "are in the console's event archive, and no "
                                                "store was given")
                                     .arg(source->id)});
            return std::nullopt;
        }
    }
    for (const Rule &r : workspace.rules) {
        if (r.kind != Rule::Kind::Duplicates || r.source != rule.source || r.id == rule.id)
            continue;
        DuplicatesEvaluator dedup(r);
        std::vector<Event> kept;
        kept.reserve(h.events.size());
        for (Event &e : h.events) {
            if (dedup.accept(e))
                kept.push_back(std::move(e));
        }
        h.duplicatesDropped = static_cast<qint64>(h.events.size() - kept.size());
        h.events = std::move(kept);
        h.deduplicated = true;
        break;
    }
    if (!db)
        return h;
    QString error;
    std::optional<QList<Alert>> alerts = AlertStore(*db).load(&error);
    if (!alerts) {
        errors->append({QString(), 0, 0, QStringLiteral("cannot read the alerts: %1").arg(error)});
        return std::nullopt;
    }
    QSet<qint64> ids;
    for (const Alert &a : std::as_const(*alerts)) {
        if (a.ruleId == rule.id && a.triggeredAt >= from) {
            h.record.alerts.append(a);
            ids.insert(a.id);
        }
    }
    std::optional<QList<Delivery>> pages = DeliveryStore(*db).list(from, 0, &error);
    if (!pages) {
        errors->append(
            {QString(), 0, 0, QStringLiteral("cannot read the deliveries: %1").arg(error)});
        return std::nullopt;
    }
    for (const Delivery &d : std::as_const(*pages)) {
        if (ids.contains(d.alertId))
            h.record.deliveries.append(d);
    }
    return h;
}

} // namespace wk
