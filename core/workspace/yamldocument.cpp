#include "yamldocument.h"

#include <yaml-cpp/eventhandler.h>

#include <sstream>

namespace wk {

namespace {

// Notes whether a document holds anything, and where its first node is.
class ContentProbe : public YAML::EventHandler
{
public:
    std::optional<YAML::Mark> firstNode;

    void OnDocumentStart(const YAML::Mark &) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark &, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark &mark, YAML::anchor_t) override { note(mark); }
    void OnScalar(const YAML::Mark &mark, const std::string &, YAML::anchor_t,
                  const std::string &) override
    {
        note(mark);
    }
    void OnSequenceStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t,
                         YAML::EmitterStyle::value) override
    {
        note(mark);
    }
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t,
                    YAML::EmitterStyle::value) override
    {
        note(mark);
    }
    void OnMapEnd() override {}

private:
    void note(const YAML::Mark &mark)
    {
        if (!firstNode)
            firstNode = mark;
    }
};

// Whether the text has anything besides blank lines, comments and document markers.
bool hasContent(const std::string &text)
{
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos || line[first] == '#')
            continue;
        const std::string rest = line.substr(first, 3);
        if (rest == "---" || rest == "...")
            continue;
        return true;
    }
    return false;
}

} // namespace

YamlDocument YamlDocument::load(const std::string &text)
{
    YamlDocument doc;
    doc.root = YAML::Load(text);
    std::istringstream in(text);
    YAML::Parser parser(in);
    ContentProbe first, second;
    if (parser.HandleNextDocument(first) && parser.HandleNextDocument(second))
        doc.secondDocument = second.firstNode;
    doc.unreadable = !first.firstNode && hasContent(text);
    return doc;
}

} // namespace wk
