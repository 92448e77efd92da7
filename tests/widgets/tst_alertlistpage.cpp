#include "alertdetailsview.h"
#include "alertfilterproxymodel.h"
#include "alertgroupmodel.h"
#include "alertlistpage.h"
#include "alertsummarystrip.h"
#include "alerttablemodel.h"
#include "demoworkspace.h"

#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTextBrowser>
#include <QToolButton>
#include <QTreeView>
#include <QtTest>

using namespace wk;

namespace {

const TimestampNs t0 = 1767225600LL * nanosPerSecond;
constexpr TimestampNs minute = 60 * nanosPerSecond;

Alert alert(qint64 id, Severity s, AlertState state, TimestampNs raised)
{
    Alert a;
    a.id = id;
    a.severity = s;
    a.state = state;
    a.title = QStringLiteral("alert %1").arg(id);
    a.pipelineId = QStringLiteral("profit-unit");
    a.triggeredAt = raised;
    a.ackBy = raised + 30 * minute;
    a.resolveBy = raised + 240 * minute;
    if (state == AlertState::Acknowledged)
        a.acknowledgedAt = raised + 5 * minute;
    if (state == AlertState::Resolved)
        a.resolvedAt = raised + 10 * minute;
    return a;
}

// The alerts the list shows, on their own rows or folded into groups.
QSet<qint64> shown(const AlertListPage &page)
{
    QSet<qint64> ids;
    const QAbstractItemModel *m = page.view()->model();
    for (int r = 0; r < m->rowCount(); ++r) {
        for (qint64 id : m->index(r, 0).data(AlertGroupModel::MemberIdsRole).value<QList<qint64>>())
            ids.insert(id);
    }
    return ids;
}

QToolButton *figure(const AlertListPage &page, const char *name)
{
    auto *b = page.summaryStrip()->findChild<QToolButton *>(QLatin1String(name));
    if (!b)
        qFatal("no summary figure %s", name);
    return b;
}

} // namespace

class tst_AlertListPage : public QObject
{
    Q_OBJECT
private slots:
    void summaryStripCountsAndFilters()
    {
        AlertTableModel model;
        model.setWorkspace(test::demoWorkspace());
        model.setNow(t0 + 40 * minute);
        model.setAlerts({
            alert(1, Severity::Critical, AlertState::Triggered, t0),           // overdue
            alert(2, Severity::Critical, AlertState::Acknowledged, t0),        // on time
            alert(3, Severity::High, AlertState::Triggered, t0 + 20 * minute), // due at 50
            alert(4, Severity::Medium, AlertState::Snoozed, t0 + 30 * minute), // due at 60
            alert(5, Severity::Critical, AlertState::Resolved, t0),            // closed
        });
        AlertListPage page(&model);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));

        QTRY_COMPARE(figure(page, "summaryCritical")->text(), QStringLiteral("2 critical"));
        QCOMPARE(figure(page, "summaryHigh")->text(), QStringLiteral("1 high"));
        QCOMPARE(figure(page, "summaryMedium")->text(), QStringLiteral("1 medium"));
        QCOMPARE(figure(page, "summaryUnacknowledged")->text(), QStringLiteral("2 unacknowledged"));
        QCOMPARE(figure(page, "summaryOverdue")->text(), QStringLiteral("1 overdue"));
        QCOMPARE(shown(page), (QSet<qint64>{1, 2, 3, 4}));

        // A click on a figure shows what it counts and lights it; the severity box agrees.
        QTest::mouseClick(figure(page, "summaryOverdue"), Qt::LeftButton);
        QCOMPARE(shown(page), (QSet<qint64>{1}));
        QVERIFY(figure(page, "summaryOverdue")->isChecked());
        QTest::mouseClick(figure(page, "summaryUnacknowledged"), Qt::LeftButton);
        QCOMPARE(shown(page), (QSet<qint64>{1, 3}));
        QVERIFY(!figure(page, "summaryOverdue")->isChecked());
        QTest::mouseClick(figure(page, "summaryCritical"), Qt::LeftButton);
        QCOMPARE(shown(page), (QSet<qint64>{1, 2}));
        auto *severity = page.findChild<QComboBox *>(QStringLiteral("severityFilter"));
        QCOMPARE(severity->currentText(), QStringLiteral("Critical"));
        QVERIFY(figure(page, "summaryCritical")->isChecked());
        QVERIFY(!figure(page, "summaryUnacknowledged")->isChecked());
        // The lit figure again: everything open.
        QTest::mouseClick(figure(page, "summaryCritical"), Qt::LeftButton);
        QCOMPARE(shown(page), (QSet<qint64>{1, 2, 3, 4}));
        QCOMPARE(severity->currentText(), QStringLiteral("All severities"));

        // Choosing in the boxes lights the figure that matches, or none.
        severity->setCurrentIndex(severity->findData(static_cast<int>(Severity::High)));
        QVERIFY(figure(page, "summaryHigh")->isChecked());
        QCOMPARE(shown(page), (QSet<qint64>{3}));

        // The clock moves: alert 3 passes its ack-by and joins the overdue list shown.
        QTest::mouseClick(figure(page, "summaryOverdue"), Qt::LeftButton);
        QCOMPARE(shown(page), (QSet<qint64>{1}));
        model.setNow(t0 + 55 * minute, false);
        page.timeMoved();
        QTRY_COMPARE(figure(page, "summaryOverdue")->text(), QStringLiteral("2 overdue"));
        QCOMPARE(shown(page), (QSet<qint64>{1, 3}));

        // Closed alerts are in no figure: filtering them turns the lit one off.
        auto *state = page.findChild<QComboBox *>(QStringLiteral("stateFilter"));
        state->setCurrentIndex(
            state->findData(static_cast<int>(AlertFilterProxyModel::StateFilter::Closed)));
        QCOMPARE(shown(page), (QSet<qint64>{5}));
        QVERIFY(!figure(page, "summaryOverdue")->isChecked());

        // A change of an alert moves the figures: acknowledging 1 leaves one unacknowledged.
        Alert acked = alert(1, Severity::Critical, AlertState::Acknowledged, t0);
        model.applyChanges({acked});
        QTRY_COMPARE(figure(page, "summaryUnacknowledged")->text(),
                     QStringLiteral("1 unacknowledged"));
    }

    void detailsPaneFollowsTheSelection()
    {
        AlertTableModel model;
        model.setWorkspace(test::demoWorkspace());
        model.setNow(t0 + 10 * minute);
        model.setAlerts({alert(1, Severity::Critical, AlertState::Triggered, t0),
                         alert(2, Severity::High, AlertState::Triggered, t0)});
        AlertListPage page(&model);
        page.setWorkspace(test::demoWorkspace());
        page.resize(1200, 600);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        // One alert per row here; groups are alertsOfOneIncidentFoldIntoAGroup's.
        page.groupAction()->setChecked(false);
        AlertDetailsView *pane = page.detailsPane();
        QVERIFY(pane->isVisible());
        QCOMPARE(pane->alertId(), 0); // nothing chosen yet

        QSignalSpy pages(&page, &AlertListPage::deliveriesRequested);
        QSignalSpy acks(&page, &AlertListPage::acknowledgeRequested);
        QTreeView *view = page.view();
        view->setFocus();
        view->setCurrentIndex(view->model()->index(1, 0));
        const qint64 second =
            view->model()->index(1, 0).data(AlertTableModel::AlertIdRole).toLongLong();
        QCOMPARE(pane->alertId(), second);
        QVERIFY(pane->detailsHtml().contains(QStringLiteral("Timeline")));
        QVERIFY(!pages.isEmpty()); // its pages are asked for
        QCOMPARE(pages.last().first().toLongLong(), second);
        // Down the list: the pane follows.
        QTest::keyClick(view, Qt::Key_Up);
        const qint64 first =
            view->model()->index(0, 0).data(AlertTableModel::AlertIdRole).toLongLong();
        QCOMPARE(pane->alertId(), first);

        // The pane's button acts on its alert, as the list's key does.
        auto *ack = pane->findChild<QPushButton *>();
        QVERIFY(ack && ack->text() == QStringLiteral("Acknowledge") && ack->isEnabled());
        QTest::mouseClick(ack, Qt::LeftButton);
        QCOMPARE(acks.count(), 1);
        QCOMPARE(acks.first().first().value<QList<qint64>>(), QList<qint64>{first});

        // A change of the alert shown reaches the pane.
        Alert acked = *model.alert(first);
        acked.state = AlertState::Acknowledged;
        acked.acknowledgedAt = t0 + 11 * minute;
        acked.timeline.append(
            {t0 + 11 * minute, QStringLiteral("amara"), QStringLiteral("acknowledged"), QString()});
        model.applyChanges({acked});
        QTRY_VERIFY(pane->detailsHtml().contains(QStringLiteral("acknowledged 20")));
        QTRY_VERIFY(!ack->isEnabled());

        // A long timeline: the reader scrolls, and the pane's refreshes keep their place.
        Alert busy = *model.alert(first);
        for (int i = 0; i < 80; ++i)
            busy.timeline.append({t0 + i * nanosPerSecond, QStringLiteral("engine"),
                                  QStringLiteral("updated"), QStringLiteral("count %1").arg(i)});
        model.applyChanges({busy});
        auto *text = pane->findChild<QTextBrowser *>(QStringLiteral("alertDetails"));
        QTRY_VERIFY(text->verticalScrollBar()->maximum() > 0);
        const int middle = text->verticalScrollBar()->maximum() / 2;
        text->verticalScrollBar()->setValue(middle);
        const QString before = pane->detailsHtml();
        model.setNow(t0 + 25 * minute, false);
        page.timeMoved();
        QTRY_VERIFY(pane->detailsHtml() != before); // refreshed: the clocks moved
        QCOMPARE(text->verticalScrollBar()->value(), middle);

        // F8 hides it and shows it again.
        QTest::keyClick(view, Qt::Key_F8);
        QVERIFY(!pane->isVisible());
        QTest::keyClick(view, Qt::Key_F8);
        QVERIFY(pane->isVisible());
        QCOMPARE(pane->alertId(), first);
    }

    // Profit's unit step fails, and its aggregate two minutes later: one group, led by the
    // worst. The group row is what A acts on: every alert in it, each on its own.
    void alertsOfOneIncidentFoldIntoAGroup()
    {
        AlertTableModel model;
        model.setWorkspace(test::demoWorkspace());
        model.setNow(t0 + 10 * minute);
        Alert unit = alert(1, Severity::High, AlertState::Triggered, t0);
        Alert aggregate = alert(2, Severity::Critical, AlertState::Triggered, t0 + 2 * minute);
        aggregate.pipelineId = QStringLiteral("profit-aggregate");
        Alert growth = alert(3, Severity::Medium, AlertState::Triggered, t0 + minute);
        growth.pipelineId = QStringLiteral("growth-daily");
        model.setAlerts({unit, aggregate, growth});
        AlertListPage page(&model);
        page.setWorkspace(test::demoWorkspace());
        page.resize(1200, 600);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTreeView *view = page.view();
        QAbstractItemModel *m = view->model();

        QTRY_COMPARE(m->rowCount(), 2);
        QModelIndex group;
        for (int r = 0; r < m->rowCount(); ++r) {
            if (m->hasChildren(m->index(r, 0)))
                group = m->index(r, 0);
        }
        QVERIFY(group.isValid());
        QCOMPARE(m->rowCount(group), 2);
        QCOMPARE(group.siblingAtColumn(AlertTableModel::SeverityColumn).data().toString(),
                 QStringLiteral("critical"));
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("alertCount"))
                    ->text()
                    .contains(QStringLiteral("3 of 3 alerts shown (1 group) ·")));

        // The group's row: the pane shows the alert that leads it; A acts on both.
        QSignalSpy acks(&page, &AlertListPage::acknowledgeRequested);
        view->setFocus();
        view->setCurrentIndex(group);
        QCOMPARE(page.detailsPane()->alertId(), 2);
        QTest::keyClick(view, Qt::Key_A);
        QCOMPARE(acks.count(), 1);
        QCOMPARE(acks.last().first().value<QList<qint64>>(), (QList<qint64>{1, 2}));
        // Once 1 is acknowledged, A on the group acknowledges what is left; R resolves both.
        Alert acked = *model.alert(1);
        acked.state = AlertState::Acknowledged;
        acked.acknowledgedAt = t0 + 3 * minute;
        model.applyChanges({acked});
        QTest::keyClick(view, Qt::Key_A);
        QCOMPARE(acks.last().first().value<QList<qint64>>(), (QList<qint64>{2}));
        QSignalSpy resolves(&page, &AlertListPage::resolveRequested);
        QTest::keyClick(view, Qt::Key_R);
        QCOMPARE(resolves.last().first().value<QList<qint64>>(), (QList<qint64>{1, 2}));

        // The group and one of its alerts chosen together: each alert once.
        view->setExpanded(group, true);
        view->selectionModel()->select(m->index(1, 0, group),
                                       QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QCOMPARE(page.selectedIds().size(), 2);

        // A new alert of the chain joins the open group, which stays open.
        Alert later = alert(4, Severity::High, AlertState::Triggered, t0 + 5 * minute);
        model.applyChanges({later});
        QTRY_COMPARE(m->rowCount(group), 3);
        QVERIFY(view->isExpanded(group));

        // Ctrl+G: one row per alert; again: groups back.
        QTest::keyClick(view, Qt::Key_G, Qt::ControlModifier);
        QVERIFY(!page.groupAction()->isChecked());
        QCOMPARE(m->rowCount(), 4);
        QCOMPARE(shown(page), (QSet<qint64>{1, 2, 3, 4}));
        QVERIFY(!view->rootIsDecorated());
        QTest::keyClick(view, Qt::Key_G, Qt::ControlModifier);
        QCOMPARE(m->rowCount(), 2);

        // The choice is remembered, and so is the order: sorted by Impact (actionable ×
        // revenue), a new page sorts by it too.
        page.groupAction()->setChecked(false);
        view->sortByColumn(AlertTableModel::ImpactColumn, Qt::AscendingOrder);
        QSettings settings(QDir(m_dir.path()).filePath(QStringLiteral("s.ini")),
                           QSettings::IniFormat);
        page.saveState(settings);
        AlertListPage again(&model);
        again.restoreState(settings);
        QVERIFY(!again.groupAction()->isChecked());
        QCOMPARE(again.view()->model()->rowCount(), 4);
        QCOMPARE(again.view()->header()->sortIndicatorSection(),
                 int(AlertTableModel::ImpactColumn));
        QCOMPARE(again.proxy()->sortColumn(), int(AlertTableModel::ImpactColumn));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(tst_AlertListPage)
#include "tst_alertlistpage.moc"
