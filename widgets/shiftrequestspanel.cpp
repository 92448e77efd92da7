#include "shiftrequestspanel.h"

#include "engine/shiftrequestdesk.h"
#include "schedule/shiftrequestrules.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace wk {

namespace {

enum Column { Seat, Asked, Reason, State, TakenBy, Columns };

} // namespace

ShiftRequestsPanel::ShiftRequestsPanel(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    m_ask = new QPushButton(tr("&Ask for cover…"), this);
    m_ask->setObjectName(QStringLiteral("askForCover"));
    m_ask->setToolTip(tr("Ask others to take part of your seat, or to swap turns "
                         "(Ctrl+Shift+R)"));
    m_take = new QPushButton(tr("Take it"), this);
    m_take->setObjectName(QStringLiteral("takeRequest"));
    m_decline = new QPushButton(tr("Decline"), this);
    m_decline->setObjectName(QStringLiteral("declineRequest"));
    m_approve = new QPushButton(tr("Approve"), this);
    m_approve->setObjectName(QStringLiteral("approveRequest"));
    m_refuse = new QPushButton(tr("Refuse…"), this);
    m_refuse->setObjectName(QStringLiteral("refuseRequest"));
    m_withdraw = new QPushButton(tr("Withdraw"), this);
    m_withdraw->setObjectName(QStringLiteral("withdrawRequest"));
    bar->addWidget(m_ask);
    bar->addStretch();
    for (QPushButton *b : {m_take, m_decline, m_approve, m_refuse, m_withdraw})
        bar->addWidget(b);
    layout->addLayout(bar);
    m_table = new QTableWidget(this);
    m_table->setObjectName(QStringLiteral("shiftRequests"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->setColumnCount(Columns);
    m_table->setHorizontalHeaderLabels(
        {tr("Seat and span"), tr("Asked by"), tr("Reason"), tr("State"), tr("Taken by")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_table, 1);
    m_outcome = new QLabel(this);
    m_outcome->setObjectName(QStringLiteral("requestOutcome"));
    m_outcome->setWordWrap(true);
    layout->addWidget(m_outcome);

    connect(m_ask, &QPushButton::clicked, this, &ShiftRequestsPanel::askWanted);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &ShiftRequestsPanel::updateButtons);
    auto answer = [this](ShiftRequestDesk::Answer a) {
        if (const ShiftRequest *r = selected())
            emit answerWanted(r->id, static_cast<int>(a), QString());
    };
    connect(m_take, &QPushButton::clicked, this, [=] { answer(ShiftRequestDesk::Answer::Take); });
    connect(m_decline, &QPushButton::clicked, this,
            [=] { answer(ShiftRequestDesk::Answer::Decline); });
    connect(m_approve, &QPushButton::clicked, this,
            [=] { answer(ShiftRequestDesk::Answer::Approve); });
    connect(m_withdraw, &QPushButton::clicked, this,
            [=] { answer(ShiftRequestDesk::Answer::Withdraw); });
    connect(m_refuse, &QPushButton::clicked, this, [this] {
        const ShiftRequest *r = selected();
        if (!r)
            return;
        bool ok = false;
        const QString why =
            QInputDialog::getText(this, tr("Refuse the change"), tr("Why (told to both people):"),
                                  QLineEdit::Normal, QString(), &ok);
        if (ok)
            emit answerWanted(r->id, static_cast<int>(ShiftRequestDesk::Answer::Refuse),
                              why.trimmed());
    });
    updateButtons();
}

void ShiftRequestsPanel::setWorkspace(const Workspace &workspace)
{
    m_workspace = workspace;
    refresh();
}

void ShiftRequestsPanel::setRequests(const QList<ShiftRequest> &requests)
{
    m_requests = requests;
    // Live ones first; the store's order (newest first) within each group.
    std::stable_sort(m_requests.begin(), m_requests.end(),
                     [this](const ShiftRequest &a, const ShiftRequest &b) {
                         return a.isLive(m_now) && !b.isLive(m_now);
                     });
    refresh();
}

void ShiftRequestsPanel::setNow(const QDateTime &now)
{
    const int before = liveCount();
    m_now = now.toUTC();
    if (liveCount() != before)
        refresh();
}

int ShiftRequestsPanel::liveCount() const
{
    return static_cast<int>(
        std::count_if(m_requests.cbegin(), m_requests.cend(),
                      [this](const ShiftRequest &r) { return r.isLive(m_now); }));
}

void ShiftRequestsPanel::showOutcome(const QString &message, bool ok)
{
    m_outcome->setText(message);
    m_outcome->setStyleSheet(ok ? QString() : QStringLiteral("color: #b3261e"));
}

void ShiftRequestsPanel::refresh()
{
    const QString keep = selected() ? selected()->id : QString();
    auto nameOf = [this](const QString &id) {
        const Person *p = m_workspace.person(id);
        return p ? p->name : id;
    };
    m_table->setRowCount(static_cast<int>(m_requests.size()));
    for (int row = 0; row < m_requests.size(); ++row) {
        const ShiftRequest &r = m_requests.at(row);
        QString seat = ShiftRequestRules::describe(m_workspace, r);
        if (r.kind == ShiftRequest::Kind::Swap)
            seat = tr("Swap: %1").arg(seat);
        QString state = r.stateName(m_now);
        if (r.state == ShiftRequest::State::Refused && !r.note.isEmpty())
            state = tr("refused: %1").arg(r.note);
        const QStringList cells{seat, nameOf(r.requester), r.reason, state,
                                r.takenBy.isEmpty() ? QString() : nameOf(r.takenBy)};
        for (int c = 0; c < Columns; ++c) {
            auto *item = new QTableWidgetItem(cells.at(c));
            item->setData(Qt::UserRole, r.id);
            if (!r.isLive(m_now))
                item->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
            m_table->setItem(row, c, item);
        }
        if (r.id == keep)
            m_table->selectRow(row);
    }
    updateButtons();
    emit liveCountChanged(liveCount());
}

const ShiftRequest *ShiftRequestsPanel::selected() const
{
    const QList<QTableWidgetItem *> items = m_table->selectedItems();
    if (items.isEmpty())
        return nullptr;
    const QString id = items.first()->data(Qt::UserRole).toString();
    for (const ShiftRequest &r : m_requests) {
        if (r.id == id)
            return &r;
    }
    return nullptr;
}

void ShiftRequestsPanel::updateButtons()
{
    const ShiftRequest *r = selected();
    const QString me = m_user ? m_user() : QString();
    const bool live = r && r->isLive(m_now) && !me.isEmpty();
    const bool open = live && r->state == ShiftRequest::State::Open;
    const bool waiting = live && r->state == ShiftRequest::State::AwaitingApproval;
    const Rotation *rotation = r ? m_workspace.rotation(r->rotation) : nullptr;
    const bool approver = rotation && !me.isEmpty() && rotation->swapApprover == me;
    const bool mine = r && r->requester == me;
    m_take->setEnabled(open && !mine);
    m_decline->setEnabled(open && !mine && !r->declinedBy.contains(me));
    m_approve->setEnabled(waiting && approver);
    m_refuse->setEnabled(waiting && approver);
    m_withdraw->setEnabled(live && mine);
    m_approve->setVisible(approver ||
                          std::any_of(m_workspace.rotations.cbegin(), m_workspace.rotations.cend(),
                                      [&](const Rotation &rot) { return rot.swapApprover == me; }));
    m_refuse->setVisible(m_approve->isVisibleTo(this));
}

} // namespace wk
