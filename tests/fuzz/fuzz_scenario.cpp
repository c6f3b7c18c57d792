// Fuzz target for the scenario loader: any bytes must give either a scenario or error messages
// that name the file, never a crash, a hang or an empty refusal.
//
// With -DIPCSIM_LIBFUZZER (clang -fsanitize=fuzzer) libFuzzer drives it. Without, main() runs
// every file named on the command line, then a few thousand deterministic mutations of the
// built-in examples below, so it builds and runs with g++ alone.
#include "scenario/image.h"
#include "scenario/scenarioloader.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace ipcsim::core;

namespace {

void check(bool condition, const char *what, const std::string &input)
{
    if (condition) return;
    std::fprintf(stderr, "fuzz_scenario: %s\ninput (%zu bytes):\n%s\n", what, input.size(),
                 input.c_str());
    std::abort();
}

void loadOne(const std::string &text)
{
    static const KernelLimits limits;
    const LoadResult r = loadScenario(text, "fuzz.json", limits);
    check(r.ok() == r.errors.empty(), "ok() disagrees with the error list", text);
    for (const std::string &e : r.errors)
        check(e.rfind("fuzz.json:", 0) == 0 && e.size() > 11,
              "an error does not start with the file name", text);
    if (r.ok()) {
        const Scenario &s = *r.scenario;
        check(!s.processes.empty() && !s.instances.empty(), "a valid scenario without processes",
              text);
        check(s.source == text, "source is not the whole text", text);
        for (const Instance &i : s.instances)
            check(i.spec >= 0 && size_t(i.spec) < s.processes.size(), "instance of no process",
                  text);
        // A valid scenario's schedule must be accepted again in its command-line form.
        std::string err;
        check(parseSchedule("round-robin", s, &err).has_value(), "round-robin refused", text);
        // Every scenario the loader takes goes to the workers whole, as its image.
        const std::string image = imageOf(s);
        Scenario back;
        check(readImage(image, &back, &err) && imageOf(back) == image,
              "its image does not give it back", text);
    }
}

const char *const kExamples[] = {
    R"JSON({
  "format": 1, "title": "Bounded buffer", "timeout_ms": 5000, "schedule": "round-robin",
  "resources": [ { "name": "slots", "type": "shm", "cells": 4 },
                 { "name": "empty", "type": "semaphore", "initial": 4 },
                 { "name": "full", "type": "semaphore" }, { "name": "m", "type": "mutex", "robust": false } ],
  "processes": [
    { "name": "producer", "script": "repeat 8:\n    wait empty\n    lock m\n    store slots[$i % 4] = $i * 2 - (1 + 3) / 2\n    unlock m\n    post full" },
    { "name": "consumer", "count": 2, "script": "repeat 4:\n    wait full\n    lock m\n    load v = slots[$i % 4]\n    unlock m\n    post empty\n    if v >= 2:\n        print \"got\", v\n    else:\n        print \"small\"" } ],
  "expect": { "exit": { "*": 0, "consumer[1]": "SIGKILL" }, "cells": { "slots[0]": { "min": 0, "max": 20 } },
              "printed": { "producer": [] }, "deadlock": false }
})JSON",
    R"JSON({"format": 1, "title": "pipes and signals",
  "resources": [ {"name": "p1", "type": "pipe", "capacity": 4096}, {"name": "f", "type": "file", "content": "a\nb"},
                 {"name": "q", "type": "mqueue", "max_messages": 4, "message_size": 64},
                 {"name": "k", "type": "socket", "domain": "tcp", "kind": "datagram"},
                 {"name": "b", "type": "barrier", "parties": 2}, {"name": "sp", "type": "spinlock"},
                 {"name": "ff", "type": "fifo"} ],
  "processes": [
    {"name": "writer", "script": "write p1 \"hello\\n\"\nwrite p1 100 bytes\nclose p1\nsend q $index priority 2\nsend k \"x\"\nlockfile f shared\nunlockfile f\narrive b\nsignal reader SIGUSR1 value 5\ntrylock sp -> ok\nunlock sp"},
    {"name": "reader", "script": "forever:\n    read p1 64 -> chunk\n    if chunk == \"\":\n        break\n    print chunk\nawait SIGUSR1 -> v\nreceive q -> m\nreceive k\narrive b\nwhile v > 0:\n    set v = v - 1\n    compute 1\nsleep 2\nexit 3"},
    {"name": "sorter", "exec": ["sort", "-n"], "stdin": "ff", "stdout": "f"} ],
  "schedule": ["writer", "reader", "writer"]
})JSON",
    // Deliberately wrong, so mutations also start from error paths.
    "{\"format\": 1, \"title\": \"bad\", \"resources\": [{\"name\": \"x\", \"type\": \"pipe\", "
    "\"cells\": 3}],\n"
    " \"processes\": [{\"name\": \"p\", \"script\": \"wait x\\n\\tprint $i\\nbreak\\nfoo\"}], "
    "\"title\": 2}",
};

// Small deterministic generator (xorshift), so a failing mutation can be reproduced.
struct Rng
{
    uint64_t s;
    uint64_t next()
    {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        return s;
    }
    size_t below(size_t n) { return n ? size_t(next() % n) : 0; }
};

std::string mutate(std::string text, Rng &rng)
{
    static const char *const tokens[] = {"{",
                                         "}",
                                         "[",
                                         "]",
                                         ",",
                                         ":",
                                         "\"",
                                         "\\",
                                         "\\n",
                                         "\\t",
                                         "    ",
                                         "\\n    ",
                                         "$i",
                                         "$index",
                                         "repeat 3:",
                                         "else:",
                                         "break",
                                         "-> r",
                                         "[0]",
                                         "0",
                                         "-1",
                                         "9223372036854775807",
                                         "99999999999999999999",
                                         "1e5",
                                         "null",
                                         "true",
                                         "\"count\": 70",
                                         "SIGKILL",
                                         "#",
                                         "é",
                                         "\x01",
                                         "\xff"};
    const int edits = 1 + int(rng.below(4));
    for (int k = 0; k < edits && !text.empty(); ++k) {
        const size_t pos = rng.below(text.size());
        switch (rng.below(5)) {
        case 0: // delete a run
            text.erase(pos, 1 + rng.below(8));
            break;
        case 1: // insert a token
            text.insert(pos, tokens[rng.below(sizeof(tokens) / sizeof(tokens[0]))]);
            break;
        case 2: // flip a byte
            text[pos] = char(text[pos] ^ (1 << rng.below(8)));
            break;
        case 3: { // duplicate a slice elsewhere
            const size_t len = 1 + rng.below(40);
            const std::string slice = text.substr(pos, len);
            text.insert(rng.below(text.size()), slice);
            break;
        }
        default: // truncate
            text.resize(pos);
            break;
        }
    }
    return text;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    loadOne(std::string(reinterpret_cast<const char *>(data), size));
    return 0;
}

#ifndef IPCSIM_LIBFUZZER
int main(int argc, char **argv)
{
    size_t runs = 0;
    for (int i = 1; i < argc; ++i) {
        std::ifstream in(argv[i], std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "fuzz_scenario: cannot open %s\n", argv[i]);
            return 2;
        }
        std::ostringstream buffer;
        buffer << in.rdbuf();
        loadOne(buffer.str());
        ++runs;
    }
    size_t accepted = 0;
    for (const char *example : kExamples) {
        const std::string base = example;
        const LoadResult r = loadScenario(base, "fuzz.json", KernelLimits());
        accepted += r.ok();
        loadOne(base);
        Rng rng{0x9E3779B97F4A7C15ull ^ base.size()};
        for (int k = 0; k < 3000; ++k) {
            loadOne(mutate(base, rng));
            ++runs;
        }
    }
    std::printf("fuzz_scenario: %zu inputs, no crash (%zu of %zu examples valid)\n", runs, accepted,
                sizeof(kExamples) / sizeof(kExamples[0]));
    return accepted == 2 ? 0 : 1;
}
#endif
