#include "shiftrequestdialog.h"

#include "datetimefield.h"
#include "schedule/shiftrequestrules.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QUuid>

namespace wk {

namespace {

void showIn(DateTimeField *field, const QDateTime &instant, const QTimeZone &zone)
{
    const QDateTime local = instant.toTimeZone(zone);
    field->setDateTime(local.date(), local.time());
}

} // namespace

ShiftRequestDialog::ShiftRequestDialog(const OnCallSchedule &schedule, const Rotation &rotation,
                                       const QString &requester, const QDateTime &from,
                                       const QDateTime &now, QWidget *parent)
    : QDialog(parent), m_schedule(schedule), m_rotationDef(rotation), m_requester(requester),
      m_anchor(from.toUTC()), m_now(now.toUTC()),
      m_id(QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    setWindowTitle(tr("Ask for cover or a swap: %1").arg(rotation.name));
    auto *form = new QFormLayout(this);
    m_layer = new QComboBox(this);
    m_layer->setObjectName(QStringLiteral("layer"));
    m_layer->addItem(tr("Primary"), static_cast<int>(RotationLayer::Primary));
    if (rotation.secondary)
        m_layer->addItem(tr("Secondary"), static_cast<int>(RotationLayer::Secondary));
    m_swap = new QCheckBox(tr("Swap whole turns: whoever takes mine gives me one of theirs"), this);
    m_swap->setObjectName(QStringLiteral("swap"));
    m_from = new DateTimeField(this);
    m_from->setObjectName(QStringLiteral("from"));
    m_to = new DateTimeField(this);
    m_to->setObjectName(QStringLiteral("to"));
    m_askOf = new QComboBox(this);
    m_askOf->setObjectName(QStringLiteral("askOf"));
    m_askOf->addItem(tr("Anyone free to take it"), QString());
    for (const QString &p : rotation.participants) {
        if (p == requester)
            continue;
        const Person *person = schedule.workspace().person(p);
        m_askOf->addItem(person ? person->name : p, p);
    }
    m_reason = new QLineEdit(this);
    m_reason->setObjectName(QStringLiteral("reason"));
    m_reason->setPlaceholderText(tr("Why, for the people you ask (required)"));
    m_until = new DateTimeField(this);
    m_until->setObjectName(QStringLiteral("until"));
    form->addRow(tr("&Seat:"), m_layer);
    form->addRow(QString(), m_swap);
    form->addRow(tr("&From (%1):").arg(rotation.timeZone), m_from);
    form->addRow(tr("&Until (%1):").arg(rotation.timeZone), m_to);
    form->addRow(tr("&Ask:"), m_askOf);
    form->addRow(tr("&Reason:"), m_reason);
    form->addRow(tr("&Open until (%1):").arg(rotation.timeZone), m_until);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Ask"));
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("problem"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #b3261e"));
    form->addRow(m_problem);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reason, &QLineEdit::textChanged, this, &ShiftRequestDialog::validate);
    for (DateTimeField *f : {m_from, m_to, m_until})
        connect(f, &DateTimeField::changed, this, &ShiftRequestDialog::validate);
    connect(m_askOf, &QComboBox::currentIndexChanged, this, &ShiftRequestDialog::validate);
    connect(m_swap, &QCheckBox::toggled, this, &ShiftRequestDialog::updateSpan);
    // The seat I hold then, when it is the secondary.
    for (const Shift &s : schedule.shifts(rotation.id, m_anchor, m_anchor.addSecs(1)))
        if (s.person == requester && s.covers(m_anchor))
            if (const int i = m_layer->findData(static_cast<int>(s.layer)); i >= 0)
                m_layer->setCurrentIndex(i);
    connect(m_layer, &QComboBox::currentIndexChanged, this, &ShiftRequestDialog::updateSpan);
    updateSpan();
}

QTimeZone ShiftRequestDialog::zone() const
{
    const QTimeZone zone(m_rotationDef.timeZone.toUtf8());
    return zone.isValid() ? zone : QTimeZone::utc();
}

QDateTime ShiftRequestDialog::instant(const DateTimeField *field) const
{
    return field->isValid() ? QDateTime(field->date(), field->time(), zone()).toUTC() : QDateTime();
}

RotationLayer ShiftRequestDialog::layer() const
{
    return static_cast<RotationLayer>(m_layer->currentData().toInt());
}

void ShiftRequestDialog::updateSpan()
{
    // The turn of mine that holds the day chosen: all of it for a swap, and the default
    // span for a cover (from now, when it has begun).
    Shift turn;
    for (const Shift &s : m_schedule.plannedShifts(m_rotationDef.id, m_anchor, m_anchor.addSecs(1)))
        if (s.layer == layer() && s.covers(m_anchor))
            turn = s;
    const bool swap = m_swap->isChecked();
    if (turn.start.isValid()) {
        QDateTime from = swap ? turn.start : std::max(turn.start, m_now);
        from.setTime(QTime(from.time().hour(), from.time().minute()));
        showIn(m_from, from, zone());
        showIn(m_to, turn.end, zone());
        // Open until the span begins; a cover wanted now stays open an hour at most.
        const QDateTime until =
            m_now.secsTo(from) > 3600 ? from : std::min(turn.end, from.addSecs(3600));
        showIn(m_until, until, zone());
    }
    m_from->setEnabled(!swap);
    m_to->setEnabled(!swap);
    validate();
}

ShiftRequest ShiftRequestDialog::request() const
{
    ShiftRequest r;
    r.id = m_id;
    r.kind = m_swap->isChecked() ? ShiftRequest::Kind::Swap : ShiftRequest::Kind::Cover;
    r.rotation = m_rotationDef.id;
    r.layer = layer();
    r.requester = m_requester;
    r.start = instant(m_from);
    r.end = instant(m_to);
    if (const QString who = m_askOf->currentData().toString(); !who.isEmpty())
        r.askedOf = {who};
    r.reason = m_reason->text().trimmed();
    r.createdAt = m_now;
    r.expiresAt = instant(m_until);
    return r;
}

void ShiftRequestDialog::validate()
{
    QString problem;
    if (!m_from->isValid() || !m_to->isValid() || !m_until->isValid())
        problem = tr("Type dates and times as 2027-01-10 17:00.");
    else
        problem = ShiftRequestRules::problem(m_schedule, request(), m_now);
    if (!problem.isEmpty())
        problem = problem.at(0).toUpper() + problem.mid(1) + QLatin1Char('.');
    m_ok->setEnabled(problem.isEmpty());
    m_ok->setToolTip(problem);
    // An empty reason is the normal state of a fresh dialog, not worth a red line.
    m_problem->setText(m_reason->text().trimmed().isEmpty() ? QString() : problem);
}

} // namespace wk
