#pragma once

#include <QLocalServer>
#include <QObject>
#include <QString>

#include <optional>

namespace wk {

// The console that takes watchkeeper://alert/ID links for this user. A link clicked on
// this machine starts `watchkeeper <link>`; when a console already runs, the new process
// hands the link over and ends, and the running console opens the alert.
class ConsoleInstance : public QObject
{
    Q_OBJECT

public:
    explicit ConsoleInstance(QString name = defaultName(), QObject *parent = nullptr);

    // The alert a link names: watchkeeper://alert/42 (a trailing slash is fine).
    static std::optional<qint64> alertIdFromUrl(const QString &url);
    // True when a running console took the link.
    static bool handOver(const QString &url, const QString &name = defaultName());
    // Starts taking links; false when another console does already.
    bool listen();
    static QString defaultName();

signals:
    void alertRequested(qint64 id);

private:
    QString m_name;
    QLocalServer m_server;
};

} // namespace wk
