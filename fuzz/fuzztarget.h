#pragma once

#include <cstddef>
#include <cstdint>

// Every fuzz target defines this entry point. Built with -DWK_FUZZ=ON under clang it is
// driven by libFuzzer; in the ordinary build replaymain.cpp drives it over stored inputs,
// so the harnesses compile with the rest and every crash once found stays a test.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace wk::fuzz {

// Builds the QCoreApplication some readers need (time zones, file paths), once.
void ensureApplication();

} // namespace wk::fuzz
