#include "newworkspacedialog.h"

#include "filedialog.h"
#include "workspace/workspacewriter.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTimeZone>
#include <QVBoxLayout>

namespace wk {

NewWorkspaceDialog::NewWorkspaceDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("New Workspace"));
    m_name = new QLineEdit;
    m_name->setObjectName(QStringLiteral("starterName"));
    m_name->setPlaceholderText(tr("e.g. Acme data platform"));
    m_team = new QLineEdit;
    m_team->setObjectName(QStringLiteral("starterTeam"));
    m_team->setPlaceholderText(tr("e.g. Data Engineering"));
    m_people = new QPlainTextEdit;
    m_people->setObjectName(QStringLiteral("starterPeople"));
    m_people->setTabChangesFocus(true);
    m_people->setPlaceholderText(
        tr("Amara Okafor <amara@example.org>\nBruno Lehmann <bruno@example.org>"));
    m_people->setFixedHeight(m_people->fontMetrics().lineSpacing() * 5 + 12);
    m_zone = new QComboBox;
    m_zone->setObjectName(QStringLiteral("starterZone"));
    m_zone->setEditable(true);
    m_zone->setInsertPolicy(QComboBox::NoInsert);
    for (const QByteArray &id : QTimeZone::availableTimeZoneIds())
        m_zone->addItem(QString::fromUtf8(id));
    const QByteArray here = QTimeZone::systemTimeZoneId();
    m_zone->setCurrentText(QString::fromUtf8(
        QTimeZone::isTimeZoneIdAvailable(here) ? here : QByteArrayLiteral("UTC")));
    m_pipeline = new QLineEdit;
    m_pipeline->setObjectName(QStringLiteral("starterPipeline"));
    m_pipeline->setPlaceholderText(tr("e.g. Orders — daily, for finance"));
    m_file = new QLineEdit;
    m_file->setObjectName(QStringLiteral("starterFile"));
    m_file->setText(QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                        .filePath(QStringLiteral("watchkeeper/workspace.yaml")));
    auto *browse = new QPushButton(tr("&Browse…"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString chosen =
            FileDialog::saveFileName(this, tr("Save the new workspace as"), m_file->text(),
                                     tr("Workspace files (*.yaml *.yml)"));
        if (!chosen.isEmpty())
            m_file->setText(chosen);
    });
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(browse);

    auto *form = new QFormLayout;
    form->addRow(tr("Workspace &name:"), m_name);
    form->addRow(tr("&Team:"), m_team);
    form->addRow(tr("&People (one a line):"), m_people);
    form->addRow(tr("Time &zone:"), m_zone);
    form->addRow(tr("First &pipeline:"), m_pipeline);
    form->addRow(tr("Save &as:"), fileRow);

    m_problems = new QLabel;
    m_problems->setObjectName(QStringLiteral("starterProblems"));
    m_problems->setWordWrap(true);
    QPalette warn = m_problems->palette();
    warn.setColor(QPalette::WindowText, QColor(0xb0, 0x2a, 0x1e));
    m_problems->setPalette(warn);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    m_create = buttons->addButton(tr("&Create and Open"), QDialogButtonBox::AcceptRole);
    m_create->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &NewWorkspaceDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *intro = new QLabel(
        tr("A first workspace: your people, one team with a weekly rotation, and one pipeline "
           "with a runbook to fill in and the usual SLA clocks. Sources, rules and more "
           "pipelines are added in the file; the console applies each save."));
    intro->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_problems);
    layout->addWidget(buttons);
    resize(560, sizeHint().height());

    for (QLineEdit *e : {m_name, m_team, m_pipeline, m_file})
        connect(e, &QLineEdit::textChanged, this, &NewWorkspaceDialog::check);
    connect(m_people, &QPlainTextEdit::textChanged, this, &NewWorkspaceDialog::check);
    connect(m_zone, &QComboBox::currentTextChanged, this, &NewWorkspaceDialog::check);
    check();
}

QString NewWorkspaceDialog::path() const
{
    return QFileInfo(m_file->text().trimmed()).absoluteFilePath();
}

StarterWorkspace NewWorkspaceDialog::answers() const
{
    StarterWorkspace s;
    s.name = m_name->text();
    s.teamName = m_team->text();
    s.people = m_people->toPlainText();
    s.timeZone = m_zone->currentText().trimmed();
    s.pipelineName = m_pipeline->text();
    return s;
}

void NewWorkspaceDialog::check()
{
    QStringList problems;
    const bool valid = answers().build(&problems).has_value();
    if (m_file->text().trimmed().isEmpty())
        problems << tr("Save as: say where to write the workspace file.");
    // Only what was answered is judged: an empty form is not a list of mistakes.
    QStringList shown;
    for (const QString &p : std::as_const(problems)) {
        const bool unanswered =
            (p.startsWith(QLatin1String("Workspace name")) && m_name->text().isEmpty()) ||
            (p.startsWith(QLatin1String("Team")) && m_team->text().isEmpty()) ||
            (p.startsWith(QLatin1String("Pipeline")) && m_pipeline->text().isEmpty()) ||
            (p.startsWith(QLatin1String("People:")) && m_people->toPlainText().isEmpty());
        if (!unanswered)
            shown << p;
    }
    m_problems->setText(shown.join(QLatin1Char('\n')));
    m_problems->setVisible(!shown.isEmpty());
    m_create->setEnabled(valid && !m_file->text().trimmed().isEmpty());
}

void NewWorkspaceDialog::accept()
{
    const auto workspace = answers().build(nullptr);
    if (!workspace)
        return;
    const QString file = path();
    if (QFileInfo::exists(file) &&
        QMessageBox::question(this, tr("Replace the file?"),
                              tr("%1 exists. Replace it with the new workspace?")
                                  .arg(QDir::toNativeSeparators(file))) != QMessageBox::Yes)
        return;
    QString error;
    if (!QDir().mkpath(QFileInfo(file).absolutePath()) ||
        !WorkspaceWriter::writeFile(*workspace, file, &error)) {
        QMessageBox::warning(this, tr("Cannot write the workspace"),
                             error.isEmpty() ? tr("Cannot create the folder of %1.").arg(file)
                                             : error);
        return;
    }
    QDialog::accept();
}

} // namespace wk
