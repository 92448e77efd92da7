#pragma once

#include "domain/alert.h"
#include "domain/alertgrouping.h"
#include "domain/workspace.h"
#include "score/alertscore.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QHash>
#include <QIcon>
#include <QList>

#include <climits>
#include <optional>
#include <vector>

namespace wk {

// Every alert the engine reports, one row each, kept current by batches of changes:
// existing rows get dataChanged, new alerts are inserted at the end, never a reset for a
// change. Time-dependent columns (age, countdowns) are computed against now(), which the
// view's owner moves forward.
class AlertTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        SeverityColumn,
        StateColumn,
        TitleColumn,
        PipelineColumn,
        CustomerColumn,
        RankColumn,
        CountColumn,
        AgeColumn,
        AckByColumn,
        ResolveByColumn,
        AssigneeColumn,
        ActionableColumn, // the learned chance it is actionable, 0–100
        ImpactColumn,     // actionable × revenue at stake: what sorting by it puts first
        ColumnCount
    };
    enum Role {
        AlertIdRole = Qt::UserRole + 1,
        SortRole,       // a value that sorts the column sensibly (numbers as numbers)
        SeverityRole,   // int: 0 critical, 1 high, 2 medium
        StateRole,      // AlertState as int
        PipelineRole,   // pipeline id
        AssigneeRole,   // person id
        SearchTextRole, // everything free-text search looks at, lower-case
        OpenRole,       // bool
        SilencedRole,   // bool
    };

    explicit AlertTableModel(QObject *parent = nullptr);

    void setWorkspace(const Workspace &workspace);
    void setAlerts(const QList<Alert> &alerts);
    void applyChanges(const QList<Alert> &changed);
    // Moves the clock of the age and countdown columns. With notify false no dataChanged is
    // sent: a view that repaints every second shows the new values anyway, and a 100,000-row
    // dataChanged each second is what would make the list stutter.
    void setNow(TimestampNs now, bool notify = true);
    TimestampNs now() const { return m_now; }

    // Every alert, in row order, for reports that read them all.
    const QList<Alert> &alerts() const { return m_alerts; }
    const Alert *alertAt(int row) const;
    const Alert *alert(qint64 id) const;
    int rowOf(qint64 id) const { return m_rows.value(id, -1); }
    int revenueRank(const QString &customerId) const;
    // What grouping reads of a row, kept beside it; its pipeline numbers stand for these ids.
    const AlertGrouping::Facts &groupingFacts(int row) const
    {
        return m_facts[static_cast<size_t>(row)];
    }
    const QStringList &groupingPipelineIds() const { return m_pipelineNumbers.ids(); }
    // What a group's row reads of each member, kept beside the row: the figures of a group
    // of 800 then come from one small record per member, not from each alert's scattered
    // fields and the text of its ids.
    struct Figures
    {
        TimestampNs raised = 0;
        TimestampNs ackBy = 0;
        TimestampNs resolveBy = 0;
        double revenue = 0;
        int events = 0;
        int pipeline = -1; // numbered as groupingPipelineIds() are; -1: none
        int person = -1;   // the assignee, numbered; -1: none
        Severity severity = Severity::Medium;
        bool open = false;
        bool acknowledged = false;
    };
    const Figures &figures(int row) const { return m_figures[static_cast<size_t>(row)]; }
    // Lower-case text free-text filtering looks in, cached per row.
    const QString &searchText(int row) const { return m_search.at(row); }
    // The actionable scores of the alerts, and why there are none when there are not; the
    // column shows them, most actionable first when sorted ascending.
    void setScores(const QHash<qint64, AlertScore> &scores, const QString &whyNone);
    const AlertScore *score(qint64 id) const;
    const QString &whyNoScore() const { return m_whyNoScore; }
    // Orders two rows by a column the way the Sort role does, without building variants.
    bool lessThan(int leftRow, int rightRow, int column) const;

    // What sorting by a column compares first, as two words compared in turn: rows whose
    // keys differ are in key order, so a sort reads small keys instead of scattered alerts.
    // Only the Rank column has ties the keys do not settle (the subject's text past its
    // first four units, then the title): there lessThan decides. Text columns have no key.
    struct SortKey
    {
        quint64 first = 0;
        quint64 second = 0;
        bool operator<(const SortKey &o) const
        {
            return first != o.first ? first < o.first : second < o.second;
        }
        bool operator==(const SortKey &) const = default;
    };
    std::optional<SortKey> sortKey(int row, int column) const;
    static bool hasSortKey(int column)
    {
        return column != TitleColumn && column != PipelineColumn && column != CustomerColumn &&
               column != AssigneeColumn;
    }
    static bool sortKeyDecides(int column) { return column != RankColumn; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

signals:
    // The rows applyChanges replaced, ascending, sent just before the dataChanged that spans
    // them: a list that re-sorts and re-filters needs the rows, not their span, which covers
    // most of the table when a few hundred scattered alerts change.
    void alertsUpdated(const QList<int> &rows);

private:
    QVariant display(const Alert &a, int column) const;
    QVariant deadlineColour(const Alert &a, TimestampNs deadline, TimestampNs start,
                            bool met) const;

    Workspace m_workspace;
    QHash<QString, int> m_rank;         // customer id -> revenue rank (1 = highest)
    QHash<QString, QString> m_customer; // customer id -> name
    QHash<QString, QString> m_pipeline; // pipeline id -> name
    QHash<QString, QString> m_person;   // person id -> name
    QString makeSearchText(const Alert &a) const;
    // What the Rank column sorts by, worked out once per row and kept beside the others:
    // sorting 100,000 rows compares them millions of times, and reaching into each alert
    // and its subject's text for every comparison tripled the time a batch took.
    // Two words, compared in turn: the first holds the customer's revenue rank (INT_MAX
    // without a customer), the events (most first) and whether the subject is an integer id
    // (those first); the second the subject's number, or else its first four UTF-16 units.
    SortKey rankOrder(const Alert &a) const;

    QList<Alert> m_alerts;
    QList<QString> m_search;
    QList<SortKey> m_rankOfRow;
    std::vector<AlertGrouping::Facts> m_facts;
    std::vector<Figures> m_figures;
    IdNumbering m_pipelineNumbers;
    IdNumbering m_subjectNumbers;
    IdNumbering m_personNumbers;
    // The per-row records of one alert, kept beside the others; `was` is the alert the row
    // held before, if any.
    void keepFacts(int row, const Alert &a, const Alert *was);
    QHash<qint64, int> m_rows;
    QHash<qint64, AlertScore> m_scores;
    QString m_whyNoScore;
    float scoreOf(const Alert &a) const;
    // The score's share of the revenue at stake; -1 without a score.
    double impactOf(const Alert &a) const;
    TimestampNs m_now = 0;
};

} // namespace wk
