// ipcsim: the window (no command) and the headless CLI (run, list, validate).
#include "cli/runcommand.h"
#include "cli/scenariosource.h"
#include "engine/launcher.h"
#include "engine/session.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>
#include <cstring>
#include <dlfcn.h>
#include <string>
#include <unistd.h>

using namespace ipcsim;

namespace {

const char *const kUsage =
    "Usage: ipcsim [FILE|NAME|TRACE.jsonl] [--start] [--schedule S] [--speed PERCENT]\n"
    "              [--presentation] [--cpus LIST] [--screenshot F.png [--screenshot-delay MS]]\n"
    "                                                    open the window (a trace replays)\n"
    "       ipcsim run FILE|NAME [--schedule S] [--trace F.jsonl] [--chrome-trace F.json]\n"
    "                            [--check] [--allow-exec] [--timeout MS] [--cpus LIST]\n"
    "                            [--quiet | --narrate]\n"
    "       ipcsim list\n"
    "       ipcsim validate FILE\n"
    "Exit codes: 0 ok, 1 expectation or run failure, 2 bad input.\n";

#ifdef IPCSIM_HAVE_UI
// Loads the window module from beside this executable and runs it.
int runWindow(int argc, char **argv)
{
    char self[4096];
    const ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    std::string dir = n > 0 ? std::string(self, size_t(n)) : std::string(argv[0]);
    dir = dir.substr(0, dir.rfind('/') + 1);
    const std::string module = dir + "libipcsim_gui.so";
    void *handle = dlopen(module.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        std::fprintf(stderr,
                     "ipcsim: cannot open the window: %s\n(the headless commands still work: "
                     "ipcsim run, list, validate)\n",
                     dlerror());
        return 2;
    }
    using Entry = int (*)(int, char **);
    auto entry = reinterpret_cast<Entry>(dlsym(handle, "ipcsim_run_gui"));
    if (!entry) {
        std::fprintf(stderr, "ipcsim: %s has no entry point: %s\n", module.c_str(), dlerror());
        return 2;
    }
    return entry(argc, argv);
}
#endif

int listCommand()
{
    for (const app::BuiltIn &b : app::builtIns())
        std::fprintf(stdout, "%s\t%s\n", qPrintable(b.name), qPrintable(b.title));
    return 0;
}

int validateCommand(const QString &file)
{
    const core::LoadResult r = app::loadScenarioArgument(file);
    if (!r.ok()) {
        for (const std::string &e : r.errors)
            std::fprintf(stderr, "%s\n", e.c_str());
        return 2;
    }
    std::fprintf(stdout, "%s: ok — %zu processes, %zu resources\n", r.scenario->fileName.c_str(),
                 r.scenario->instances.size(), r.scenario->resources.size());
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    core::keepBatchMemory();

    const char *command = argc > 1 ? argv[1] : "";
    const bool cli = !strcmp(command, "run") || !strcmp(command, "list") ||
                     !strcmp(command, "validate") || !strcmp(command, "--help") ||
                     !strcmp(command, "-h") || !strcmp(command, "--version");
#ifdef IPCSIM_HAVE_UI
    if (!cli) return runWindow(argc, argv);
#endif
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("ipcsim"));
    QCoreApplication::setApplicationVersion(QStringLiteral(IPCSIM_VERSION));
    if (!strcmp(command, "--version")) {
        std::fprintf(stdout, "ipcsim %s\n", IPCSIM_VERSION);
        return 0;
    }
    if (!cli || !strcmp(command, "--help") || !strcmp(command, "-h")) {
        std::fputs(kUsage, cli ? stdout : stderr);
        return cli ? 0 : 2;
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Interprocess communication, shown live with real processes."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("command"),
                                 QStringLiteral("run, list or validate"));
    const QCommandLineOption schedule(QStringLiteral("schedule"),
                                      QStringLiteral("free, round-robin, random:SEED or p,q,p"),
                                      QStringLiteral("S"));
    const QCommandLineOption trace(QStringLiteral("trace"),
                                   QStringLiteral("Write a JSON Lines trace."),
                                   QStringLiteral("FILE"));
    const QCommandLineOption chrome(QStringLiteral("chrome-trace"),
                                    QStringLiteral("Write a Chrome/Perfetto trace."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption check(QStringLiteral("check"),
                                   QStringLiteral("Check the scenario's expectations."));
    const QCommandLineOption allowExec(
        QStringLiteral("allow-exec"),
        QStringLiteral("Allow the scenario to run external programs."));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     QStringLiteral("Stop the run after MS milliseconds."),
                                     QStringLiteral("MS"));
    const QCommandLineOption quiet(QStringLiteral("quiet"),
                                   QStringLiteral("Print only the summary."));
    const QCommandLineOption cpus(
        QStringLiteral("cpus"),
        QStringLiteral("Run the scenario's processes only on these CPUs (0 or 0,2-3)."),
        QStringLiteral("LIST"));
    const QCommandLineOption narrate(
        QStringLiteral("narrate"),
        QStringLiteral("Tell the run in sentences, as the window's narration does."));
    parser.addOptions({schedule, trace, chrome, check, allowExec, timeout, cpus, quiet, narrate});
    if (!parser.parse(QCoreApplication::arguments())) {
        std::fprintf(stderr, "ipcsim: %s\n%s", qPrintable(parser.errorText()), kUsage);
        return 2;
    }
    const QStringList args = parser.positionalArguments();
    if (!strcmp(command, "list")) return listCommand();
    if (args.size() != 2) {
        std::fprintf(stderr, "ipcsim %s: expects exactly one FILE or NAME\n%s", command, kUsage);
        return 2;
    }
    if (!strcmp(command, "validate")) return validateCommand(args.at(1));

    app::RunOptions o;
    o.scenario = args.at(1);
    o.schedule = parser.value(schedule);
    o.tracePath = parser.value(trace);
    o.chromeTracePath = parser.value(chrome);
    o.check = parser.isSet(check);
    o.allowExec = parser.isSet(allowExec);
    o.quiet = parser.isSet(quiet);
    o.narrate = parser.isSet(narrate) && !o.quiet;
    if (parser.isSet(timeout)) {
        bool ok = false;
        o.timeoutMs = parser.value(timeout).toLongLong(&ok);
        if (!ok || o.timeoutMs <= 0) {
            std::fprintf(
                stderr,
                "ipcsim run: --timeout takes a positive number of milliseconds, not \"%s\"\n",
                qPrintable(parser.value(timeout)));
            return 2;
        }
    }
    if (parser.isSet(cpus)) {
        std::string error;
        o.cpus = core::parseCpuList(parser.value(cpus).toStdString(), &error);
        if (o.cpus.empty()) {
            std::fprintf(stderr, "ipcsim run: --cpus: %s\n", error.c_str());
            return 2;
        }
    }
    app::RunCommand run(o);
    return run.exec();
}
