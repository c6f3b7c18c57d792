#include "engine/stepevent.h"

#include <algorithm>

namespace ipcsim::core {

void fillStepEvent(Event &e, const wire::StepRecord &r, int proc, int pid, qint64 startNs,
                   TextCache *texts)
{
    e.kind = Event::Step;
    e.phase = Phase(r.phase);
    e.tNs = qint64(r.tNs) - startNs;
    e.proc = proc;
    e.pid = pid;
    e.seq = r.seq;
    e.line = r.line;
    e.op = Op(r.op);
    if (e.op == Op::Signal)
        e.target = r.res; // a signal names a process, not a resource
    else
        e.res = r.res;
    e.err = r.err;
    e.value = r.value;
    e.aux = r.aux;
    e.sig = r.sig;
    e.flags = r.flags;
    if (r.flags & wire::TextInline) {
        const std::string_view text(r.text, size_t(std::min<int>(r.textLen, int(sizeof r.text))));
        e.text = texts ? texts->get(text) : QByteArray(text.data(), qsizetype(text.size()));
    }
}

} // namespace ipcsim::core
