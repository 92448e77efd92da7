#pragma once

#include <array>

namespace wk {

// One alert's actionable score (0–100) and the three features that pushed it most, with
// their values, so the details can say why in words without asking the model again.
struct AlertScore
{
    float score = -1; // below 0: none
    struct Part
    {
        int column = -1; // AlertFeatures::Column; -1: unused
        float contribution = 0;
        float value = 0;
    };
    std::array<Part, 3> parts{};

    bool has() const { return score >= 0; }
};

} // namespace wk
