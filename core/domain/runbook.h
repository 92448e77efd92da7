#pragma once

#include <QString>

namespace wk {

// What to do when a pipeline breaks; the body is Markdown.
struct Runbook
{
    QString pipeline; // pipeline id
    QString title;
    QString markdown;

    bool operator==(const Runbook &) const = default;
};

} // namespace wk
