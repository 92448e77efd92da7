#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QProcess>
#include <QString>

namespace wk::test {

// A real browser for the pages the console serves: Debian's headless Chromium driven
// through chromedriver's WebDriver protocol, so a test opens a page and clicks its
// buttons as a person would. Each call waits (turning the event loop) for its answer.
class WebDriver
{
public:
    WebDriver();
    ~WebDriver();
    WebDriver(const WebDriver &) = delete;
    WebDriver &operator=(const WebDriver &) = delete;

    bool isValid() const { return !m_session.isEmpty(); }
    QString error() const { return m_error; }

    bool open(const QString &url);
    // Clicks the element the CSS selector finds; false when there is none.
    bool click(const QString &css);
    // The visible text of the element the selector finds; empty with error() when none.
    QString text(const QString &css);
    QString title();

private:
    // One WebDriver command; the answer's "value", or Undefined with m_error set.
    QJsonValue command(const QByteArray &method, const QString &path, const QJsonObject &body = {});
    QString element(const QString &css);

    QProcess m_driver;
    quint16 m_port = 0;
    QString m_session;
    QString m_error;
};

} // namespace wk::test
