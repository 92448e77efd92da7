#include "commands.h"

#include "commandsupport.h"

#include "score/noiseevaluation.h"
#include "score/synthetichistory.h"
#include "storage/alertstore.h"
#include "storage/database.h"

namespace wk::cli {

int noise(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("noise evaluate: train the actionable score on the older part of the "
                       "stored alerts and test it on the newer part (a split in time), against "
                       "ranking by severity alone."));
    parser.addPositionalArgument(QStringLiteral("evaluate"), QStringLiteral("What to do."));
    parser.addOption(workspaceOption());
    parser.addOption(databaseOption());
    const QCommandLineOption share(QStringLiteral("train-share"),
                                   QStringLiteral("The older share of the history to learn from, "
                                                  "0.5 to 0.9 (default 0.7)."),
                                   QStringLiteral("share"), QStringLiteral("0.7"));
    const QCommandLineOption generated(
        QStringLiteral("generated"),
        QStringLiteral("Evaluate on N alerts of a generated history over the workspace instead "
                       "of the stored ones (with a planted signal unless --no-signal)."),
        QStringLiteral("n"));
    const QCommandLineOption seed(QStringLiteral("seed"),
                                  QStringLiteral("The generated history's seed (default 1)."),
                                  QStringLiteral("n"), QStringLiteral("1"));
    const QCommandLineOption noSignal(QStringLiteral("no-signal"),
                                      QStringLiteral("Generated outcomes that depend on nothing."));
    for (const QCommandLineOption &o : {share, generated, seed, noSignal})
        parser.addOption(o);
    int code = Ok;
    if (!parse(parser, arguments, &code))
        return code;
    if (parser.positionalArguments() != QStringList{QStringLiteral("evaluate")})
        return fail(BadInput, QStringLiteral("noise: say what to do: noise evaluate"));
    bool ok = false;
    const double trainShare = parser.value(share).toDouble(&ok);
    if (!ok || trainShare < 0.5 || trainShare > 0.9)
        return fail(BadInput, QStringLiteral("noise evaluate: --train-share is from 0.5 to 0.9, "
                                             "not '%1'")
                                  .arg(parser.value(share)));
    const QString location = requiredWorkspace(parser, QStringLiteral("noise evaluate"), &code);
    if (location.isEmpty())
        return code;
    const std::optional<Workspace> ws = loadWorkspace(location, &code);
    if (!ws)
        return code;
    QList<Alert> history;
    if (parser.isSet(generated)) {
        SyntheticHistory::Options o;
        o.alerts = parser.value(generated).toInt(&ok);
        if (!ok || o.alerts < 1 || o.alerts > 2'000'000)
            return fail(BadInput, QStringLiteral("noise evaluate: --generated takes a number of "
                                                 "alerts up to 2,000,000"));
        o.seed = parser.value(seed).toULongLong(&ok);
        if (!ok)
            return fail(BadInput, QStringLiteral("noise evaluate: --seed takes a number"));
        o.signal = !parser.isSet(noSignal);
        history = SyntheticHistory::generate(*ws, o);
    } else {
        const auto db = openConsoleStore(parser, location, &code);
        if (!db)
            return code;
        QString error;
        auto stored = AlertStore(*db).load(&error);
        if (!stored)
            return fail(Unavailable, QStringLiteral("cannot read the alerts: %1").arg(error));
        history = std::move(*stored);
    }
    QString why;
    const auto e = NoiseEvaluation::run(*ws, history, trainShare, {}, &why);
    if (!e)
        return fail(Findings, QStringLiteral("noise evaluate: no score to evaluate: %1").arg(why));
    out() << e->text();
    out().flush();
    return Ok;
}

} // namespace wk::cli
