#include "rotation.h"

namespace wk {

QString rotationLayerName(RotationLayer layer)
{
    switch (layer) {
    case RotationLayer::Primary:
        return QStringLiteral("primary");
    case RotationLayer::Secondary:
        return QStringLiteral("secondary");
    case RotationLayer::MonthEnd:
        return QStringLiteral("month-end");
    }
    return {};
}

std::optional<RotationLayer> rotationLayerFromName(const QString &name)
{
    for (RotationLayer l :
         {RotationLayer::Primary, RotationLayer::Secondary, RotationLayer::MonthEnd}) {
        if (rotationLayerName(l) == name)
            return l;
    }
    return std::nullopt;
}

} // namespace wk
