#pragma once

#include <QString>

namespace wk::dbt {

// What the manifest says about a node or a source: for the alert's evidence and the catalog.
struct Node
{
    QString uniqueId;
    QString name;
    QString resourceType; // model, test, seed, snapshot, source
    QString description;
    QString owner; // meta.owner, else the owner of its group
    QString group;
    QString attachedTo; // a test's model (attached_node, else its first dependency)

    bool operator==(const Node &) const = default;
};

} // namespace wk::dbt
