// What a worker spends getting its scenario: reading the scenario's image (scenario/image.h,
// what it does now) against parsing and checking the JSON (what it did before), for each
// built-in lesson, alternated in one run, and the largest file the loader takes.
//
// Usage: bench_image [--reps N]   (lessons: $IPCSIM_SOURCE_DIR/resources/scenarios, else the
//   source folder this was built from)

#include "benchsupport.h"

#include "scenario/image.h"
#include "scenario/kernellimits.h"
#include "scenario/scenarioloader.h"

#include <climits>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fstream>
#include <sstream>

using namespace ipcsim;
using bench::nowNs;

namespace {

std::string readFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The limits the worker loaded with: the engine had checked the real ones.
core::KernelLimits unchecked()
{
    core::KernelLimits limits;
    limits.mqMsgMax = limits.mqMsgsizeMax = limits.mqQueuesMax = limits.pipeMaxSize = INT64_MAX;
    limits.maxProcesses = core::wire::kMaxInstances;
    return limits;
}

struct Sample
{
    std::string name;
    size_t jsonBytes = 0, imageBytes = 0;
    double jsonUs = 0, imageUs = 0; // medians of reps
};

Sample measure(const std::string &name, const std::string &text, int reps)
{
    Sample s{name, text.size()};
    const core::KernelLimits limits = unchecked();
    const core::LoadResult loaded = core::loadScenario(text, name, limits);
    if (!loaded.ok()) {
        std::fprintf(stderr, "bench_image: %s: %s\n", name.c_str(), loaded.errors.front().c_str());
        std::exit(1);
    }
    const std::string image = core::imageOf(*loaded.scenario);
    s.imageBytes = image.size();
    std::vector<double> json, img;
    for (int i = 0; i < reps; ++i) {
        uint64_t t0 = nowNs();
        const core::LoadResult r = core::loadScenario(text, name, limits);
        uint64_t t1 = nowNs();
        if (!r.ok()) std::abort();
        json.push_back(double(t1 - t0) / 1000);
        core::Scenario back;
        std::string error;
        t0 = nowNs();
        const bool ok = core::readImage(image, &back, &error);
        t1 = nowNs();
        if (!ok) std::abort();
        img.push_back(double(t1 - t0) / 1000);
    }
    s.jsonUs = bench::median(json);
    s.imageUs = bench::median(img);
    return s;
}

// A large valid file: 64 processes of 1000 statements each.
std::string largeScenario()
{
    std::string procs;
    for (int p = 0; p < 64; ++p) {
        std::string script;
        for (int i = 0; i < 250; ++i)
            script += "lock m\\nadd s[" + std::to_string(i % 16) + "] $index + " +
                      std::to_string(i) + "\\nunlock m\\nprint \\\"step\\\", " + std::to_string(i) +
                      "\\n";
        procs += std::string(p ? ", " : "") + "{\"name\": \"p" + std::to_string(p) +
                 "\", \"script\": \"" + script + "\"}";
    }
    return "{\"format\": 1, \"title\": \"large\", \"resources\": [{\"name\": \"m\", \"type\": "
           "\"mutex\"}, {\"name\": \"s\", \"type\": \"shm\"}], \"processes\": [" +
           procs + "]}";
}

} // namespace

int main(int argc, char **argv)
{
    int reps = 201;
    for (int i = 1; i + 1 < argc; ++i)
        if (!std::strcmp(argv[i], "--reps")) reps = std::max(1, std::atoi(argv[++i]));
    const char *env = std::getenv("IPCSIM_SOURCE_DIR");
    const std::string dir = std::string(env ? env : IPCSIM_SOURCE_DIR) + "/resources/scenarios";

    std::vector<Sample> samples;
    if (DIR *d = opendir(dir.c_str())) {
        while (dirent *e = readdir(d)) {
            const std::string name = e->d_name;
            if (name.size() > 5 && name.ends_with(".json"))
                samples.push_back(measure(name, readFile(dir + "/" + name), reps));
        }
        closedir(d);
    }
    if (samples.empty()) {
        std::fprintf(stderr, "bench_image: no lessons in %s\n", dir.c_str());
        return 1;
    }
    std::vector<double> ratios;
    size_t jsonBytes = 0, imageBytes = 0;
    double jsonUs = 0, imageUs = 0;
    for (const Sample &s : samples) {
        ratios.push_back(s.jsonUs / s.imageUs);
        jsonBytes += s.jsonBytes, imageBytes += s.imageBytes;
        jsonUs += s.jsonUs, imageUs += s.imageUs;
    }
    const Sample large = measure("large.json", largeScenario(), std::max(1, reps / 20));
    std::printf("%s\n", bench::machineLine().c_str());
    std::printf("a worker getting its scenario, median of %d alternated reps each:\n", reps);
    std::printf("  %zu lessons: JSON %zu bytes, parsed and checked in %.1f us in all; image "
                "%zu bytes, read in %.1f us\n",
                samples.size(), jsonBytes, jsonUs, imageBytes, imageUs);
    std::printf("  per lesson, JSON time / image time: median %.1fx (min %.1fx, max %.1fx)\n",
                bench::median(ratios), bench::minOf(ratios), bench::maxOf(ratios));
    std::printf("  a file of 64 processes x 1000 statements (%zu bytes): JSON %.0f us, image %.0f "
                "us (%zu bytes): %.1fx\n",
                large.jsonBytes, large.jsonUs, large.imageUs, large.imageBytes,
                large.jsonUs / large.imageUs);
    return 0;
}
