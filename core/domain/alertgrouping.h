#pragma once

#include "alert.h"
#include "idnumbering.h"
#include "pipeline.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <vector>

namespace wk {

// Which alerts are one incident seen several times: alerts of a pipeline and of the
// pipelines upstream or downstream of it raised within a short window of the incident's
// first alert, and alerts about the same subject that were open at the same time, whichever
// rules raised them. Relatedness is transitive: a failing source groups with both of its
// readers.
class AlertGrouping
{
public:
    static constexpr TimestampNs defaultWindow = 15 * 60 * nanosPerSecond;

    explicit AlertGrouping(const QList<Pipeline> &pipelines = {},
                           TimestampNs window = defaultWindow);

    // What grouping reads of one alert. A list keeps these beside its alerts, so that a
    // regrouping reads one small array instead of alerts scattered in memory and their ids'
    // text. Pipelines and subjects are numbers the keeper of the list gives each distinct id.
    struct Facts
    {
        TimestampNs raised = 0;
        TimestampNs ended = 0; // when it was resolved or last updated; open ones: now
        int pipeline = -1;     // -1: none
        int subject = -1;      // -1: none
        bool open = false;
    };
    // The facts of an alert, its ids numbered in `pipelines` and `subjects`.
    static Facts factsOf(const Alert &alert, IdNumbering &pipelines, IdNumbering &subjects);
    // The same with the ids' numbers already known (-1: none).
    static Facts factsOf(const Alert &alert, int pipeline, int subject);

    // For each alert, the index in `alerts` of the first alert of its group: itself when it
    // is alone or first. Open alerts are judged open until `now`. Near-linear, so that it can
    // run over 100,000 alerts whenever the list changes.
    QList<int> group(const QList<const Alert *> &alerts, TimestampNs now) const;
    // The same from gathered facts; `pipelineIds` are the ids of the facts' pipeline numbers.
    QList<int> group(const std::vector<Facts> &alerts, const QStringList &pipelineIds,
                     TimestampNs now) const;

    // Whether alerts of these two pipelines can be one incident: the same pipeline, or one
    // reads (directly or through others) from the other.
    bool inOneChain(const QString &a, const QString &b) const;
    TimestampNs window() const { return m_window; }

private:
    // Pipelines by number, so that the pass over every alert hashes one string per alert.
    QHash<QString, int> m_number;
    QList<QList<int>> m_chain; // by number: itself, its ancestors and descendants
    TimestampNs m_window;
};

} // namespace wk
