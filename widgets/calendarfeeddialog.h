#pragma once

#include "domain/workspace.h"

#include <QDialog>
#include <QList>
#include <QString>

class QLabel;
class QLineEdit;
class QPushButton;

namespace wk {

// Shows a person the addresses their phone or desktop calendar subscribes to (their own
// shifts, and each rotation's), each with a Copy button, and lets them replace the key
// in them when an address has leaked.
class CalendarFeedDialog : public QDialog
{
    Q_OBJECT

public:
    CalendarFeedDialog(const Workspace &workspace, const QString &person,
                       QWidget *parent = nullptr);

    const QString &person() const { return m_person; }
    // The person's current key; empty while it is being fetched.
    void setKey(const QString &key);
    void showError(const QString &message);
    // The addresses shown, in order: the person's own feed first.
    QStringList addresses() const;
    QPushButton *replaceButton() const { return m_replace; }

signals:
    // The person confirmed: the old addresses are to stop working.
    void replaceRequested(const QString &person);

private:
    void addRow(const QString &label, const QString &path);
    void confirmReplace();

    Workspace m_workspace;
    QString m_person;
    QString m_base;
    QLabel *m_status;
    QPushButton *m_replace;
    struct Row
    {
        QString path;
        QLineEdit *field;
        QPushButton *copy;
    };
    QList<Row> m_rows;
};

} // namespace wk
