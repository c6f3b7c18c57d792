// Runs one process's script, statement by statement, against the real kernel objects: each step
// stops at the gate when the engine asks, is reported as Begin, makes its real call, and is
// reported as End (or Error, after which the process exits with 1, as real code would).
//
// What the records carry (wire::StepRecord value / aux / flags / text), for the reducer:
//   any gate           value = $i of the innermost repeat (-1: none); aux and text: what the
//                      step asks for, where its kind says (Step::Asks): a System V semop's
//                      members as text, a System V send's type as aux and message as text, a
//                      System V receive's type as aux, an eventfd write's amount as aux
//   write, send        Begin value = bytes to write (send on a queue: aux = priority)
//                      End value = bytes written, text = the data (not for "N bytes")
//   read, receive      Begin value = bytes asked (receive on a socket: 65536)
//                      End value = bytes read, text = the data, Eof when 0; queue: aux = priority
//   close              End value 0
//   accept, connect    End value = the new descriptor; accept: aux = peer pid (unix) or peer
//                      port (tcp); connect on tcp: aux = its own port
//   load, store, add   aux = cell index; value = loaded / stored / new value (Begin: the store
//                      value or the delta)
//   wait, post         Begin value = semaphore value before; End value = value after
//   trywait            End value = 1 (took it) / 0 (EAGAIN), aux = semaphore value after
//   lock, trylock      Begin aux = holder instance (-1: free; a spinner also has Spinning);
//                      End value = 1/0 for trylock; OwnerDied on a recovered robust mutex
//   unlock             Begin aux = holder instance as reported
//   arrive             Begin value = processes now waiting (reported); End value 1: serial
//   lockfile           SharedLock when shared
//   signal             Begin res = the target instance when there is one, else -1; one End
//                      per target: res = instance, aux = its pid, Partial on all but the last;
//                      value = the signal value (0 for none), sig on every record
//   await              End value = si_value.sival_int (0 for a plain signal), aux = si_pid
//   sleep, compute     value = milliseconds
//   print              End text = the line (always on the socket)
//   exit               Begin value = the code; crash: Begin only
// A script error is an Error record with RuntimeError, err 0, text "line N: ...", op and res of
// the statement, and a fresh seq (it has no Gate or Begin). A failed call is an Error record
// with errno after the step's Begin.
#pragma once

#include "ipc/wire.h"
#include "scenario/scenario.h"
#include "worker/evaluator.h"
#include "worker/resourcetable.h"
#include "worker/scripterror.h"
#include "worker/step.h"
#include "worker/telemetry.h"

#include <csignal>
#include <string>
#include <string_view>
#include <vector>

namespace ipcsim::core {

class Interpreter
{
public:
    Interpreter(const Scenario &scenario, int instance, Telemetry &telemetry,
                ResourceTable &resources, wire::SessionHeader *session);

    // Every signal the script awaits: blocked from the start so none is lost before its await.
    static sigset_t awaitedSignals(const Script &script);

    // Runs the script to its end and exits the process (0 at the end, 1 on an error).
    [[noreturn]] void run();

private:
    enum class Flow : uint8_t
    {
        Next,
        Break
    };

    Flow execBlock(const std::vector<Stmt> &body);
    void step(const Stmt &s);

    // The statements that name no object; a kind runs those on its objects.
    void doSignal(const Stmt &s);
    void doAwait(const Stmt &s);
    void doSleep(const Stmt &s, bool busy);
    void doPrint(const Stmt &s);

    const Scenario &m_scenario;
    const Script &m_script;
    ResourceTable &m_res;
    wire::SessionHeader *m_session;
    Evaluator m_eval;

    int m_innermostLoop = -1; // loop slot of the innermost running repeat
    Step m_step;              // the current step's records (after m_eval and m_innermostLoop)
    const Stmt *m_current = nullptr;
    std::vector<std::vector<int>> m_instancesOfSpec;
    std::string m_line; // print
};

} // namespace ipcsim::core
