#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>

namespace wk {

// The one YAML document of a file, and where a second one starts if the file has more.
// yaml-cpp 0.7's LoadAll() loops forever, allocating, on some broken input (a lone ',':
// jbeder/yaml-cpp#1040, fixed upstream in 2024 but not in Debian 12), so a hostile
// workspace file could hang the console; this reads at most two documents' events.
struct YamlDocument
{
    YAML::Node root;
    std::optional<YAML::Mark> secondDocument; // a second document with content in it
    bool unreadable = false; // text that yields no node at all (what made LoadAll loop)

    // Throws YAML::ParserException for text that is not YAML, as YAML::Load does.
    static YamlDocument load(const std::string &text);
};

} // namespace wk
