// LORE_FUZZ_TARGET(name) defines libFuzzer's entry point for one target of
// targets.h: a finding (contract violation or an escaping exception) prints
// what happened and aborts, so libFuzzer saves the input as crash-<sha1>.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string_view>

#include "fuzz/targets.h"

#define LORE_FUZZ_TARGET(name)                                                                    \
  extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {                       \
    try {                                                                                         \
      lore::fuzz::run_target(name, std::string_view(reinterpret_cast<const char*>(data), size));  \
    } catch (const lore::fuzz::ContractViolation& e) {                                            \
      std::fprintf(stderr, "lore fuzz [%s]: contract violation: %s\n", name, e.what());           \
      std::abort();                                                                               \
    } catch (const std::exception& e) {                                                           \
      std::fprintf(stderr, "lore fuzz [%s]: exception escaped the parser: %s\n", name, e.what()); \
      std::abort();                                                                               \
    }                                                                                             \
    return 0;                                                                                     \
  }
