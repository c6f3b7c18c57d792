#include "scenario/scenarioloader.h"

#include "ipc/sessionlayout.h"
#include "ipc/wire.h"
#include "scenario/jsonreader.h"
#include "scenario/kind.h"
#include "scenario/quote.h"
#include "scenario/scriptparser.h"
#include "scenario/signalnames.h"
#include "scenario/suggest.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

namespace ipcsim::core {

namespace {

std::string q(const std::string &s)
{
    return quoteToken(s);
}

bool isName(const std::string &s)
{
    if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
    for (char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
    return true;
}

bool parseUnsigned(const std::string &s, uint64_t *out)
{
    if (s.empty() || s.size() > 20) return false;
    uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        if (__builtin_mul_overflow(v, uint64_t(10), &v) ||
            __builtin_add_overflow(v, uint64_t(c - '0'), &v))
            return false;
    }
    *out = v;
    return true;
}

std::string trim(const std::string &s)
{
    const size_t b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return {};
    const size_t e = s.find_last_not_of(" \t");
    return s.substr(b, e + 1 - b);
}

// "name[k]" split into its parts; false when the text is not of that shape.
bool splitIndexed(const std::string &s, std::string *name, std::string *index)
{
    const size_t open = s.find('[');
    if (open == std::string::npos || s.empty() || s.back() != ']') return false;
    *name = s.substr(0, open);
    *index = s.substr(open + 1, s.size() - open - 2);
    return true;
}

} // namespace

const std::vector<std::string> &topLevelKeys()
{
    static const std::vector<std::string> keys = {"format",    "title",      "summary",
                                                  "lesson",    "timeout_ms", "schedule",
                                                  "resources", "processes",  "expect"};
    return keys;
}

const std::vector<std::string> &processKeys()
{
    static const std::vector<std::string> keys = {"name",  "count",  "script", "exec",
                                                  "stdin", "stdout", "stderr"};
    return keys;
}

const std::vector<std::string> &expectKeys()
{
    static const std::vector<std::string> keys = {"exit", "cells", "printed", "deadlock"};
    return keys;
}

namespace {

class Loader
{
public:
    Loader(const std::string &text, const std::string &fileName, const KernelLimits &limits)
        : m_text(text), m_limits(limits)
    {
        m_sc.fileName = fileName;
        m_sc.source = text;
    }

    LoadResult run();

private:
    struct Diag
    {
        int line, col, sub;
        std::string text;
    };

    void errorAt(int line, int col, const std::string &message, int sub = 0)
    {
        m_diags.push_back({line, col, sub,
                           m_sc.fileName + ":" + std::to_string(line) + ":" + std::to_string(col) +
                               ": " + message});
    }
    void error(const JsonValue &v, const std::string &message) { errorAt(v.line, v.col, message); }
    void error(const JsonMember &m, const std::string &message) { errorAt(m.line, m.col, message); }

    // Checks the members of an object against the allowed keys; returns them by key.
    std::map<std::string, const JsonMember *> members(const JsonValue &object,
                                                      const std::vector<std::string> &allowed,
                                                      const std::string &where);
    bool isObject(const JsonValue &v, const std::string &what);
    bool getString(const JsonMember &m, std::string *out);
    bool getInt(const JsonMember &m, int64_t lo, int64_t hi, int64_t *out);
    bool getBool(const JsonMember &m, bool *out);
    // A resource's option, for its kind to read (scenario/kind.h).
    class MemberValue final : public OptionValue
    {
    public:
        MemberValue(Loader &loader, const JsonValue &object, const JsonMember &member)
            : m_loader(loader), m_object(object), m_member(member)
        {
        }
        bool integer(int64_t lo, int64_t hi, int64_t *out) override
        {
            return m_loader.getInt(m_member, lo, hi, out);
        }
        bool boolean(bool *out) override { return m_loader.getBool(m_member, out); }
        bool text(std::string *out) override { return m_loader.getString(m_member, out); }
        bool refuse(const std::string &message) override
        {
            m_loader.error(m_member.value, message);
            return false;
        }
        std::string key() const override { return m_member.key; }
        std::string quoted() const override { return m_member.value.quoted(); }
        const KernelLimits &limits() const override { return m_loader.m_limits; }
        bool isList() const override { return m_member.value.type == JsonValue::Array; }
        bool integersUpTo(int64_t lo, int64_t most, const std::string &limit,
                          std::vector<int64_t> *out) override
        {
            const std::vector<JsonValue> &items = m_member.value.items;
            if (items.empty()) return refuse(q(m_member.key) + " lists no value");
            bool ok = true;
            out->clear();
            for (size_t k = 0; k < items.size(); ++k) {
                const JsonValue &v = items[k];
                const std::string at = m_member.key + "[" + std::to_string(k) + "]";
                if (v.type != JsonValue::Number || !v.isInteger) {
                    m_loader.error(v, q(at) + " must be an integer, found " + v.typeDescription() +
                                          " " + v.quoted());
                    ok = false;
                } else if (v.integer < lo) {
                    m_loader.error(v, q(at) + " must be at least " + std::to_string(lo) +
                                          ", found " + v.quoted());
                    ok = false;
                } else if (v.integer > most) {
                    m_loader.error(v, at + " " + v.quoted() + " is over " + limit);
                    ok = false;
                }
                out->push_back(v.integer);
            }
            return ok;
        }
        bool given(std::string_view key) const override
        {
            return m_object.member(std::string(key)) != nullptr;
        }

    private:
        Loader &m_loader;
        const JsonValue &m_object;
        const JsonMember &m_member;
    };

    void top(const JsonValue &root);
    void resources(const JsonMember &m);
    void resource(const JsonValue &v);
    void resourceLimits();
    void processes(const JsonMember &m);
    void process(const JsonValue &v);
    void scripts();
    void schedule(const JsonMember &m);
    void expect(const JsonMember &m);
    // Checks a key of a map keyed by process ("*" only where star is true).
    bool processKey(const JsonMember &m, bool star);
    void claimName(const std::string &name, const JsonValue &at);
    void checkNames();

    const std::string &m_text;
    const KernelLimits &m_limits;
    Scenario m_sc;
    std::vector<Diag> m_diags;
    struct NameUse
    {
        std::string name;
        const JsonValue *at;
    };
    std::vector<NameUse> m_nameUses;
    std::vector<const JsonValue *> m_resourceJson; // parallel to m_sc.resources
    std::vector<const JsonValue *> m_scriptJson;   // parallel to m_sc.processes (script value)
    int m_totalInstances = 0;
};

LoadResult Loader::run()
{
    LoadResult result;
    JsonReader reader;
    JsonValue root;
    const bool parsed = reader.parse(m_text, &root);
    for (const JsonError &e : reader.errors())
        errorAt(e.line, e.col, e.message);
    // A syntax error leaves no usable tree; duplicate keys do, so validation goes on then.
    (void)parsed;
    if (!reader.syntaxFailed()) top(root);
    std::stable_sort(m_diags.begin(), m_diags.end(), [](const Diag &a, const Diag &b) {
        if (a.line != b.line) return a.line < b.line;
        if (a.col != b.col) return a.col < b.col;
        return a.sub < b.sub;
    });
    // One mistake can be found twice by different checks: say it once.
    for (const Diag &d : m_diags)
        if (result.errors.empty() || result.errors.back() != d.text)
            result.errors.push_back(d.text);
    if (result.errors.empty()) result.scenario = std::move(m_sc);
    return result;
}

std::map<std::string, const JsonMember *> Loader::members(const JsonValue &object,
                                                          const std::vector<std::string> &allowed,
                                                          const std::string &where)
{
    std::map<std::string, const JsonMember *> out;
    for (const JsonMember &m : object.members) {
        if (std::find(allowed.begin(), allowed.end(), m.key) == allowed.end())
            error(m, "unknown key " + q(m.key) + " " + where + didYouMean(m.key, allowed));
        else
            out[m.key] = &m;
    }
    return out;
}

bool Loader::isObject(const JsonValue &v, const std::string &what)
{
    if (v.type == JsonValue::Object) return true;
    error(v, what + " must be an object {...}, found " + v.quoted());
    return false;
}

bool Loader::getString(const JsonMember &m, std::string *out)
{
    if (m.value.type != JsonValue::String) {
        error(m.value, q(m.key) + " must be a string, found " + m.value.typeDescription() + " " +
                           m.value.quoted());
        return false;
    }
    *out = m.value.text;
    return true;
}

bool Loader::getInt(const JsonMember &m, int64_t lo, int64_t hi, int64_t *out)
{
    const JsonValue &v = m.value;
    if (v.type != JsonValue::Number || !v.isInteger) {
        error(v, q(m.key) + " must be an integer, found " + v.typeDescription() + " " + v.quoted());
        return false;
    }
    if (v.integer < lo) {
        error(v, q(m.key) + " must be at least " + std::to_string(lo) + ", found " + v.quoted());
        return false;
    }
    if (v.integer > hi) {
        error(v, q(m.key) + " must be at most " + std::to_string(hi) + ", found " + v.quoted());
        return false;
    }
    *out = v.integer;
    return true;
}

bool Loader::getBool(const JsonMember &m, bool *out)
{
    if (m.value.type != JsonValue::Bool) {
        error(m.value, q(m.key) + " must be true or false, found " + m.value.typeDescription() +
                           " " + m.value.quoted());
        return false;
    }
    *out = m.value.boolean;
    return true;
}

void Loader::claimName(const std::string &name, const JsonValue &at)
{
    m_nameUses.push_back({name, &at});
}

// Names are checked once all are known, in file order, so "first used" is really the first.
void Loader::checkNames()
{
    std::stable_sort(m_nameUses.begin(), m_nameUses.end(), [](const NameUse &a, const NameUse &b) {
        return a.at->line != b.at->line ? a.at->line < b.at->line : a.at->col < b.at->col;
    });
    std::map<std::string, const JsonValue *> first;
    for (const NameUse &use : m_nameUses) {
        const auto [it, inserted] = first.emplace(use.name, use.at);
        if (!inserted)
            error(*use.at, "duplicate name " + q(use.name) + " (first used at line " +
                               std::to_string(it->second->line) + ", column " +
                               std::to_string(it->second->col) +
                               "; names are unique across resources and processes)");
    }
}

void Loader::top(const JsonValue &root)
{
    if (root.type != JsonValue::Object) {
        error(root, "a scenario is one JSON object {...}, found " + root.typeDescription() + " " +
                        root.quoted());
        return;
    }
    const auto m = members(root, topLevelKeys(), "at the top level");
    for (const char *required : {"format", "title", "resources", "processes"})
        if (!m.count(required))
            error(root, "missing required key " + q(required) + " at the top level");

    if (auto it = m.find("format"); it != m.end()) {
        const JsonValue &v = it->second->value;
        if (v.type != JsonValue::Number || !v.isInteger)
            error(v, "\"format\" must be the integer 1, found " + v.typeDescription() + " " +
                         v.quoted());
        else if (v.integer != 1)
            error(v, "format " + v.quoted() + " is not supported (this ipcsim reads format 1)");
    }
    if (auto it = m.find("title"); it != m.end()) getString(*it->second, &m_sc.title);
    if (auto it = m.find("summary"); it != m.end()) getString(*it->second, &m_sc.summary);
    if (auto it = m.find("lesson"); it != m.end()) getString(*it->second, &m_sc.lesson);
    if (auto it = m.find("timeout_ms"); it != m.end())
        getInt(*it->second, 1, INT64_MAX / 1000000, &m_sc.timeoutMs);
    if (auto it = m.find("resources"); it != m.end()) resources(*it->second);
    if (auto it = m.find("processes"); it != m.end()) processes(*it->second);
    checkNames();
    scripts();
    if (auto it = m.find("schedule"); it != m.end()) schedule(*it->second);
    if (auto it = m.find("expect"); it != m.end()) expect(*it->second);
}

void Loader::resources(const JsonMember &m)
{
    if (m.value.type != JsonValue::Array) {
        error(m.value, "\"resources\" must be an array [...], found " + m.value.typeDescription() +
                           " " + m.value.quoted());
        return;
    }
    for (const JsonValue &v : m.value.items)
        resource(v);
    resourceLimits();
}

void Loader::resource(const JsonValue &v)
{
    if (!isObject(v, "a resource")) return;
    ResourceSpec r;
    r.line = v.line;
    r.col = v.col;
    bool ok = true;
    const JsonMember *typeMember = nullptr;
    const KindFormat *kind = nullptr;
    for (const JsonMember &member : v.members) {
        if (member.key == "name") {
            if (!getString(member, &r.name)) {
                ok = false;
            } else if (!isName(r.name)) {
                error(member.value, "bad name " + member.value.quoted() +
                                        ": a name matches [A-Za-z_][A-Za-z0-9_]*");
                ok = false;
            } else {
                claimName(r.name, member.value);
            }
        } else if (member.key == "type") {
            typeMember = &member;
            std::string type;
            if (!getString(member, &type)) {
                ok = false;
                continue;
            }
            kind = kindNamed(type);
            if (!kind) {
                std::vector<std::string> names;
                std::string all;
                for (const KindFormat *k : kindFormats()) {
                    names.push_back(k->name);
                    all += std::string(all.empty() ? "" : ", ") + k->name;
                }
                error(member.value, "unknown resource type " + member.value.quoted() +
                                        didYouMean(type, names) + " (the types are " + all + ")");
                ok = false;
            } else {
                r.type = kind->type;
                if (kind->defaults) kind->defaults(r, m_limits);
            }
        }
    }
    if (!v.member("name")) {
        error(v, "missing required key \"name\" in a resource");
        ok = false;
    }
    if (!typeMember) {
        error(v, "missing required key \"type\" in resource" +
                     (r.name.empty() ? std::string() : " " + q(r.name)));
        ok = false;
    }

    const std::string where =
        r.name.empty() ? std::string("in a resource") : "in resource " + q(r.name);
    std::vector<std::string> allKeys = {"name", "type"};
    for (const KindFormat *k : kindFormats())
        for (const KindOption &o : k->options)
            if (std::find(allKeys.begin(), allKeys.end(), o.key) == allKeys.end())
                allKeys.push_back(o.key);
    for (const JsonMember &member : v.members) {
        if (member.key == "name" || member.key == "type") continue;
        if (std::find(allKeys.begin(), allKeys.end(), member.key) == allKeys.end()) {
            error(member,
                  "unknown key " + q(member.key) + " " + where + didYouMean(member.key, allKeys));
            ok = false;
            continue;
        }
        if (!kind) continue; // the type is unknown: its options cannot be judged
        const KindOption *option = kind->option(member.key);
        if (!option) {
            std::string owners;
            for (const KindFormat *k : kindFormats())
                if (k->option(member.key))
                    owners += std::string(owners.empty() ? "" : " and ") + k->name;
            error(member, q(member.key) + " is not an option of a " + kind->name +
                              " (it belongs to " + owners + ")");
            ok = false;
            continue;
        }
        MemberValue value(*this, v, member);
        ok = option->read(value, r) && ok;
    }
    if (kind) {
        for (const KindOption &o : kind->options) {
            if (o.required && !v.member(o.key)) {
                error(v, "missing required key " + q(o.key) + " in " + kind->name +
                             (r.name.empty() ? std::string() : " " + q(r.name)));
                ok = false;
            }
        }
    }
    // Keep even a faulty resource whose name and type are known, so scripts that use it are
    // judged against what it is and do not get a second, misleading error.
    if (!r.name.empty() && isName(r.name) && kind) {
        m_sc.resources.push_back(std::move(r));
        m_resourceJson.push_back(&v);
    }
    (void)ok;
}

void Loader::resourceLimits()
{
    for (size_t i = 0; i < m_sc.resources.size(); ++i) {
        const ResourceSpec &r = m_sc.resources[i];
        const JsonValue *name = m_resourceJson[i]->member("name");
        if (int(i) == core::wire::kMaxResources)
            error(*name, "resource " + q(r.name) + " is resource number " + std::to_string(i + 1) +
                             ", over ipcsim's limit of " +
                             std::to_string(core::wire::kMaxResources) +
                             " resources per scenario (wire::kMaxResources)");
        const KindFormat &kind = kindFormat(r.type);
        const size_t own = kind.longestName ? kind.longestName(r) : 0;
        const size_t longest = own ? own : kMaxObjectNameBytes;
        if (r.name.size() > longest)
            error(*name,
                  "resource name " + q(r.name.substr(0, 40) + "...") + " is " +
                      std::to_string(r.name.size()) + " bytes long, over the " +
                      std::to_string(longest) + " bytes " +
                      (own ? kind.longestNameWhy : "a kernel object's name holds (NAME_MAX)") +
                      " with ipcsim's prefix");
    }
    class Check final : public KindCheck
    {
    public:
        explicit Check(Loader &loader) : m_loader(loader) {}
        void refuse(int resource, const char *key, const std::string &message) override
        {
            const JsonValue &v = *m_loader.m_resourceJson[size_t(resource)];
            const JsonValue *at = key ? v.member(key) : nullptr;
            m_loader.error(at ? *at : *v.member("name"), message);
        }
        const KernelLimits &limits() const override { return m_loader.m_limits; }

    private:
        Loader &m_loader;
    } check(*this);
    for (const KindFormat *kind : kindFormats())
        if (kind->checkAll) kind->checkAll(m_sc.resources, check);
}

void Loader::processes(const JsonMember &m)
{
    if (m.value.type != JsonValue::Array) {
        error(m.value, "\"processes\" must be an array [...], found " + m.value.typeDescription() +
                           " " + m.value.quoted());
        return;
    }
    if (m.value.items.empty())
        error(m.value, "\"processes\" is empty: a scenario needs at least one process");
    for (const JsonValue &v : m.value.items)
        process(v);
}

void Loader::process(const JsonValue &v)
{
    if (!isObject(v, "a process")) return;
    ProcessSpec p;
    p.line = v.line;
    p.col = v.col;
    const auto m = members(v, processKeys(),
                           v.member("name") && v.member("name")->type == JsonValue::String
                               ? "in process " + q(v.member("name")->text)
                               : std::string("in a process"));
    const JsonValue *script = nullptr;
    if (auto it = m.find("name"); it == m.end()) {
        error(v, "missing required key \"name\" in a process");
    } else if (getString(*it->second, &p.name)) {
        if (!isName(p.name))
            error(it->second->value, "bad name " + it->second->value.quoted() +
                                         ": a name matches [A-Za-z_][A-Za-z0-9_]*");
        else
            claimName(p.name, it->second->value);
    }
    if (auto it = m.find("count"); it != m.end()) {
        int64_t count = 1;
        if (getInt(*it->second, 1, core::wire::kMaxInstances, &count)) {
            p.count = int(count);
            p.hasReplicas = true;
        }
    }
    const auto scriptIt = m.find("script");
    const auto execIt = m.find("exec");
    if (scriptIt != m.end() && execIt != m.end()) {
        const JsonMember *second = scriptIt->second->line > execIt->second->line ||
                                           (scriptIt->second->line == execIt->second->line &&
                                            scriptIt->second->col > execIt->second->col)
                                       ? scriptIt->second
                                       : execIt->second;
        error(*second, q(second->key) + ": a process has either \"script\" or \"exec\", not both");
    } else if (scriptIt == m.end() && execIt == m.end()) {
        error(v, "process" + (p.name.empty() ? std::string() : " " + q(p.name)) +
                     " needs \"script\" or \"exec\"");
    }
    if (scriptIt != m.end() && getString(*scriptIt->second, &p.scriptText))
        script = &scriptIt->second->value;
    if (execIt != m.end()) {
        const JsonValue &e = execIt->second->value;
        if (e.type != JsonValue::Array || e.items.empty()) {
            error(e, "\"exec\" must be a non-empty array of strings [\"program\", \"arg\", ...], "
                     "found " +
                         e.quoted());
        } else {
            for (const JsonValue &a : e.items) {
                if (a.type != JsonValue::String)
                    error(a, "\"exec\" holds strings only, found " + a.typeDescription() + " " +
                                 a.quoted());
                else
                    p.exec.push_back(a.text);
            }
            if (!p.exec.empty() && p.exec[0].empty())
                error(e.items[0], "the program in \"exec\" is empty: " + e.items[0].quoted());
            if (p.exec.size() != e.items.size()) p.exec.clear();
            if (p.exec.empty())
                p.exec.push_back(""); // still an exec process, so no "needs script" cascade
        }
    }
    for (const char *stream : {"stdin", "stdout", "stderr"}) {
        const auto it = m.find(stream);
        if (it == m.end()) continue;
        if (execIt == m.end()) {
            error(*it->second, q(stream) + " applies only to an \"exec\" process");
            continue;
        }
        std::string name;
        if (!getString(*it->second, &name)) continue;
        const int res = [&] {
            for (size_t k = 0; k < m_sc.resources.size(); ++k)
                if (m_sc.resources[k].name == name) return int(k);
            return -1;
        }();
        if (res < 0) {
            std::vector<std::string> names;
            for (const ResourceSpec &r : m_sc.resources)
                names.push_back(r.name);
            error(it->second->value, q(stream) + " names unknown resource " +
                                         it->second->value.quoted() + didYouMean(name, names));
            continue;
        }
        const KindFormat &kind = kindFormat(m_sc.resources[res].type);
        if (!kind.standardStream) {
            std::string streams;
            for (const KindFormat *k : kindFormats())
                if (k->standardStream)
                    streams += std::string(streams.empty() ? "" : ", ") + k->name;
            const size_t last = streams.rfind(", ");
            if (last != std::string::npos) streams.replace(last, 2, " or ");
            error(it->second->value, q(stream) + " must name a " + streams + ", but " +
                                         it->second->value.quoted() + " is a " + kind.name);
            continue;
        }
        (std::string(stream) == "stdin"    ? p.stdinRes
         : std::string(stream) == "stdout" ? p.stdoutRes
                                           : p.stderrRes) = res;
    }

    const int before = m_totalInstances;
    m_totalInstances += p.count;
    const int64_t limit = std::min<int64_t>(core::wire::kMaxInstances, m_limits.maxProcesses);
    if (before <= limit && m_totalInstances > limit) {
        const auto countIt = m.find("count");
        const JsonValue &at = countIt != m.end() ? countIt->second->value
                              : m.count("name")  ? m.at("name")->value
                                                 : v;
        error(at, (countIt != m.end() ? "count " + countIt->second->value.quoted()
                                      : "process " + q(p.name)) +
                      " makes " + std::to_string(m_totalInstances) +
                      " processes in all (counting replicas), over ipcsim's limit of " +
                      std::to_string(limit) +
                      (limit == core::wire::kMaxInstances
                           ? " per scenario (wire::kMaxInstances)"
                           : " per scenario (KernelLimits::maxProcesses)"));
    }
    if (m_totalInstances <= core::wire::kMaxInstances) {
        for (int k = 0; k < p.count; ++k) {
            Instance inst;
            inst.spec = int(m_sc.processes.size());
            inst.replica = k;
            inst.name = p.hasReplicas ? p.name + "[" + std::to_string(k) + "]" : p.name;
            m_sc.instances.push_back(std::move(inst));
        }
    }
    m_sc.processes.push_back(std::move(p));
    m_scriptJson.push_back(script);
}

void Loader::scripts()
{
    ScriptParser parser(m_sc.resources, m_sc.processes);
    for (size_t i = 0; i < m_sc.processes.size(); ++i) {
        const JsonValue *at = m_scriptJson[i];
        if (!at) continue;
        ProcessSpec &p = m_sc.processes[i];
        Script script;
        if (!parser.parse(p.scriptText, &script)) {
            for (const ScriptError &e : parser.errors()) {
                m_diags.push_back({at->line, at->col, e.line,
                                   m_sc.fileName + ": process " + p.name + ", line " +
                                       std::to_string(e.line) + ": " + e.message});
            }
        }
        p.script = std::move(script);
    }
}

std::optional<Schedule> parseScheduleImpl(const std::string &textIn, const Scenario &scenario,
                                          std::string *error);

void Loader::schedule(const JsonMember &m)
{
    const JsonValue &v = m.value;
    if (v.type == JsonValue::String) {
        std::string why;
        if (auto s = parseScheduleImpl(v.text, m_sc, &why))
            m_sc.schedule = *s;
        else
            error(v, why);
        return;
    }
    if (v.type != JsonValue::Array) {
        error(v, "\"schedule\" must be \"free\", \"round-robin\", \"random:SEED\" or an array of "
                 "process names, found " +
                     v.typeDescription() + " " + v.quoted());
        return;
    }
    if (v.items.empty()) {
        error(v,
              "\"schedule\" is an empty list: name at least one process, or write \"round-robin\"");
        return;
    }
    Schedule s;
    s.kind = Schedule::List;
    for (const JsonValue &item : v.items) {
        if (item.type != JsonValue::String) {
            error(item, "a schedule lists process names as strings, found " +
                            item.typeDescription() + " " + item.quoted());
            continue;
        }
        std::string why;
        // Each item is one instance name; a comma inside would make it a list of its own.
        if (item.text.find(',') != std::string::npos || trim(item.text).empty()) {
            error(item, "bad process name " + item.quoted() + " in the schedule");
            continue;
        }
        if (auto one = parseScheduleImpl(item.text, m_sc, &why); one && one->kind == Schedule::List)
            s.names.push_back(one->names[0]);
        else
            error(item,
                  why.empty() ? "bad process name " + item.quoted() + " in the schedule" : why);
    }
    m_sc.schedule = s;
}

bool Loader::processKey(const JsonMember &m, bool star)
{
    const std::string &key = m.key;
    if (key == "*") {
        if (!star) error(m, "\"*\" applies only to \"exit\": name the process here");
        return star;
    }
    if (m_sc.processIndex(key) >= 0) return true;
    std::string name, index;
    std::vector<std::string> names;
    for (const ProcessSpec &p : m_sc.processes)
        names.push_back(p.name);
    if (splitIndexed(key, &name, &index)) {
        const int p = m_sc.processIndex(name);
        uint64_t k = 0;
        if (p < 0) {
            error(m, "unknown process " + q(key) + didYouMean(name, names));
        } else if (!m_sc.processes[p].hasReplicas) {
            error(m, q(key) + ": process " + q(name) + " has no replicas (no \"count\"); name it " +
                         q(name));
        } else if (!parseUnsigned(index, &k) || k >= uint64_t(m_sc.processes[p].count)) {
            error(m, "replica " + q(key) + " does not exist (" + name + " has " +
                         std::to_string(m_sc.processes[p].count) + " replicas, " + name + "[0].." +
                         name + "[" + std::to_string(m_sc.processes[p].count - 1) + "])");
        } else {
            return true;
        }
        return false;
    }
    error(m, "unknown process " + q(key) + didYouMean(key, names));
    return false;
}

void Loader::expect(const JsonMember &em)
{
    if (!isObject(em.value, "\"expect\"")) return;
    const auto m = members(em.value, expectKeys(), "in \"expect\"");
    Expectations &x = m_sc.expect;

    if (auto it = m.find("exit"); it != m.end() && isObject(it->second->value, "\"exit\"")) {
        for (const JsonMember &e : it->second->value.members) {
            if (!processKey(e, true)) continue;
            ExitExpect ee;
            ee.proc = e.key;
            const JsonValue &v = e.value;
            if (v.type == JsonValue::Number && v.isInteger) {
                if (v.integer < 0 || v.integer > 255) {
                    error(v, "exit code " + v.quoted() + " for " + q(e.key) + " is outside 0..255");
                    continue;
                }
                ee.code = int(v.integer);
            } else if (v.type == JsonValue::String) {
                ee.signal = signalByName(v.text);
                if (ee.signal == 0 && signalAbsentHere(v.text)) {
                    error(v, v.quoted() + " for " + q(e.key) +
                                 " is listed in signal(7) but Linux does not define it on this "
                                 "machine, so no process here can end by it");
                    continue;
                }
                if (ee.signal == 0) {
                    const int withPrefix = signalByName("SIG" + v.text);
                    error(v, "unknown signal " + v.quoted() + " for " + q(e.key) +
                                 (withPrefix
                                      ? " (write \"SIG" + v.text + "\")"
                                      : std::string(
                                            " (a signal name of signal(7), such as \"SIGKILL\")")));
                    continue;
                }
                ee.isSignal = true;
                ee.signalName = v.text;
            } else {
                error(v, "the exit of " + q(e.key) +
                             " must be an exit code or a signal name such as \"SIGKILL\", found " +
                             v.typeDescription() + " " + v.quoted());
                continue;
            }
            x.exits.push_back(std::move(ee));
        }
    }

    if (auto it = m.find("cells"); it != m.end() && isObject(it->second->value, "\"cells\"")) {
        for (const JsonMember &c : it->second->value.members) {
            CellExpect ce;
            ce.key = c.key;
            std::string name, index;
            uint64_t k = 0;
            if (!splitIndexed(c.key, &name, &index) || !isName(name) || !parseUnsigned(index, &k)) {
                error(c, "bad cell " + q(c.key) + ": write \"SHM[INDEX]\", such as \"counter[0]\"");
                continue;
            }
            ce.res = m_sc.resourceIndex(name);
            if (ce.res < 0) {
                std::vector<std::string> names;
                for (const ResourceSpec &r : m_sc.resources)
                    if (kindFormat(r.type).cells) names.push_back(r.name);
                error(c, "unknown shm " + q(name) + " in " + q(c.key) + didYouMean(name, names));
                continue;
            }
            const ResourceSpec &r = m_sc.resources[ce.res];
            if (!kindFormat(r.type).cells) {
                error(c, "cell " + q(c.key) + " needs a shm, but " + q(name) + " is a " +
                             resourceTypeName(r.type));
                continue;
            }
            if (const int64_t cells = kindFormat(r.type).cells(r); k >= uint64_t(cells)) {
                error(c, "cell " + q(c.key) + " is outside " + q(name) + " (" +
                             std::to_string(cells) + " cells: 0.." + std::to_string(cells - 1) +
                             ")");
                continue;
            }
            ce.index = int64_t(k);
            const JsonValue &v = c.value;
            if (v.type == JsonValue::Number && v.isInteger) {
                ce.value = v.integer;
            } else if (v.type == JsonValue::Object) {
                ce.exact = false;
                bool good = true;
                const auto bounds = members(v, {"min", "max"}, "in the bounds of " + q(c.key));
                if (bounds.size() != v.members.size()) good = false;
                for (const auto &[bk, bm] : bounds) {
                    int64_t b;
                    if (!getInt(*bm, INT64_MIN, INT64_MAX, &b)) {
                        good = false;
                        continue;
                    }
                    (bk == "min" ? ce.min : ce.max) = b;
                }
                if (good && !ce.min && !ce.max) {
                    error(v,
                          "the bounds of " + q(c.key) + " need \"min\", \"max\" or both, found {}");
                    good = false;
                }
                if (good && ce.min && ce.max && *ce.min > *ce.max) {
                    error(v, "the bounds of " + q(c.key) + " are empty: min " +
                                 std::to_string(*ce.min) + " is over max " +
                                 std::to_string(*ce.max));
                    good = false;
                }
                if (!good) continue;
            } else {
                error(v, "the value of " + q(c.key) +
                             " must be an integer or {\"min\": ..., \"max\": ...}, found " +
                             v.typeDescription() + " " + v.quoted());
                continue;
            }
            x.cells.push_back(std::move(ce));
        }
    }

    if (auto it = m.find("printed"); it != m.end() && isObject(it->second->value, "\"printed\"")) {
        for (const JsonMember &p : it->second->value.members) {
            if (!processKey(p, false)) continue;
            PrintedExpect pe;
            pe.proc = p.key;
            if (p.value.type != JsonValue::Array) {
                error(p.value, "the lines printed by " + q(p.key) +
                                   " must be an array of strings, found " +
                                   p.value.typeDescription() + " " + p.value.quoted());
                continue;
            }
            bool good = true;
            for (const JsonValue &line : p.value.items) {
                if (line.type != JsonValue::String) {
                    error(line, "a printed line must be a string, found " + line.typeDescription() +
                                    " " + line.quoted());
                    good = false;
                } else {
                    pe.lines.push_back(line.text);
                }
            }
            if (good) x.printed.push_back(std::move(pe));
        }
    }

    if (auto it = m.find("deadlock"); it != m.end()) {
        bool b;
        if (getBool(*it->second, &b)) x.deadlock = b;
    }
}

std::optional<Schedule> parseScheduleImpl(const std::string &textIn, const Scenario &scenario,
                                          std::string *error)
{
    const std::string text = trim(textIn);
    Schedule s;
    auto fail = [&](const std::string &message) -> std::optional<Schedule> {
        if (error) *error = message;
        return std::nullopt;
    };
    if (text == "free") {
        s.kind = Schedule::Free;
        return s;
    }
    if (text == "round-robin") {
        s.kind = Schedule::RoundRobin;
        return s;
    }
    if (text == "random" || text.rfind("random:", 0) == 0) {
        const std::string seed = text.size() > 7 ? trim(text.substr(7)) : std::string();
        uint64_t value = 0;
        if (!parseUnsigned(seed, &value))
            return fail("bad schedule " + q(textIn) +
                        ": the seed of \"random:SEED\" must be a non-negative integer" +
                        (seed.empty() ? std::string() : ", found " + q(seed)));
        s.kind = Schedule::Random;
        s.seed = value;
        return s;
    }
    if (text.empty())
        return fail("empty schedule \"\" (write \"free\", \"round-robin\", \"random:SEED\" or "
                    "process names)");
    s.kind = Schedule::List;
    size_t start = 0;
    for (;;) {
        const size_t comma = text.find(',', start);
        const std::string name = trim(
            text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (name.empty()) return fail("empty process name in the schedule " + q(textIn));
        bool found = false;
        for (const Instance &inst : scenario.instances)
            found = found || inst.name == name;
        if (!found) {
            const int p = scenario.processIndex(name);
            if (p >= 0 && scenario.processes[p].hasReplicas)
                return fail("process " + q(name) + " in the schedule has replicas: name one, " +
                            name + "[0].." + name + "[" +
                            std::to_string(scenario.processes[p].count - 1) + "]");
            std::string base, index;
            if (splitIndexed(name, &base, &index)) {
                const int q2 = scenario.processIndex(base);
                if (q2 >= 0 && scenario.processes[q2].hasReplicas)
                    return fail("replica " + q(name) + " in the schedule does not exist (" + base +
                                " has " + std::to_string(scenario.processes[q2].count) +
                                " replicas, " + base + "[0].." + base + "[" +
                                std::to_string(scenario.processes[q2].count - 1) + "])");
            }
            std::vector<std::string> names;
            for (const Instance &inst : scenario.instances)
                names.push_back(inst.name);
            if (names.empty() || text.find(',') != std::string::npos || isName(name) ||
                name.find('[') != std::string::npos)
                return fail("unknown process " + q(name) + " in the schedule" +
                            didYouMean(name, names));
            return fail(
                "bad schedule " + q(textIn) +
                " (write \"free\", \"round-robin\", \"random:SEED\" or a list of process names)");
        }
        s.names.push_back(name);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return s;
}

} // namespace

namespace {
LoadResult tooLarge(const std::string &fileName, uint64_t size)
{
    LoadResult r;
    r.errors.push_back(fileName + ": the file is " + std::to_string(size) +
                       " bytes long, over the " + std::to_string(kMaxScenarioBytes) +
                       " bytes a scenario may have");
    return r;
}
} // namespace

LoadResult loadScenario(const std::string &text, const std::string &fileName,
                        const KernelLimits &limits)
{
    if (text.size() > kMaxScenarioBytes) return tooLarge(fileName, text.size());
    Loader loader(text, fileName, limits);
    return loader.run();
}

LoadResult loadScenarioFile(const std::string &path, const KernelLimits &limits)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        LoadResult r;
        r.errors.push_back(path + ": cannot open the file (" + std::strerror(errno) + ")");
        return r;
    }
    // Never more than the limit and a byte is read: a huge file is refused at once.
    std::string text(kMaxScenarioBytes + 1, '\0');
    in.read(text.data(), std::streamsize(text.size()));
    if (in.bad()) {
        LoadResult r;
        r.errors.push_back(path + ": cannot read the file (" + std::strerror(errno) + ")");
        return r;
    }
    text.resize(size_t(in.gcount()));
    if (text.size() > kMaxScenarioBytes) {
        in.clear();
        in.seekg(0, std::ios::end);
        return tooLarge(path, uint64_t(std::max<std::streamoff>(in.tellg(), 0)));
    }
    return loadScenario(text, path, limits);
}

std::optional<Schedule> parseSchedule(const std::string &text, const Scenario &scenario,
                                      std::string *error)
{
    return parseScheduleImpl(text, scenario, error);
}

} // namespace ipcsim::core
