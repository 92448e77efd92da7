#include "delivery.h"

namespace wk {

QString deliveryStatusName(Delivery::Status status)
{
    switch (status) {
    case Delivery::Status::Pending:
        return QStringLiteral("pending");
    case Delivery::Status::Sent:
        return QStringLiteral("sent");
    case Delivery::Status::Failed:
        return QStringLiteral("failed");
    case Delivery::Status::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

Delivery::Status deliveryStatusFromName(const QString &name)
{
    for (auto s : {Delivery::Status::Sent, Delivery::Status::Failed, Delivery::Status::Cancelled}) {
        if (deliveryStatusName(s) == name)
            return s;
    }
    return Delivery::Status::Pending;
}

} // namespace wk
