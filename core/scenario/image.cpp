#include "scenario/image.h"
#include "scenario/kind.h"

namespace ipcsim::core {

namespace {

constexpr int64_t kMagic = 0x69706373696d3031; // "ipcsim01"

// Each part of a scenario, saved and loaded field by field in one order.
void save(ImageWriter &w, const ExprNode &e);
bool load(ImageReader &r, ExprNode *e);
void save(ImageWriter &w, const Stmt &s);
bool load(ImageReader &r, Stmt *s);
void save(ImageWriter &w, const ResourceSpec &spec);
bool load(ImageReader &r, ResourceSpec *spec);
void save(ImageWriter &w, const ProcessSpec &p);
bool load(ImageReader &r, ProcessSpec *p);
void save(ImageWriter &w, const Instance &i);
bool load(ImageReader &r, Instance *i);

// A list of parts, as ImageWriter::put writes a list: its length, then each one.
template <class T> void saveList(ImageWriter &w, const std::vector<T> &items)
{
    w.integer(int64_t(items.size()));
    for (const T &item : items)
        save(w, item);
}

template <class T> bool loadList(ImageReader &r, std::vector<T> *items)
{
    size_t n = 0;
    if (!r.count(&n)) return false;
    items->resize(n);
    for (T &item : *items)
        if (!load(r, &item)) return false;
    return true;
}

void save(ImageWriter &w, const ExprNode &e)
{
    w.put(e.kind), w.put(e.op), w.put(e.ival), w.put(e.a), w.put(e.b), w.put(e.text);
}

bool load(ImageReader &r, ExprNode *e)
{
    return r.get(&e->kind) && r.get(&e->op) && r.get(&e->ival) && r.get(&e->a) && r.get(&e->b) &&
           r.get(&e->text);
}

void save(ImageWriter &w, const Stmt &s)
{
    w.put(s.op), w.put(s.line), w.put(s.res), w.put(s.target), w.put(s.e1), w.put(s.e2);
    w.put(s.reg), w.put(s.sig), w.put(s.loop), w.put(s.shared), w.put(s.typed), w.put(s.args);
    w.put(s.cond.lhs), w.put(s.cond.cmp), w.put(s.cond.rhs);
    saveList(w, s.body);
    saveList(w, s.elseBody);
}

bool load(ImageReader &r, Stmt *s)
{
    return r.get(&s->op) && r.get(&s->line) && r.get(&s->res) && r.get(&s->target) &&
           r.get(&s->e1) && r.get(&s->e2) && r.get(&s->reg) && r.get(&s->sig) && r.get(&s->loop) &&
           r.get(&s->shared) && r.get(&s->typed) && r.get(&s->args) && r.get(&s->cond.lhs) &&
           r.get(&s->cond.cmp) && r.get(&s->cond.rhs) && loadList(r, &s->body) &&
           loadList(r, &s->elseBody);
}

void save(ImageWriter &w, const ResourceSpec &spec)
{
    w.put(spec.name), w.put(spec.type), w.put(spec.line), w.put(spec.col);
    if (const SettingsImage *settings = kindFormat(spec.type).settings)
        settings->write(w, spec.own);
}

bool load(ImageReader &r, ResourceSpec *spec)
{
    if (!(r.get(&spec->name) && r.get(&spec->type) && r.get(&spec->line) && r.get(&spec->col)))
        return false;
    if (size_t(spec->type) >= kindFormats().size()) return false;
    const SettingsImage *settings = kindFormat(spec->type).settings;
    return !settings || settings->read(r, spec->own);
}

void save(ImageWriter &w, const ProcessSpec &p)
{
    w.put(p.name), w.put(p.line), w.put(p.col), w.put(p.count), w.put(p.hasReplicas);
    w.put(p.exec), w.put(p.stdinRes), w.put(p.stdoutRes), w.put(p.stderrRes);
    saveList(w, p.script.body);
    saveList(w, p.script.exprs);
    w.put(p.script.regNames), w.put(p.script.loopSlots);
}

bool load(ImageReader &r, ProcessSpec *p)
{
    return r.get(&p->name) && r.get(&p->line) && r.get(&p->col) && r.get(&p->count) &&
           r.get(&p->hasReplicas) && r.get(&p->exec) && r.get(&p->stdinRes) &&
           r.get(&p->stdoutRes) && r.get(&p->stderrRes) && loadList(r, &p->script.body) &&
           loadList(r, &p->script.exprs) && r.get(&p->script.regNames) &&
           r.get(&p->script.loopSlots);
}

void save(ImageWriter &w, const Instance &i)
{
    w.put(i.spec), w.put(i.replica), w.put(i.name);
}

bool load(ImageReader &r, Instance *i)
{
    return r.get(&i->spec) && r.get(&i->replica) && r.get(&i->name);
}

} // namespace

void ImageWriter::text(const std::string &s)
{
    integer(int64_t(s.size()));
    raw(s.data(), s.size());
}

void ImageWriter::integer(int64_t v)
{
    uint64_t zigzag = (uint64_t(v) << 1) ^ uint64_t(v >> 63);
    while (zigzag >= 0x80) {
        m_out.push_back(char(zigzag | 0x80));
        zigzag >>= 7;
    }
    m_out.push_back(char(zigzag));
}

bool ImageReader::integer(int64_t *v)
{
    if (!m_ok) return false;
    uint64_t zigzag = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (m_in.empty()) return fail();
        const auto byte = uint8_t(m_in.front());
        m_in.remove_prefix(1);
        zigzag |= uint64_t(byte & 0x7f) << shift;
        if (!(byte & 0x80)) {
            *v = int64_t(zigzag >> 1) ^ -int64_t(zigzag & 1);
            return true;
        }
    }
    return fail(); // more than ten bytes: not one of ours
}

bool ImageReader::count(size_t *n)
{
    int64_t v = 0;
    if (!integer(&v) || v < 0 || uint64_t(v) > m_in.size()) return fail();
    *n = size_t(v);
    return true;
}

bool ImageReader::text(std::string *s)
{
    size_t n = 0;
    if (!count(&n)) return false;
    s->assign(m_in.data(), n);
    m_in.remove_prefix(n);
    return true;
}

std::string imageOf(const Scenario &sc)
{
    ImageWriter w;
    w.integer(kMagic);
    w.put(sc.fileName), w.put(sc.format), w.put(sc.title), w.put(sc.timeoutMs);
    w.put(sc.schedule.kind), w.put(sc.schedule.seed), w.put(sc.schedule.names);
    saveList(w, sc.resources);
    saveList(w, sc.processes);
    saveList(w, sc.instances);
    return w.take();
}

bool readImage(std::string_view bytes, Scenario *out, std::string *error)
{
    ImageReader r(bytes);
    int64_t magic = 0;
    Scenario &sc = *out;
    const bool whole = r.integer(&magic) && magic == kMagic && r.get(&sc.fileName) &&
                       r.get(&sc.format) && r.get(&sc.title) && r.get(&sc.timeoutMs) &&
                       r.get(&sc.schedule.kind) && r.get(&sc.schedule.seed) &&
                       r.get(&sc.schedule.names) && loadList(r, &sc.resources) &&
                       loadList(r, &sc.processes) && loadList(r, &sc.instances) && r.atEnd();
    if (!whole) *error = "the scenario's image is damaged or from another build";
    return whole;
}

} // namespace ipcsim::core
