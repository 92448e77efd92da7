#include "overridedialog.h"

#include "datetimefield.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTimeZone>
#include <QUuid>

namespace wk {

namespace {
// How far ahead a swap partner's turns are offered.
constexpr int swapHorizonDays = 26 * 7;

// The fields hold wall-clock times of the rotation's zone, whatever the machine's zone.
void showIn(DateTimeField *field, const QDateTime &instant, const QTimeZone &zone)
{
    const QDateTime local = instant.toTimeZone(zone);
    field->setDateTime(local.date(), local.time());
}
} // namespace

OverrideDialog::OverrideDialog(const OnCallSchedule &schedule, const Rotation &rotation,
                               const QDateTime &from, const QDateTime &to, const QString &createdBy,
                               QWidget *parent)
    : QDialog(parent), m_schedule(schedule), m_rotationDef(rotation), m_createdBy(createdBy),
      m_anchor(from.toUTC())
{
    setWindowTitle(tr("Override: %1").arg(rotation.name));
    auto *form = new QFormLayout(this);
    m_layer = new QComboBox(this);
    m_layer->setObjectName(QStringLiteral("layer"));
    m_layer->addItem(tr("Primary"), QVariant::fromValue(static_cast<int>(RotationLayer::Primary)));
    if (rotation.secondary)
        m_layer->addItem(tr("Secondary"),
                         QVariant::fromValue(static_cast<int>(RotationLayer::Secondary)));
    m_person = new QComboBox(this);
    m_person->setObjectName(QStringLiteral("person"));
    for (const Person &p : schedule.workspace().people)
        m_person->addItem(p.name, p.id);
    m_swap = new QCheckBox(tr("Swap whole turns: the holder takes one of theirs"), this);
    m_swap->setObjectName(QStringLiteral("swap"));
    m_swapTurn = new QComboBox(this);
    m_swapTurn->setObjectName(QStringLiteral("swapTurn"));
    m_from = new DateTimeField(this);
    m_from->setObjectName(QStringLiteral("from"));
    m_to = new DateTimeField(this);
    m_to->setObjectName(QStringLiteral("to"));
    showIn(m_from, from, zone());
    showIn(m_to, to, zone());
    m_reason = new QLineEdit(this);
    m_reason->setObjectName(QStringLiteral("reason"));
    m_reason->setPlaceholderText(tr("Why, for the record (required)"));
    form->addRow(tr("&Seat:"), m_layer);
    form->addRow(tr("&Who takes it:"), m_person);
    form->addRow(QString(), m_swap);
    form->addRow(tr("&In exchange for:"), m_swapTurn);
    form->addRow(tr("&From (%1):").arg(rotation.timeZone), m_from);
    form->addRow(tr("&Until (%1):").arg(rotation.timeZone), m_to);
    form->addRow(tr("&Reason:"), m_reason);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("problem"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #b3261e"));
    form->addRow(m_problem);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reason, &QLineEdit::textChanged, this, &OverrideDialog::validate);
    connect(m_from, &DateTimeField::changed, this, &OverrideDialog::validate);
    connect(m_to, &DateTimeField::changed, this, &OverrideDialog::validate);
    connect(m_swapTurn, &QComboBox::currentIndexChanged, this, &OverrideDialog::validate);
    connect(m_swap, &QCheckBox::toggled, this, &OverrideDialog::updateSwap);
    connect(m_layer, &QComboBox::currentIndexChanged, this, &OverrideDialog::updateSwap);
    connect(m_person, &QComboBox::currentIndexChanged, this, &OverrideDialog::updateSwap);
    updateSwap();
}

QTimeZone OverrideDialog::zone() const
{
    const QTimeZone zone(m_rotationDef.timeZone.toUtf8());
    return zone.isValid() ? zone : QTimeZone::utc();
}

QDateTime OverrideDialog::instant(const DateTimeField *edit) const
{
    return QDateTime(edit->date(), edit->time(), zone()).toUTC();
}

QString OverrideDialog::wallClockProblem(const DateTimeField *edit) const
{
    if (!edit->isValid())
        return tr("Type the date and time as 2027-01-10 17:00; \"%1\" is not one.")
            .arg(edit->lineEdit()->text());
    // A time the clocks skip (spring forward) names no instant in the zone.
    const QDateTime at = QDateTime(edit->date(), edit->time(), zone());
    if (at.isValid() && at.time() == edit->time() && at.date() == edit->date())
        return {};
    return tr("%1 does not exist in %2: the clocks skip it that day.")
        .arg(QLocale().toString(QDateTime(edit->date(), edit->time()), QLocale::ShortFormat),
             m_rotationDef.timeZone);
}

RotationLayer OverrideDialog::layer() const
{
    return static_cast<RotationLayer>(m_layer->currentData().toInt());
}

QString OverrideDialog::holder() const
{
    return m_holderTurn.person;
}

void OverrideDialog::updateSwap()
{
    const bool swap = m_swap->isChecked();
    m_holderTurn = {};
    for (const Shift &s : m_schedule.plannedShifts(m_rotationDef.id, m_anchor, m_anchor.addSecs(1)))
        if (s.layer == layer() && s.covers(m_anchor))
            m_holderTurn = s;
    m_turns.clear();
    const QSignalBlocker block(m_swapTurn);
    m_swapTurn->clear();
    const QString taker = m_person->currentData().toString();
    if (swap && m_holderTurn.start.isValid()) {
        // The taker's own turns in the same seat, later or earlier, as the plan has them.
        const QDateTime from = m_holderTurn.start.addDays(-swapHorizonDays / 4);
        for (const Shift &s : m_schedule.plannedShifts(m_rotationDef.id, from,
                                                       m_holderTurn.start.addDays(swapHorizonDays)))
            if (s.layer == layer() && s.person == taker && s.slot != m_holderTurn.slot)
                m_turns << s;
        for (const Shift &s : std::as_const(m_turns))
            m_swapTurn->addItem(
                tr("%1's turn %2 – %3")
                    .arg(m_person->currentText(),
                         s.start.toTimeZone(zone()).toString(QStringLiteral("ddd d MMM")),
                         s.end.toTimeZone(zone()).toString(QStringLiteral("ddd d MMM"))));
        showIn(m_from, m_holderTurn.start, zone());
        showIn(m_to, m_holderTurn.end, zone());
    }
    m_swapTurn->setEnabled(swap);
    m_from->setEnabled(!swap);
    m_to->setEnabled(!swap);
    m_ok->setText(swap ? tr("Swap turns") : tr("Create override"));
    validate();
}

void OverrideDialog::validate()
{
    QString problem;
    if (m_reason->text().trimmed().isEmpty())
        problem = tr("Give a reason.");
    else if (const QString skipped = wallClockProblem(m_from); !skipped.isEmpty())
        problem = skipped;
    else if (const QString skipped = wallClockProblem(m_to); !skipped.isEmpty())
        problem = skipped;
    else if (!(instant(m_from) < instant(m_to)))
        problem = tr("The end must come after the start.");
    else if (m_swap->isChecked() && !m_holderTurn.start.isValid())
        problem = tr("Nobody holds this seat then, so there is nothing to swap.");
    else if (m_swap->isChecked() && m_person->currentData().toString() == holder())
        problem = tr("%1 already holds this turn.").arg(m_person->currentText());
    else if (m_swap->isChecked() && m_swapTurn->currentIndex() < 0)
        problem =
            tr("%1 has no turn in this seat to give in exchange.").arg(m_person->currentText());
    if (problem.isEmpty()) {
        // The schedule as it would be: nobody may end up in both seats at once.
        const QList<ScheduleOverride> made = results();
        OnCallSchedule after = m_schedule;
        after.setStoredOverrides(after.storedOverrides() + made);
        for (const ScheduleOverride &o : made) {
            problem = after.bothSeatsProblem(o);
            if (!problem.isEmpty())
                break;
        }
        if (!problem.isEmpty())
            problem = problem.at(0).toUpper() + problem.mid(1) + QLatin1Char('.');
    }
    m_ok->setEnabled(problem.isEmpty());
    m_ok->setToolTip(problem);
    // An empty reason is the normal state of a fresh dialog, not worth a red line.
    m_problem->setText(m_reason->text().trimmed().isEmpty() ? QString() : problem);
}

QList<ScheduleOverride> OverrideDialog::results() const
{
    ScheduleOverride o;
    o.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    o.rotation = m_rotationDef.id;
    o.layer = layer();
    o.person = m_person->currentData().toString();
    o.start = instant(m_from);
    o.end = instant(m_to);
    o.createdBy = m_createdBy;
    o.reason = m_reason->text().trimmed();
    o.createdAt = QDateTime::currentDateTimeUtc();
    // Whose planned time it takes: the plan's holder at its start.
    for (const Shift &s : m_schedule.plannedShifts(o.rotation, o.start, o.start.addSecs(1)))
        if (s.layer == o.layer && s.covers(o.start))
            o.covering = s.person;
    if (!m_swap->isChecked() || m_swapTurn->currentIndex() < 0)
        return {o};
    const Shift &theirs = m_turns.at(m_swapTurn->currentIndex());
    o.start = m_holderTurn.start;
    o.end = m_holderTurn.end;
    ScheduleOverride back = o;
    back.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    back.person = holder();
    back.start = theirs.start;
    back.end = theirs.end;
    back.covering = theirs.person;
    o.swapWith = back.id;
    back.swapWith = o.id;
    return {o, back};
}

void OverrideDialog::selectPerson(const QString &personId)
{
    if (const int index = m_person->findData(personId); index >= 0)
        m_person->setCurrentIndex(index);
    validate();
}

} // namespace wk
