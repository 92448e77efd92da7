#include "overridedialog.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QTimeZone>
#include <QUuid>

namespace wk {

OverrideDialog::OverrideDialog(const Workspace &workspace, const Rotation &rotation,
                               const QDateTime &from, const QDateTime &to, const QString &createdBy,
                               QWidget *parent)
    : QDialog(parent), m_rotation(rotation.id), m_createdBy(createdBy)
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
    for (const Person &p : workspace.people)
        m_person->addItem(p.name, p.id);
    const QTimeZone zone(rotation.timeZone.toUtf8());
    m_from = new QDateTimeEdit(from.toTimeZone(zone), this);
    m_from->setObjectName(QStringLiteral("from"));
    m_to = new QDateTimeEdit(to.toTimeZone(zone), this);
    m_to->setObjectName(QStringLiteral("to"));
    for (QDateTimeEdit *e : {m_from, m_to}) {
        e->setCalendarPopup(true);
        e->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    }
    m_reason = new QLineEdit(this);
    m_reason->setObjectName(QStringLiteral("reason"));
    m_reason->setPlaceholderText(tr("Why, for the record (required)"));
    form->addRow(tr("&Seat:"), m_layer);
    form->addRow(tr("&Who takes it:"), m_person);
    form->addRow(tr("&From (%1):").arg(rotation.timeZone), m_from);
    form->addRow(tr("&Until:"), m_to);
    form->addRow(tr("&Reason:"), m_reason);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Create override"));
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reason, &QLineEdit::textChanged, this, &OverrideDialog::validate);
    connect(m_from, &QDateTimeEdit::dateTimeChanged, this, &OverrideDialog::validate);
    connect(m_to, &QDateTimeEdit::dateTimeChanged, this, &OverrideDialog::validate);
    validate();
}

void OverrideDialog::validate()
{
    const bool ok = !m_reason->text().trimmed().isEmpty() && m_from->dateTime() < m_to->dateTime();
    m_ok->setEnabled(ok);
    m_ok->setToolTip(ok ? QString() : tr("Give a reason and an end after the start."));
}

ScheduleOverride OverrideDialog::result() const
{
    ScheduleOverride o;
    o.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    o.rotation = m_rotation;
    o.layer = static_cast<RotationLayer>(m_layer->currentData().toInt());
    o.person = m_person->currentData().toString();
    o.start = m_from->dateTime().toUTC();
    o.end = m_to->dateTime().toUTC();
    o.createdBy = m_createdBy;
    o.reason = m_reason->text().trimmed();
    o.createdAt = QDateTime::currentDateTimeUtc();
    return o;
}

} // namespace wk
