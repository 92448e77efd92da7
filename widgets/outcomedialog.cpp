#include "outcomedialog.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace wk {

OutcomeDialog::OutcomeDialog(const QList<Alert> &alerts, const Workspace &workspace,
                             AlertOutcome::Kind preset, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(alerts.size() == 1 ? tr("Outcome of alert #%1").arg(alerts.first().id)
                                      : tr("Outcome of %n alerts", nullptr, alerts.size()));
    auto *now = new QLabel;
    now->setObjectName(QStringLiteral("outcomeNow"));
    now->setWordWrap(true);
    QStringList lines;
    for (const Alert &a : alerts) {
        m_anyOpen = m_anyOpen || a.isOpen();
        if (lines.size() == 5) {
            lines << tr("… and %n more", nullptr, alerts.size() - 5);
            break;
        }
        const AlertOutcome o = outcomeOf(a, workspace);
        const QString said =
            o.isMarked() ? tr("%1, marked by %2").arg(o.describe(), workspace.personName(o.by))
            : o.kind == AlertOutcome::Kind::Unknown ? o.why
                                                    : tr("%1: %2").arg(o.describe(), o.why);
        lines << tr("#%1 %2 — %3").arg(a.id).arg(a.title.toHtmlEscaped(), said.toHtmlEscaped());
    }
    now->setText(lines.join(QStringLiteral("<br>")));

    m_kinds = new QButtonGroup(this);
    auto *form = new QVBoxLayout;
    const std::pair<AlertOutcome::Kind, QString> choices[] = {
        {AlertOutcome::Kind::Noise, tr("&Noise: it should not have paged anyone")},
        {AlertOutcome::Kind::Actionable, tr("&Actionable: someone had to act")},
        {AlertOutcome::Kind::WontFix, tr("&Won't fix: real, left alone on purpose")},
        {AlertOutcome::Kind::ResolvedByItself, tr("Resolved by &itself")},
    };
    for (const auto &[kind, text] : choices) {
        auto *button = new QRadioButton(text);
        button->setObjectName(QStringLiteral("outcome_") + outcomeKindName(kind));
        m_kinds->addButton(button, static_cast<int>(kind));
        form->addWidget(button);
    }
    m_reason = new QComboBox;
    m_reason->setObjectName(QStringLiteral("noiseReason"));
    for (AlertOutcome::Reason r :
         {AlertOutcome::Reason::Flapping, AlertOutcome::Reason::ThresholdTooLow,
          AlertOutcome::Reason::KnownIssue, AlertOutcome::Reason::NotActionable,
          AlertOutcome::Reason::Duplicate, AlertOutcome::Reason::Other})
        m_reason->addItem(noiseReasonLabel(r), static_cast<int>(r));
    m_reason->setCurrentIndex(m_reason->findData(int(AlertOutcome::Reason::NotActionable)));
    m_note = new QLineEdit;
    m_note->setObjectName(QStringLiteral("outcomeNote"));
    auto *details = new QFormLayout;
    details->addRow(tr("&Reason:"), m_reason);
    details->addRow(tr("N&ote:"), m_note);
    m_problem = new QLabel;
    m_problem->setObjectName(QStringLiteral("outcomeProblem"));
    m_problem->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(m_anyOpen ? tr("Mark and end") : tr("Mark"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(now);
    layout->addLayout(form);
    layout->addLayout(details);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);

    // Without a preset, the choice starts at what the first alert's history says.
    AlertOutcome::Kind start = preset;
    if (start == AlertOutcome::Kind::Unknown && !alerts.isEmpty()) {
        const AlertOutcome o = outcomeOf(alerts.first(), workspace);
        start = o.kind == AlertOutcome::Kind::Unknown ? AlertOutcome::Kind::Noise : o.kind;
        if (o.kind == AlertOutcome::Kind::Noise) {
            m_reason->setCurrentIndex(m_reason->findData(static_cast<int>(o.reason)));
            m_note->setText(o.note);
        }
    }
    if (QAbstractButton *b = m_kinds->button(static_cast<int>(start)))
        b->setChecked(true);
    connect(m_kinds, &QButtonGroup::idToggled, this, &OutcomeDialog::validate);
    connect(m_reason, &QComboBox::currentIndexChanged, this, &OutcomeDialog::validate);
    connect(m_note, &QLineEdit::textChanged, this, &OutcomeDialog::validate);
    validate();
    m_reason->setFocus();
}

AlertOutcome::Kind OutcomeDialog::kind() const
{
    return static_cast<AlertOutcome::Kind>(m_kinds->checkedId());
}

AlertOutcome OutcomeDialog::outcome() const
{
    AlertOutcome o;
    o.kind = kind();
    if (o.kind == AlertOutcome::Kind::Noise)
        o.reason = static_cast<AlertOutcome::Reason>(m_reason->currentData().toInt());
    o.note = m_note->text().trimmed();
    return o;
}

void OutcomeDialog::validate()
{
    const AlertOutcome o = outcome();
    const bool noise = o.kind == AlertOutcome::Kind::Noise;
    m_reason->setEnabled(noise);
    if (noise && o.reason == AlertOutcome::Reason::Duplicate)
        m_note->setPlaceholderText(tr("The alert it duplicates, e.g. #1204"));
    else if (noise && o.reason == AlertOutcome::Reason::Other)
        m_note->setPlaceholderText(tr("Why it was noise"));
    else if (o.kind == AlertOutcome::Kind::Actionable)
        m_note->setPlaceholderText(tr("What was done (optional)"));
    else
        m_note->setPlaceholderText(tr("Optional"));
    QString problem;
    if (o.kind == AlertOutcome::Kind::Unknown)
        problem = tr("Choose how the alert ended.");
    else if (o.kind == AlertOutcome::Kind::ResolvedByItself && m_anyOpen)
        problem = tr("An open alert has not resolved itself: resolve it, or mark it otherwise.");
    else if (noise && o.note.isEmpty() &&
             (o.reason == AlertOutcome::Reason::Other ||
              o.reason == AlertOutcome::Reason::Duplicate))
        problem = o.reason == AlertOutcome::Reason::Other ? tr("Say why it was noise.")
                                                          : tr("Say which alert it duplicates.");
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_ok->setEnabled(problem.isEmpty());
}

} // namespace wk
