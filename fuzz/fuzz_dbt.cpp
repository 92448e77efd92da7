#include "fuzztarget.h"
#include "sources/dbtartifacts.h"

#include <cstdlib>

// The artifacts dbt writes into a target folder; each reader gets every input, as a
// folder may hold any of them under any name.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    auto check = [](bool ok, const QString &error) {
        if (ok == !error.isEmpty())
            std::abort();
    };
    wk::dbt::Artifact info;
    QString error;
    check(wk::dbt::readSources(json, &info, &error).has_value(), error);
    error.clear();
    check(wk::dbt::readRunResults(json, &info, &error).has_value(), error);
    error.clear();
    check(wk::dbt::readManifest(json, &info, &error).has_value(), error);
    return 0;
}
