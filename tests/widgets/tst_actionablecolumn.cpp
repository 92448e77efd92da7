// The actionable score in the console: the scorer scores every alert on a pool thread with
// the trained model, the Alerts list shows and sorts the column, the details say what
// weighed most, and without a model both say why there is no score.

#include "alertdetailsview.h"
#include "alertscorer.h"
#include "alerttablemodel.h"
#include "demoworkspace.h"
#include "engine/scoretrainer.h"
#include "score/alertfeatures.h"
#include "score/synthetichistory.h"

#include <QSignalSpy>
#include <QtTest>

#include <cmath>

using namespace wk;

namespace {
using Scores = QHash<qint64, AlertScore>;
} // namespace

class tst_ActionableColumn : public QObject
{
    Q_OBJECT
private slots:
    void scoresShowSortAndExplain()
    {
        const Workspace ws = test::demoWorkspace();
        SyntheticHistory::Options o;
        o.alerts = 2500;
        const QList<Alert> history = SyntheticHistory::generate(ws, o);
        const ScoreModelInfo info = ScoreTrainer::trainOn(ws, history, o.end);
        QVERIFY2(info.hasModel(), qPrintable(info.whyNone));

        AlertScorer scorer;
        scorer.setWorkspace(ws);
        QSignalSpy scored(&scorer, &AlertScorer::scored);
        scorer.schedule(history);
        scorer.setModel(info);
        QVERIFY(scored.wait(20000));
        // The first answer may be the one started before the model: wait for a full one.
        auto lastEmpty = [&] { return scored.last().first().value<Scores>().isEmpty(); };
        QTRY_VERIFY_WITH_TIMEOUT(!lastEmpty(), 20000);
        const auto scores = scored.last().first().value<Scores>();
        QCOMPARE(scores.size(), history.size());
        QVERIFY(scored.last().at(1).toString().isEmpty());
        for (const AlertScore &s : scores) {
            QVERIFY(s.score >= 0 && s.score <= 100);
            QVERIFY(s.parts[0].column >= 0 && s.parts[0].column < AlertFeatures::ColumnCount);
            QVERIFY(std::abs(s.parts[0].contribution) >= std::abs(s.parts[1].contribution));
        }

        AlertTableModel model;
        model.setWorkspace(ws);
        model.setAlerts(history.mid(0, 200));
        model.setScores(scores, {});
        int top = 0, bottom = 0;
        for (int r = 1; r < model.rowCount(); ++r) {
            if (model.lessThan(r, top, AlertTableModel::ActionableColumn))
                top = r;
            if (model.lessThan(bottom, r, AlertTableModel::ActionableColumn))
                bottom = r;
        }
        const float topScore = scores.value(model.alertAt(top)->id).score;
        const float bottomScore = scores.value(model.alertAt(bottom)->id).score;
        QVERIFY(topScore > bottomScore);
        QCOMPARE(model.index(top, AlertTableModel::ActionableColumn).data().toInt(),
                 qRound(topScore));

        // Actionable × revenue: the likely and costly first, unscored or free last.
        int mostImpact = 0;
        for (int r = 1; r < model.rowCount(); ++r)
            if (model.lessThan(r, mostImpact, AlertTableModel::ImpactColumn))
                mostImpact = r;
        const Alert &costly = *model.alertAt(mostImpact);
        const double impact = scores.value(costly.id).score / 100.0 * costly.revenue;
        QVERIFY(impact > 0);
        for (int r = 0; r < model.rowCount(); ++r)
            QVERIFY(scores.value(model.alertAt(r)->id).score / 100.0 * model.alertAt(r)->revenue <=
                    impact);
        QCOMPARE(model.index(mostImpact, AlertTableModel::ImpactColumn).data().toString(),
                 QStringLiteral("$%1").arg(qRound64(impact)));

        AlertDetailsView details(ws);
        const Alert &a = *model.alertAt(top);
        details.setAlert(a, o.end, model.score(a.id), model.whyNoScore());
        const QString html = details.detailsHtml();
        QVERIFY2(html.contains(QStringLiteral("Actionable score: %1 of 100").arg(qRound(topScore))),
                 qPrintable(html));
        QVERIFY(html.contains(QStringLiteral("▲")) || html.contains(QStringLiteral("▼")));

        // A training without a model: no scores, and the reason everywhere they would be.
        ScoreModelInfo none;
        none.trainedAt = o.end + 1;
        none.whyNone = QStringLiteral("only 12 ended alerts have a known outcome");
        scorer.setModel(none);
        QTRY_VERIFY_WITH_TIMEOUT(lastEmpty(), 20000);
        const QString why = scored.last().at(1).toString();
        QVERIFY2(why.contains(none.whyNone), qPrintable(why));
        model.setScores({}, why);
        QCOMPARE(model.index(0, AlertTableModel::ActionableColumn).data().toString(), QString());
        QCOMPARE(model.index(0, AlertTableModel::ActionableColumn).data(Qt::ToolTipRole).toString(),
                 why);
        QCOMPARE(
            model.headerData(AlertTableModel::ActionableColumn, Qt::Horizontal, Qt::ToolTipRole)
                .toString(),
            why);
        details.setAlert(a, o.end, model.score(a.id), model.whyNoScore());
        QVERIFY(details.detailsHtml().contains(QStringLiteral("only 12 ended alerts")));
    }
};

QTEST_MAIN(tst_ActionableColumn)
#include "tst_actionablecolumn.moc"
