#include "ruletuningdialog.h"

#include "domain/rulechange.h"
#include "engine/rulereplay.h"
#include "storage/database.h"
#include "workspace/ruleedit.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QTimeZone>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace wk {

namespace {

constexpr int maxListed = 500;

QTimeZone zoneOf(const Workspace &ws)
{
    if (!ws.rotations.isEmpty() && !ws.rotations.first().timeZone.isEmpty()) {
        const QTimeZone zone(ws.rotations.first().timeZone.toUtf8());
        if (zone.isValid())
            return zone;
    }
    return QTimeZone::systemTimeZone();
}

QString outcomeText(const BacktestAlert &a)
{
    if (!a.storedId)
        return RuleTuningDialog::tr("not on record");
    return a.outcome.kind == AlertOutcome::Kind::Unknown ? RuleTuningDialog::tr("no outcome yet")
                                                         : a.outcome.describe();
}

} // namespace

RuleTuningDialog::RuleTuningDialog(const Workspace &workspace, const QString &baseDir,
                                   const QString &file, const QString &store, const QString &ruleId,
                                   QWidget *parent)
    : QDialog(parent), m_workspace(workspace), m_baseDir(baseDir), m_file(file), m_store(store),
      m_rules(new QComboBox(this)), m_span(new QComboBox(this)), m_form(new QFormLayout),
      m_problem(new QLabel(this)), m_summary(new QLabel(this)), m_busy(new QProgressBar(this)),
      m_list(new QTreeWidget(this)), m_write(new QPushButton(tr("&Write to Workspace…"), this)),
      m_debounce(new QTimer(this))
{
    setWindowTitle(tr("Tune Rule"));
    setObjectName(QStringLiteral("ruleTuningDialog"));
    for (const Rule &r : m_workspace.rules) {
        if (r.kind != Rule::Kind::Sql)
            m_rules->addItem(
                QStringLiteral("%1 (%2) — %3").arg(r.id, ruleKindName(r.kind), r.pipeline), r.id);
    }
    m_rules->setObjectName(QStringLiteral("ruleChoice"));
    for (const int days : {7, 30, 90})
        m_span->addItem(tr("last %1 days").arg(days), days);
    m_span->setCurrentIndex(2);
    m_span->setObjectName(QStringLiteral("historySpan"));

    auto *top = new QHBoxLayout;
    auto *ruleLabel = new QLabel(tr("&Rule:"), this);
    ruleLabel->setBuddy(m_rules);
    auto *spanLabel = new QLabel(tr("&History:"), this);
    spanLabel->setBuddy(m_span);
    top->addWidget(ruleLabel);
    top->addWidget(m_rules, 1);
    top->addWidget(spanLabel);
    top->addWidget(m_span);

    m_problem->setObjectName(QStringLiteral("tuningProblem"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: palette(link)"));
    m_summary->setObjectName(QStringLiteral("tuningSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_busy->setMaximumHeight(6);
    m_busy->hide();
    m_list->setObjectName(QStringLiteral("tuningList"));
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels(
        {tr("Change"), tr("Raised"), tr("Subject"), tr("Peak"), tr("Outcome"), tr("Pages")});
    m_list->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_list->setSortingEnabled(true);
    m_write->setObjectName(QStringLiteral("writeRule"));
    m_write->setEnabled(false);
    if (m_file.isEmpty())
        m_write->setToolTip(tr("This workspace is stored in a database: export it, change the "
                               "file, and import it"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_write, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_write, &QPushButton::clicked, this, &RuleTuningDialog::write);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(m_form);
    layout->addWidget(m_problem);
    layout->addWidget(m_busy);
    layout->addWidget(m_summary);
    layout->addWidget(m_list, 1);
    layout->addWidget(buttons);
    resize(820, 620);

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(250);
    connect(m_debounce, &QTimer::timeout, this, &RuleTuningDialog::replay);
    connect(&m_loading, &QFutureWatcher<Loaded>::finished, this, &RuleTuningDialog::onLoaded);
    connect(&m_replaying, &QFutureWatcher<std::optional<BacktestResult>>::finished, this,
            &RuleTuningDialog::onReplayed);
    connect(m_rules, &QComboBox::currentIndexChanged, this,
            [this] { chooseRule(m_rules->currentData().toString()); });
    connect(m_span, &QComboBox::currentIndexChanged, this,
            [this] { setHistoryDays(m_span->currentData().toInt()); });
    const int at = m_rules->findData(ruleId);
    if (at >= 0 && at != m_rules->currentIndex())
        m_rules->setCurrentIndex(at); // chooses it
    else
        chooseRule(m_rules->currentData().toString());
}

// Closing never waits for a replay: the pool's work holds copies of all it reads, and its
// result, wanted by nobody then, is dropped with the watcher.
RuleTuningDialog::~RuleTuningDialog() = default;

void RuleTuningDialog::setHistoryDays(int days)
{
    if (days == m_days)
        return;
    m_days = days;
    const int at = m_span->findData(days);
    if (at >= 0)
        m_span->setCurrentIndex(at);
    load();
}

void RuleTuningDialog::chooseRule(const QString &ruleId)
{
    for (const Rule &r : m_workspace.rules) {
        if (r.id == ruleId)
            m_rule = r;
    }
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
    m_editors.clear();
    for (const QString &key : RuleChange::keys(m_rule.kind)) {
        QWidget *editor = nullptr;
        const QString value = RuleChange::value(m_rule, key);
        if (key == QLatin1String("threshold") || key == QLatin1String("baseline")) {
            auto *spin = new QSpinBox(this);
            spin->setRange(1, 1'000'000);
            spin->setValue(value.toInt());
            connect(spin, &QSpinBox::valueChanged, this, &RuleTuningDialog::schedule);
            editor = spin;
        } else if (key == QLatin1String("severity")) {
            auto *combo = new QComboBox(this);
            for (const Severity s : allSeverities)
                combo->addItem(severityName(s));
            combo->setCurrentText(value);
            connect(combo, &QComboBox::currentTextChanged, this, &RuleTuningDialog::schedule);
            editor = combo;
        } else {
            auto *line = new QLineEdit(value, this);
            if (key.endsWith(QLatin1String("_after")))
                line->setPlaceholderText(tr("none"));
            connect(line, &QLineEdit::textChanged, this, &RuleTuningDialog::schedule);
            editor = line;
        }
        editor->setObjectName(QStringLiteral("edit_") + key);
        m_form->addRow(key + QLatin1Char(':'), editor);
        m_editors.append({key, editor});
    }
    load();
}

std::optional<Rule> RuleTuningDialog::changedRule() const
{
    Rule rule = m_rule;
    for (const auto &[key, editor] : m_editors) {
        QString value;
        if (const auto *spin = qobject_cast<const QSpinBox *>(editor))
            value = QString::number(spin->value());
        else if (const auto *combo = qobject_cast<const QComboBox *>(editor))
            value = combo->currentText();
        else if (const auto *line = qobject_cast<const QLineEdit *>(editor))
            value = line->text().trimmed();
        if (value == RuleChange::value(rule, key))
            continue;
        QString error;
        if (!RuleChange::set(rule, key, value, &error))
            return std::nullopt;
    }
    return rule;
}

bool RuleTuningDialog::isSettled() const
{
    return m_settled && !m_loading.isRunning() && !m_replaying.isRunning() &&
           !m_debounce->isActive();
}

void RuleTuningDialog::load()
{
    ++m_generation;
    m_settled = false;
    m_history.reset();
    m_busy->show();
    m_write->setEnabled(false);
    m_summary->setText(tr("Reading the history of %1…").arg(m_rule.id));
    m_list->clear();
    m_until = QDateTime::currentDateTimeUtc().toMSecsSinceEpoch() * 1'000'000;
    m_from = m_until - qint64(m_days) * 86400 * nanosPerSecond;
    const Workspace ws = m_workspace;
    const QString baseDir = m_baseDir, store = m_store;
    const Rule rule = m_rule;
    const TimestampNs from = m_from, until = m_until;
    const QTimeZone zone = zoneOf(ws);
    // A load still running (another rule, another span) is left to finish unwatched.
    m_loading.setFuture(QtConcurrent::run([=]() {
        Loaded out;
        QElapsedTimer timer;
        timer.start();
        QString error;
        // A connection of this thread's own, closed before the thread moves on.
        std::unique_ptr<Database> db = Database::open(store, &error);
        if (!db)
            out.errors.append(
                {QString(), 0, 0,
                 QStringLiteral("the console's store cannot be read: %1").arg(error)});
        auto history = RuleHistory::load(ws, baseDir, rule, db.get(), from, zone, &out.errors);
        if (history) {
            auto before =
                RuleReplay(ws, baseDir)
                    .run(rule, history->events, from, until, &out.errors, history->deduplicated);
            if (before) {
                out.before = std::move(*before);
                out.history = std::make_shared<const RuleHistory>(std::move(*history));
            }
        }
        out.ms = timer.elapsed();
        return out;
    }));
    m_loading.setProperty("generation", m_generation);
}

void RuleTuningDialog::onLoaded()
{
    if (m_loading.property("generation").toInt() != m_generation)
        return;
    Loaded loaded = m_loading.result();
    if (!loaded.history) {
        m_busy->hide();
        m_summary->setText(tr("This rule's history cannot be replayed:\n%1")
                               .arg(formatDiagnostics(loaded.errors)));
        m_settled = true;
        emit settled();
        return;
    }
    m_history = loaded.history;
    m_before = std::move(loaded.before);
    if (!loaded.errors.isEmpty())
        m_problem->setText(formatDiagnostics(loaded.errors)); // e.g. the store is unreadable
    replay();
}

void RuleTuningDialog::schedule()
{
    m_settled = false;
    m_debounce->start();
}

void RuleTuningDialog::replay()
{
    if (!m_history)
        return; // load() replays once the history is in
    const std::optional<Rule> changed = changedRule();
    if (!changed) {
        // Say which edit is wrong, as the workspace reader would.
        Rule probe = m_rule;
        for (const auto &[key, editor] : m_editors) {
            QString value;
            if (const auto *line = qobject_cast<const QLineEdit *>(editor))
                value = line->text().trimmed();
            else
                continue;
            QString error;
            if (value != RuleChange::value(probe, key) &&
                !RuleChange::set(probe, key, value, &error)) {
                m_problem->setText(error);
                break;
            }
        }
        m_write->setEnabled(false);
        m_settled = true;
        emit settled();
        return;
    }
    m_problem->clear();
    if (m_replaying.isRunning()) {
        m_pending = true;
        return;
    }
    m_busy->show();
    const Workspace ws = m_workspace;
    const QString baseDir = m_baseDir;
    const auto history = m_history;
    const QList<ReplayedAlert> before = m_before;
    const TimestampNs from = m_from, until = m_until;
    const Rule &rule = *changed; // copied into the task below
    m_replaying.setFuture(QtConcurrent::run([=]() -> std::optional<BacktestResult> {
        QList<Diagnostic> errors;
        auto after = RuleReplay(ws, baseDir)
                         .run(rule, history->events, from, until, &errors, history->deduplicated);
        if (!after)
            return std::nullopt;
        return Backtest(ws, baseDir).compare(before, std::move(*after), history->record);
    }));
}

void RuleTuningDialog::onReplayed()
{
    if (m_pending) {
        m_pending = false;
        replay();
        return;
    }
    m_busy->hide();
    const std::optional<BacktestResult> result = m_replaying.result();
    if (result)
        showResult(*result);
    const std::optional<Rule> changed = changedRule();
    m_write->setEnabled(!m_file.isEmpty() && changed && !(*changed == m_rule));
    m_settled = true;
    emit settled();
}

QString RuleTuningDialog::summaryText() const
{
    return m_summary->text();
}

void RuleTuningDialog::showResult(const BacktestResult &r)
{
    m_result = r;
    const QLocale locale;
    const QTimeZone zone = zoneOf(m_workspace);
    QStringList lines;
    lines << tr("Over the %1: %2 events %3.")
                 .arg(m_span->currentText(), locale.toString(qlonglong(m_history->events.size())),
                      m_history->fromArchive ? tr("from the event archive")
                      : m_history->files.size() == 1
                          ? tr("from %1").arg(QFileInfo(m_history->files.first()).fileName())
                          : tr("from %1 files").arg(m_history->files.size()));
    lines << tr("Alerts as it is: %1 (%2 at night) · as changed: %3 (%4 at night)")
                 .arg(r.before.size())
                 .arg(Backtest::countAtNight(r.before, zone))
                 .arg(r.after.size())
                 .arg(Backtest::countAtNight(r.after, zone));
    lines << tr("Would no longer fire: %1 — %2").arg(r.gone.size()).arg(r.goneBreakdown());
    lines << tr("Would newly fire: %1 · pages saved: %2 (%3 at night) · median time to raise: %4")
                 .arg(r.added.size())
                 .arg(r.pagesSaved)
                 .arg(r.nightPagesSaved)
                 .arg(r.raiseShiftText());
    m_summary->setText(lines.join(QLatin1Char('\n')));

    m_list->setSortingEnabled(false);
    m_list->clear();
    auto add = [&](const QList<BacktestAlert> &alerts, const QString &change) {
        for (qsizetype i = 0; i < alerts.size() && m_list->topLevelItemCount() < maxListed; ++i) {
            const BacktestAlert &a = alerts.at(i);
            auto *item = new QTreeWidgetItem(m_list);
            item->setText(0, change);
            item->setText(1, locale.toString(toDateTime(a.alert.raisedAt).toTimeZone(zone),
                                             QLocale::ShortFormat));
            item->setData(1, Qt::UserRole, a.alert.raisedAt);
            item->setText(2, a.alert.subject);
            item->setData(3, Qt::DisplayRole, a.alert.peakCount);
            item->setText(4, change == tr("newly fires") ? QString() : outcomeText(a));
            item->setData(5, Qt::DisplayRole, a.pages);
        }
    };
    add(r.gone, tr("no longer fires"));
    add(r.added, tr("newly fires"));
    m_list->setSortingEnabled(true);
    for (int c = 0; c < m_list->columnCount(); ++c)
        if (c != 2)
            m_list->resizeColumnToContents(c);
}

void RuleTuningDialog::write()
{
    const std::optional<Rule> changed = changedRule();
    if (!changed || m_file.isEmpty())
        return;
    QFile in(m_file);
    if (!in.open(QIODevice::ReadOnly)) {
        QMessageBox::warning(this, windowTitle(),
                             tr("%1 cannot be read: %2").arg(m_file, in.errorString()));
        return;
    }
    const QByteArray yaml = in.readAll();
    in.close();
    QString error;
    const std::optional<QByteArray> edited =
        RuleEdit::apply(yaml, m_file, m_rule, *changed, &error);
    if (!edited) {
        QMessageBox::warning(this, windowTitle(), error);
        return;
    }
    QDialog confirm(this);
    confirm.setObjectName(QStringLiteral("ruleDiff"));
    confirm.setWindowTitle(tr("Write to %1").arg(QFileInfo(m_file).fileName()));
    auto *text =
        new QPlainTextEdit(RuleEdit::diff(yaml, *edited, QFileInfo(m_file).fileName()), &confirm);
    text->setReadOnly(true);
    text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, &confirm);
    QPushButton *ok = buttons->addButton(tr("&Write"), QDialogButtonBox::AcceptRole);
    ok->setObjectName(QStringLiteral("confirmWrite"));
    ok->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, &confirm, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &confirm, &QDialog::reject);
    auto *layout = new QVBoxLayout(&confirm);
    layout->addWidget(new QLabel(tr("These lines of the workspace file change:"), &confirm));
    layout->addWidget(text);
    layout->addWidget(buttons);
    confirm.resize(640, 360);
    if (confirm.exec() != QDialog::Accepted)
        return;
    QSaveFile out(m_file);
    if (!out.open(QIODevice::WriteOnly) || out.write(*edited) != edited->size() || !out.commit()) {
        QMessageBox::warning(this, windowTitle(),
                             tr("%1 cannot be written: %2").arg(m_file, out.errorString()));
        return;
    }
    // The file now has the changed rule: it is the rule as it is from here on.
    for (Rule &r : m_workspace.rules) {
        if (r.id == m_rule.id)
            r = *changed;
    }
    m_rule = *changed;
    emit written(m_file);
    chooseRule(m_rule.id);
    m_problem->setText(tr("Written to %1; the console applies it as it reloads the file.")
                           .arg(QFileInfo(m_file).fileName()));
}

} // namespace wk
