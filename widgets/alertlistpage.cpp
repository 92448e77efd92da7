#include "alertlistpage.h"

#include "alertdetailsview.h"
#include "alertfilterproxymodel.h"
#include "alertgroupmodel.h"
#include "alertsummarystrip.h"
#include "alerttablemodel.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QSet>
#include <QSettings>
#include <QSplitter>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace wk {

AlertListPage::AlertListPage(AlertTableModel *model, QWidget *parent)
    : QWidget(parent), m_model(model), m_proxy(new AlertFilterProxyModel(this))
{
    m_proxy->setSourceModel(model);
    m_groups = new AlertGroupModel(m_proxy, this);

    m_text = new QLineEdit;
    m_text->setObjectName(QStringLiteral("alertFilter"));
    m_text->setPlaceholderText(tr("Filter alerts (/)…"));
    m_text->setClearButtonEnabled(true);
    m_severity = new QComboBox;
    m_severity->setObjectName(QStringLiteral("severityFilter"));
    m_severity->addItem(tr("All severities"), -1);
    m_severity->addItem(tr("Critical"), static_cast<int>(Severity::Critical));
    m_severity->addItem(tr("Critical + high"), 10);
    m_severity->addItem(tr("High"), static_cast<int>(Severity::High));
    m_severity->addItem(tr("Medium"), static_cast<int>(Severity::Medium));
    m_state = new QComboBox;
    m_state->setObjectName(QStringLiteral("stateFilter"));
    m_state->addItem(tr("Open"), static_cast<int>(AlertFilterProxyModel::StateFilter::Open));
    m_state->addItem(tr("Closed"), static_cast<int>(AlertFilterProxyModel::StateFilter::Closed));
    m_state->addItem(tr("All states"), static_cast<int>(AlertFilterProxyModel::StateFilter::All));
    m_pipeline = new QComboBox;
    m_pipeline->setObjectName(QStringLiteral("pipelineFilter"));
    m_owner = new QComboBox;
    m_owner->setObjectName(QStringLiteral("ownerFilter"));
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("alertCount"));
    m_strip = new AlertSummaryStrip;
    m_strip->setObjectName(QStringLiteral("alertSummary"));
    connect(m_strip, &AlertSummaryStrip::chosen, this, &AlertListPage::filterBy);
    // A pass over every alert: under a stream of changes, at most four times a second.
    m_figuresTimer = new QTimer(this);
    m_figuresTimer->setSingleShot(true);
    m_figuresTimer->setInterval(250);
    connect(m_figuresTimer, &QTimer::timeout, this, &AlertListPage::updateFigures);
    m_range = new QToolButton;
    m_range->setObjectName(QStringLiteral("rangeFilter"));
    m_range->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_range->setToolTip(tr("Click to show alerts raised at any time"));
    m_range->hide();
    connect(m_range, &QToolButton::clicked, this, [this] {
        m_raisedFrom = m_raisedTo = 0;
        m_range->hide();
        applyFilters();
    });

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_text, 2);
    filters->addWidget(m_severity);
    filters->addWidget(m_state);
    filters->addWidget(m_pipeline, 1);
    filters->addWidget(m_owner, 1);
    filters->addWidget(m_range);

    m_view = new QTreeView;
    m_view->setObjectName(QStringLiteral("alertView"));
    m_view->setModel(m_groups);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(AlertTableModel::RankColumn, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAllColumnsShowFocus(true);
    // Enter and double-click on a group open it; on an alert, its details.
    m_view->setExpandsOnDoubleClick(false);
    // One row height keeps scrolling through 100,000 alerts cheap.
    m_view->setUniformRowHeights(true);
    m_view->setIndentation(m_view->fontMetrics().horizontalAdvance(QLatin1Char('M')) * 3 / 2);
    QHeaderView *header = m_view->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(AlertTableModel::TitleColumn, QHeaderView::Stretch);
    const int em = m_view->fontMetrics().horizontalAdvance(QLatin1Char('M'));
    // The severity column also holds a group's open/close arrow.
    const int widths[AlertTableModel::ColumnCount] = {10, 8, 0, 11, 11, 5, 5, 6, 7, 7, 9, 7, 6};
    for (int c = 0; c < AlertTableModel::ColumnCount; ++c) {
        if (widths[c] > 0)
            m_view->setColumnWidth(c, widths[c] * em);
    }
    // The score is read with the severity, not after the assignee, where it would need a
    // scroll to reach.
    header->moveSection(header->visualIndex(AlertTableModel::ActionableColumn), 1);
    header->moveSection(header->visualIndex(AlertTableModel::ImpactColumn), 2);

    m_groupAction = new QAction(tr("&Group Related Alerts"), this);
    m_groupAction->setObjectName(QStringLiteral("groupAction"));
    m_groupAction->setCheckable(true);
    m_groupAction->setChecked(true);
    m_groupAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_G));
    m_groupAction->setToolTip(
        tr("Fold alerts of one pipeline and its upstream chain, or of one subject, into a "
           "group (Ctrl+G)"));
    addAction(m_groupAction);
    connect(m_groupAction, &QAction::toggled, this, [this](bool on) {
        m_groups->setGroupingEnabled(on);
        m_view->setRootIsDecorated(on);
        updateSummary();
    });

    m_pane = new AlertDetailsView(Workspace(), this);
    m_pane->setObjectName(QStringLiteral("alertPane"));
    m_split = new QSplitter(Qt::Horizontal);
    m_split->setObjectName(QStringLiteral("alertSplit"));
    m_split->addWidget(m_view);
    m_split->addWidget(m_pane);
    // The list keeps most of the width: its columns are what the eye scans.
    m_split->setStretchFactor(0, 2);
    m_split->setStretchFactor(1, 1);
    m_split->setSizes({2000, 1000});
    m_split->setChildrenCollapsible(false);
    m_paneAction = new QAction(tr("Alert &Details Pane"), this);
    m_paneAction->setObjectName(QStringLiteral("paneAction"));
    m_paneAction->setCheckable(true);
    m_paneAction->setChecked(true);
    m_paneAction->setShortcut(QKeySequence(Qt::Key_F8));
    m_paneAction->setToolTip(tr("Show the chosen alert's details beside the list (F8)"));
    addAction(m_paneAction); // the window's View menu lists it too
    connect(m_paneAction, &QAction::toggled, this, [this](bool on) {
        m_pane->setVisible(on);
        if (on)
            showCurrentInPane();
    });
    connect(m_pane, &AlertDetailsView::acknowledgeRequested, this,
            [this](qint64 id) { emit acknowledgeRequested({id}); });
    connect(m_pane, &AlertDetailsView::resolveRequested, this,
            [this](qint64 id) { emit resolveRequested({id}); });
    connect(m_pane, &AlertDetailsView::snoozeRequested, this,
            [this](qint64 id) { emit snoozeRequested({id}); });
    connect(m_pane, &AlertDetailsView::escalateRequested, this,
            [this](qint64 id) { emit escalateRequested({id}); });
    connect(m_pane, &AlertDetailsView::outcomeRequested, this,
            [this](qint64 id) { emit outcomeRequested({id}, AlertOutcome::Kind::Noise); });
    connect(m_pane, &AlertDetailsView::tuneRequested, this, &AlertListPage::tuneRequested);
    connect(m_pane, &AlertDetailsView::deliveriesRequested, this,
            &AlertListPage::deliveriesRequested);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &AlertListPage::showCurrentInPane);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_strip);
    layout->addLayout(filters);
    layout->addWidget(m_split, 1);
    layout->addWidget(m_summary);

    // The letters act on the table's selection only, so that typing in the filter types.
    // On a group, each key acts on the members it can act on: acknowledging a group with an
    // acknowledged member is not an error about that member.
    auto addKey = [this](const QKeySequence &key, const QString &text,
                         void (AlertListPage::*signal)(const QList<qint64> &),
                         bool (*applies)(const Alert &)) {
        auto *action = new QAction(text, m_view);
        action->setShortcut(key);
        action->setShortcutContext(Qt::WidgetShortcut);
        connect(action, &QAction::triggered, this, [this, signal, applies] {
            const QList<qint64> ids = selectedIds(applies);
            if (!ids.isEmpty())
                emit(this->*signal)(ids);
        });
        m_view->addAction(action);
    };
    addKey(QKeySequence(Qt::Key_A), tr("Acknowledge"), &AlertListPage::acknowledgeRequested,
           [](const Alert &a) {
               return a.state == AlertState::Triggered || a.state == AlertState::Snoozed;
           });
    addKey(QKeySequence(Qt::Key_R), tr("Resolve"), &AlertListPage::resolveRequested,
           [](const Alert &a) { return a.isOpen(); });
    addKey(QKeySequence(Qt::Key_S), tr("Snooze for an hour"), &AlertListPage::snoozeRequested,
           [](const Alert &a) { return a.isOpen(); });
    addKey(QKeySequence(Qt::Key_E), tr("Escalate to the secondary owner"),
           &AlertListPage::escalateRequested,
           [](const Alert &a) { return a.isOpen() && !a.escalated; });
    // Outcomes apply to open and ended alerts alike: marking an open one ends it.
    auto addOutcomeKey = [this](const QKeySequence &key, const QString &text,
                                AlertOutcome::Kind preset) {
        auto *action = new QAction(text, m_view);
        action->setShortcut(key);
        action->setShortcutContext(Qt::WidgetShortcut);
        connect(action, &QAction::triggered, this, [this, preset] {
            const QList<qint64> ids = selectedIds();
            if (!ids.isEmpty())
                emit outcomeRequested(ids, preset);
        });
        m_view->addAction(action);
    };
    addOutcomeKey(QKeySequence(Qt::Key_N), tr("Mark as noise…"), AlertOutcome::Kind::Noise);
    addOutcomeKey(QKeySequence(Qt::Key_O), tr("Mark the outcome…"), AlertOutcome::Kind::Unknown);
    auto *tune = new QAction(tr("Tune this alert's rule…"), m_view);
    tune->setShortcut(QKeySequence(Qt::Key_T));
    tune->setShortcutContext(Qt::WidgetShortcut);
    tune->setObjectName(QStringLiteral("tuneAlertRule"));
    connect(tune, &QAction::triggered, this, [this] {
        const QList<qint64> ids = selectedIds();
        if (const Alert *a = ids.isEmpty() ? nullptr : m_model->alert(ids.first()))
            emit tuneRequested(a->ruleId);
    });
    m_view->addAction(tune);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *find = new QAction(tr("Filter"), this);
    find->setShortcut(QKeySequence(Qt::Key_Slash));
    find->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(find, &QAction::triggered, this, [this] {
        m_text->setFocus();
        m_text->selectAll();
    });
    addAction(find);
    connect(m_view, &QTreeView::activated, this, [this](const QModelIndex &index) {
        if (m_groups->isGroup(index)) {
            const QModelIndex group = index.siblingAtColumn(0);
            m_view->setExpanded(group, !m_view->isExpanded(group));
            return;
        }
        emit detailsRequested(index.data(AlertTableModel::AlertIdRole).toLongLong());
    });
    // Down from the filter goes to the list.
    connect(m_text, &QLineEdit::returnPressed, m_view, [this] { m_view->setFocus(); });

    connect(m_text, &QLineEdit::textChanged, this, &AlertListPage::applyFilters);
    for (QComboBox *box : {m_severity, m_state, m_pipeline, m_owner})
        connect(box, &QComboBox::currentIndexChanged, this, &AlertListPage::applyFilters);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &AlertListPage::updateSummary);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &AlertListPage::updateSummary);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &AlertListPage::updateSummary);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &AlertListPage::updateSummary);
    connect(m_groups, &QAbstractItemModel::layoutChanged, this, &AlertListPage::updateSummary);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &AlertListPage::scheduleFigures);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &AlertListPage::scheduleFigures);
    connect(m_model, &QAbstractItemModel::modelReset, this, &AlertListPage::scheduleFigures);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &AlertListPage::scheduleFigures);
    updateSummary();
    updateFigures();
}

void AlertListPage::timeMoved()
{
    scheduleFigures();
}

void AlertListPage::scheduleFigures()
{
    if (!m_figuresTimer->isActive())
        m_figuresTimer->start();
}

void AlertListPage::showCurrentInPane()
{
    if (!m_pane->isVisibleTo(this))
        return;
    // A group shows the alert that leads it.
    const Alert *a = m_model->alert(m_groups->leadId(m_view->currentIndex()));
    if (a)
        m_pane->setAlert(*a, m_model->now(), m_model->score(a->id), m_model->whyNoScore());
    else
        m_pane->clear();
}

void AlertListPage::updateFigures()
{
    const AlertSummary before = m_strip->summary();
    const AlertSummary now = AlertSummary::of(m_model->alerts(), m_model->now());
    m_strip->setSummary(now);
    // Alerts become overdue as the clock moves, without a change of their own.
    if (m_attention == AlertFilterProxyModel::Attention::Overdue && now.overdue != before.overdue) {
        m_proxy->refilter();
        m_groups->refresh();
    }
    // The pane's alert may have changed, and its clocks have moved.
    if (m_pane->alertId() != 0)
        showCurrentInPane();
}

void AlertListPage::filterBy(int severity, AlertFilterProxyModel::Attention attention)
{
    for (QComboBox *box : {m_severity, m_state})
        box->blockSignals(true);
    m_severity->setCurrentIndex(std::max(0, m_severity->findData(severity)));
    m_state->setCurrentIndex(
        m_state->findData(static_cast<int>(AlertFilterProxyModel::StateFilter::Open)));
    for (QComboBox *box : {m_severity, m_state})
        box->blockSignals(false);
    m_attention = attention;
    applyFilters();
}

void AlertListPage::setWorkspace(const Workspace &workspace)
{
    m_pane->setWorkspace(workspace);
    m_groups->setWorkspace(workspace);
    const QString pipeline = m_pipeline->currentData().toString();
    const QString owner = m_owner->currentData().toString();
    m_pipeline->clear();
    m_pipeline->addItem(tr("All pipelines"), QString());
    for (const Pipeline &p : workspace.pipelines)
        m_pipeline->addItem(p.name, p.id);
    m_owner->clear();
    m_owner->addItem(tr("Anyone"), QString());
    for (const Person &p : workspace.people)
        m_owner->addItem(p.name, p.id);
    m_pipeline->setCurrentIndex(std::max(0, m_pipeline->findData(pipeline)));
    m_owner->setCurrentIndex(std::max(0, m_owner->findData(owner)));
}

QList<qint64> AlertListPage::selectedIds(bool (*memberApplies)(const Alert &)) const
{
    // A group stands for its alerts; one chosen both on its own and in its group counts once.
    QList<qint64> ids;
    QSet<qint64> seen;
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty() && m_view->currentIndex().isValid())
        rows << m_view->currentIndex();
    const auto take = [&](qint64 id) {
        if (!seen.contains(id)) {
            seen.insert(id);
            ids << id;
        }
    };
    for (const QModelIndex &row : rows) {
        if (!m_groups->isGroup(row))
            take(m_groups->memberIds(row).value(0));
    }
    for (const QModelIndex &row : rows) {
        if (!m_groups->isGroup(row))
            continue;
        for (qint64 id : m_groups->memberIds(row)) {
            const Alert *a = m_model->alert(id);
            if (a && (!memberApplies || memberApplies(*a)))
                take(id);
        }
    }
    return ids;
}

void AlertListPage::applyFilters()
{
    const int severity = m_severity->currentData().toInt();
    if (severity == 10)
        m_proxy->setSeverities(
            {static_cast<int>(Severity::Critical), static_cast<int>(Severity::High)});
    else
        m_proxy->setSeverities(severity < 0 ? QSet<int>() : QSet<int>{severity});
    m_proxy->setStateFilter(
        static_cast<AlertFilterProxyModel::StateFilter>(m_state->currentData().toInt()));
    m_proxy->setPipeline(m_pipeline->currentData().toString());
    m_proxy->setAssignee(m_owner->currentData().toString());
    m_proxy->setText(m_text->text());
    m_proxy->setRaisedBetween(m_raisedFrom, m_raisedTo);
    // The figures count open alerts: filtering closed ones leaves none of them lit.
    const bool open = m_proxy->stateFilter() == AlertFilterProxyModel::StateFilter::Open;
    if (!open)
        m_attention = AlertFilterProxyModel::Attention::Any;
    m_proxy->setAttention(m_attention);
    m_strip->setActive(open && severity >= 0 && severity != 10 ? severity : -1, m_attention);
    // What the filter shows is regrouped at once, not a moment later.
    m_groups->refresh();
    updateSummary();
}

void AlertListPage::showSelection(const AlertSelection &selection)
{
    for (QComboBox *box : {m_severity, m_state, m_pipeline, m_owner})
        box->blockSignals(true);
    m_text->blockSignals(true);
    m_severity->setCurrentIndex(std::max(0, m_severity->findData(selection.severity)));
    m_state->setCurrentIndex(
        m_state->findData(static_cast<int>(AlertFilterProxyModel::StateFilter::All)));
    m_pipeline->setCurrentIndex(std::max(0, m_pipeline->findData(selection.pipeline)));
    m_owner->setCurrentIndex(std::max(0, m_owner->findData(selection.assignee)));
    m_text->setText(selection.text);
    for (QComboBox *box : {m_severity, m_state, m_pipeline, m_owner})
        box->blockSignals(false);
    m_text->blockSignals(false);
    m_raisedFrom = selection.raisedFrom;
    m_raisedTo = selection.raisedTo;
    m_attention = AlertFilterProxyModel::Attention::Any;
    m_range->setText(QStringLiteral("%1  ✕").arg(selection.label.isEmpty() ? tr("raised in range")
                                                                           : selection.label));
    m_range->setVisible(m_raisedFrom != m_raisedTo);
    applyFilters();
}

void AlertListPage::updateSummary()
{
    const int groups = m_groups->groupCount();
    QString shown = tr("%1 of %2 alerts shown").arg(m_proxy->rowCount()).arg(m_model->rowCount());
    if (groups > 0)
        shown += groups == 1 ? tr(" (1 group)") : tr(" (%1 groups)").arg(groups);
    m_summary->setText(
        tr("%1 · A acknowledge · R resolve · S snooze · E escalate · N noise · O outcome · "
           "Enter details or open a group · / filter")
            .arg(shown));
}

void AlertListPage::saveState(QSettings &settings) const
{
    settings.setValue(QStringLiteral("alerts/text"), m_text->text());
    settings.setValue(QStringLiteral("alerts/severity"), m_severity->currentIndex());
    settings.setValue(QStringLiteral("alerts/state"), m_state->currentIndex());
    settings.setValue(QStringLiteral("alerts/pipeline"), m_pipeline->currentData());
    settings.setValue(QStringLiteral("alerts/owner"), m_owner->currentData());
    settings.setValue(QStringLiteral("alerts/header"), m_view->header()->saveState());
    settings.setValue(QStringLiteral("alerts/group"), m_groupAction->isChecked());
    settings.setValue(QStringLiteral("alerts/pane"), m_paneAction->isChecked());
    settings.setValue(QStringLiteral("alerts/split"), m_split->saveState());
}

void AlertListPage::restoreState(const QSettings &settings)
{
    m_text->setText(settings.value(QStringLiteral("alerts/text")).toString());
    m_severity->setCurrentIndex(settings.value(QStringLiteral("alerts/severity"), 0).toInt());
    m_state->setCurrentIndex(settings.value(QStringLiteral("alerts/state"), 0).toInt());
    m_pipeline->setCurrentIndex(
        std::max(0, m_pipeline->findData(settings.value(QStringLiteral("alerts/pipeline")))));
    m_owner->setCurrentIndex(
        std::max(0, m_owner->findData(settings.value(QStringLiteral("alerts/owner")))));
    m_view->header()->restoreState(settings.value(QStringLiteral("alerts/header")).toByteArray());
    m_groupAction->setChecked(settings.value(QStringLiteral("alerts/group"), true).toBool());
    m_split->restoreState(settings.value(QStringLiteral("alerts/split")).toByteArray());
    m_paneAction->setChecked(settings.value(QStringLiteral("alerts/pane"), true).toBool());
    applyFilters();
}

} // namespace wk
