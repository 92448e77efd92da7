#include "sourcehealthmodel.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QSignalSpy>
#include <QtTest>

using namespace wk;

namespace {

const TimestampNs now = 1767225600LL * nanosPerSecond;

SourceHealth source(const QString &id, TimestampNs lastSuccess, const QString &error = {})
{
    SourceHealth h;
    h.id = id;
    h.kind = QStringLiteral("csv");
    h.where = QStringLiteral("/var/log/%1.csv").arg(id);
    h.lastSuccess = lastSuccess;
    h.delivered = 1234;
    h.error = error;
    h.failingSince = error.isEmpty() ? 0 : now - 90 * nanosPerSecond;
    return h;
}

QString text(const SourceHealthModel &m, int row, int column)
{
    return m.index(row, column).data().toString();
}

} // namespace

class tst_SourceHealthModel : public QObject
{
    Q_OBJECT
private slots:
    void showsEachSourceAsTheEngineReportedIt()
    {
        SourceHealthModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        SourceHealth fresh = source(QStringLiteral("clicks"), now - 5 * nanosPerSecond);
        fresh.newestData = now - 120 * nanosPerSecond;
        fresh.note = QStringLiteral("the file was rotated");
        const SourceHealth never = source(QStringLiteral("orders"), 0);
        const SourceHealth broken = source(QStringLiteral("dwh"), now - 3600 * nanosPerSecond,
                                           QStringLiteral("connection refused"));
        model.setHealth({fresh, never, broken}, now);

        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.failingCount(), 1);
        QCOMPARE(text(model, 0, SourceHealthModel::Status), QStringLiteral("OK"));
        QCOMPARE(text(model, 0, SourceHealthModel::Details),
                 QStringLiteral("the file was rotated"));
        QVERIFY(text(model, 0, SourceHealthModel::LastSuccess).endsWith(QStringLiteral(" ago")));
        QVERIFY(!text(model, 0, SourceHealthModel::Lag).contains(QStringLiteral("ago")));
        QCOMPARE(text(model, 1, SourceHealthModel::Status), QStringLiteral("Not read yet"));
        QCOMPARE(text(model, 1, SourceHealthModel::LastSuccess), QStringLiteral("never"));
        QCOMPARE(text(model, 1, SourceHealthModel::Lag), QStringLiteral("—"));
        QVERIFY(
            text(model, 2, SourceHealthModel::Status).startsWith(QStringLiteral("Failing for")));
        QCOMPARE(text(model, 2, SourceHealthModel::Details), QStringLiteral("connection refused"));
        QVERIFY(model.index(2, SourceHealthModel::Status).data(Qt::ForegroundRole).isValid());
        QVERIFY(!model.index(0, SourceHealthModel::Status).data(Qt::ForegroundRole).isValid());
        QCOMPARE(model.index(0, SourceHealthModel::Delivered).data().toLongLong(), 1234);
        QCOMPARE(model.headerData(SourceHealthModel::Where, Qt::Horizontal).toString(),
                 QStringLiteral("Reads"));
    }

    // A heartbeat says its own state; a late or missing one is shown in red without
    // counting as a failing source (its alert speaks for it).
    void heartbeatsShowTheirOwnState()
    {
        SourceHealthModel model;
        SourceHealth waiting = source(QStringLiteral("nightly"), 0);
        waiting.kind = QStringLiteral("heartbeat");
        waiting.status = QStringLiteral("Waiting");
        SourceHealth missing = source(QStringLiteral("sync"), now - 3600 * nanosPerSecond);
        missing.kind = QStringLiteral("heartbeat");
        missing.status = QStringLiteral("Missing");
        missing.alarming = true;
        missing.note = QStringLiteral("silent since 10:00");
        model.setHealth({waiting, missing}, now);
        QCOMPARE(model.failingCount(), 0);
        QCOMPARE(text(model, 0, SourceHealthModel::Status), QStringLiteral("Waiting"));
        QVERIFY(!model.index(0, SourceHealthModel::Status).data(Qt::ForegroundRole).isValid());
        QCOMPARE(text(model, 1, SourceHealthModel::Status), QStringLiteral("Missing"));
        QCOMPARE(text(model, 1, SourceHealthModel::Details), QStringLiteral("silent since 10:00"));
        QVERIFY(model.index(1, SourceHealthModel::Status).data(Qt::ForegroundRole).isValid());
    }

    // New figures for the same sources repaint in place (selection and scrolling stay); a
    // source coming or going resets the rows.
    void sameSourcesUpdateInPlace()
    {
        SourceHealthModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setHealth({source(QStringLiteral("a"), now), source(QStringLiteral("b"), now)}, now);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setHealth({source(QStringLiteral("a"), now),
                         source(QStringLiteral("b"), now, QStringLiteral("gone"))},
                        now + nanosPerSecond);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.failingCount(), 1);
        model.setHealth({source(QStringLiteral("a"), now)}, now + 2 * nanosPerSecond);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.failingCount(), 0);
    }
};

QTEST_MAIN(tst_SourceHealthModel)
#include "tst_sourcehealthmodel.moc"
