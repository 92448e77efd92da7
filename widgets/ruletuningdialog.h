#pragma once

#include "domain/workspace.h"
#include "engine/backtest.h"
#include "engine/rulehistory.h"

#include <QDialog>
#include <QFutureWatcher>

#include <memory>

class QComboBox;
class QFormLayout;
class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace wk {

// "Tune rule…": a rule's parameters beside what a change would have done over its recent
// history. The history is read and the rule as it is replayed once, on a pool thread; each
// edit replays the changed rule there too and updates the figures and the list of alerts
// that would no longer (or newly) fire. Write to Workspace shows the change to the file as
// a diff and writes it; the console then reloads the workspace as for any saved edit.
class RuleTuningDialog : public QDialog
{
    Q_OBJECT

public:
    // file: the workspace file (empty when the workspace lives in a database); store: the
    // console's store, for the rule's past alerts and pages.
    RuleTuningDialog(const Workspace &workspace, const QString &baseDir, const QString &file,
                     const QString &store, const QString &ruleId, QWidget *parent = nullptr);
    ~RuleTuningDialog() override;

    // The rule as edited, when the edits are valid.
    std::optional<Rule> changedRule() const;
    // Set when the figures shown are those of the current edits.
    bool isSettled() const;
    const BacktestResult &result() const { return m_result; }
    QString summaryText() const;

    // The history's span back from now (default 90 days).
    void setHistoryDays(int days);

signals:
    // After a replay of the current edits, or when they cannot be replayed.
    void settled();
    void written(const QString &file);

private:
    struct Loaded
    {
        std::shared_ptr<const RuleHistory> history;
        QList<ReplayedAlert> before;
        QList<Diagnostic> errors;
        qint64 ms = 0;
    };
    void chooseRule(const QString &ruleId);
    void load();
    void onLoaded();
    void schedule();
    void replay();
    void onReplayed();
    void showResult(const BacktestResult &result);
    void write();

    Workspace m_workspace;
    QString m_baseDir;
    QString m_file;
    QString m_store;
    Rule m_rule; // as the workspace has it
    int m_days = 90;
    TimestampNs m_from = 0;
    TimestampNs m_until = 0;

    QComboBox *m_rules;
    QComboBox *m_span;
    QFormLayout *m_form;
    QList<std::pair<QString, QWidget *>> m_editors;
    QLabel *m_problem;
    QLabel *m_summary;
    QProgressBar *m_busy;
    QTreeWidget *m_list;
    QPushButton *m_write;

    std::shared_ptr<const RuleHistory> m_history;
    QList<ReplayedAlert> m_before;
    BacktestResult m_result;
    QFutureWatcher<Loaded> m_loading;
    QFutureWatcher<std::optional<BacktestResult>> m_replaying;
    QTimer *m_debounce;
    bool m_pending = false; // an edit came while a replay ran
    bool m_settled = false;
    int m_generation = 0; // loads started; a stale one's result is dropped
};

} // namespace wk
