#include "pagetest.h"

#include "alertmessage.h"
#include "deliveryplanner.h"
#include "httpposter.h"
#include "pagerequest.h"
#include "smtpmailer.h"

#include <QDateTime>

namespace wk {

namespace {

constexpr int httpTimeoutSeconds = 15;

PageTest::Result post(const Delivery &d, const QString &secret)
{
    QString error;
    const auto request =
        PageRequest::forDelivery(d, secret, QDateTime::currentSecsSinceEpoch(), &error);
    if (!request)
        return {false, error};
    const HttpPoster::Result r =
        HttpPoster(httpTimeoutSeconds).post(request->url, request->body, request->headers);
    return {r.accepted, r.answer};
}

} // namespace

PageTest::Result PageTest::send(const Workspace &ws, const Person &person, int index,
                                const ContactMethod &method, const QString &secret,
                                const QString &caFile)
{
    const AlertMessage message = AlertMessage::test(person, ws.name);
    if (method.dryRun)
        return {true, QStringLiteral("dry run: nothing was sent (remove 'dry_run' from the "
                                     "method to send for real)")};
    switch (method.kind) {
    case ContactMethod::Kind::Email: {
        if (!ws.smtp.configured())
            return {false, QStringLiteral("the workspace has no smtp section, so nothing can be "
                                          "emailed")};
        const SmtpMailer::Result r =
            SmtpMailer(ws.smtp, secret, caFile)
                .send(QStringLiteral("%1 <%2>").arg(person.name, method.address), message);
        return {r.accepted, r.answer};
    }
    case ContactMethod::Kind::Desktop:
        return {false, QStringLiteral("desktop notifications are shown by the console itself")};
    default:
        break;
    }
    const QString step = QStringLiteral("test");
    const PagePayload payload(message, step);
    Result r = post(DeliveryPlanner::compose(0, person, index, method, message, payload, step,
                                             PagePayload::Action::Trigger),
                    secret);
    if (!r.accepted || !method.isForwarding())
        return r;
    // Opened there, so closed there: a test must not leave an incident paging people.
    const Result resolved =
        post(DeliveryPlanner::compose(0, person, index, method, message, payload, step,
                                      PagePayload::Action::Resolve),
             secret);
    if (!resolved.accepted)
        return {false,
                QStringLiteral("opened (%1) but not resolved: %2").arg(r.answer, resolved.answer)};
    return {true, QStringLiteral("%1; resolved: %2").arg(r.answer, resolved.answer)};
}

} // namespace wk
