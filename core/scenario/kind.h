// What a kind of object is in a scenario file: its name, its options (how each is read and
// checked), the statements that take it, and the checks that need all of its kind at once.
// Each kind describes itself in core/kinds/<module>/format.cpp; the loader, the script parser
// and the reference's test ask it here instead of switching on its type. The other layers
// (worker, engine, model, story, window) have their own parts of a kind, next to it.
#pragma once

#include "scenario/image.h"
#include "scenario/kernellimits.h"
#include "scenario/scenario.h"
#include "scenario/script.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ipcsim::core {

struct ResourceUse;           // ipc/sessionlayout.h
enum class EndRole : uint8_t; // ipc/sessionlayout.h

// One option's value as the file gives it, read by the loader's rules. Each reader refuses
// what it cannot take (with a message at the value) and returns false.
class OptionValue
{
public:
    virtual bool integer(int64_t lo, int64_t hi, int64_t *out) = 0;
    virtual bool boolean(bool *out) = 0;
    virtual bool text(std::string *out) = 0;
    // Refuses the value with this message; returns false.
    virtual bool refuse(const std::string &message) = 0;
    virtual std::string key() const = 0;
    virtual std::string quoted() const = 0; // as written in the file
    virtual const KernelLimits &limits() const = 0;
    // Whether the value is a list ([1, 0, 1]), and its integers, each from lo up to a limit
    // (refused at the item that is not); a list holds one at least.
    virtual bool isList() const = 0;
    virtual bool integersUpTo(int64_t lo, int64_t most, const std::string &limit,
                              std::vector<int64_t> *out) = 0;
    // Whether the resource gives this key too.
    virtual bool given(std::string_view key) const = 0;
    // An integer from lo up to a limit, refused over it as "KEY VALUE is over " + limit
    // ("the kernel limit msg_max = 10 (/proc/sys/fs/mqueue/msg_max)").
    bool integerUpTo(int64_t lo, int64_t most, const std::string &limit, int64_t *out);

protected:
    ~OptionValue() = default;
};

struct KindOption
{
    const char *key; // besides "name" and "type"
    bool (*read)(OptionValue &value, ResourceSpec &into);
    bool required = false;
};

// Refuses what the scenario's objects of a kind cannot be together (the message queues'
// byte budget): a message at resource i's key (its name when the key is null or absent).
class KindCheck
{
public:
    virtual void refuse(int resource, const char *key, const std::string &message) = 0;
    virtual const KernelLimits &limits() const = 0;

protected:
    ~KindCheck() = default;
};

struct KindFormat
{
    ResourceType type;
    const char *name; // "pipe", as the file writes its type
    std::span<const KindOption> options;
    // Sets the defaults of its options that are the kernel's (a System V queue's bytes: the
    // kernel's msgmnb), before the file's options are read; null: none.
    void (*defaults)(ResourceSpec &into, const KernelLimits &limits) = nullptr;
    // How what its options set goes into the scenario's image, which the workers read (the
    // kind's Settings, or its family's); null: it has none.
    const SettingsImage *settings = nullptr;
    std::span<const Op> statements; // the statements that take it as their object
    bool standardStream = false;    // an exec process's stdin, stdout or stderr may be one
    // Numbered cells (load, store, "expect": "cells"): how many one has; null: it has none.
    int64_t (*cells)(const ResourceSpec &) = nullptr;
    bool messages = false;     // holds whole messages with priorities (send, receive)
    bool messageTypes = false; // its messages have System V types (send ... type T)
    // A set of numbered members, which its statements name, several in one call
    // (wait S[0], S[1]): how many one has; null: it has none.
    int64_t (*members)(const ResourceSpec &) = nullptr;
    // The longest name its kernel object can have, with ipcsim's prefix; 0: NAME_MAX's.
    size_t (*longestName)(const ResourceSpec &) = nullptr;
    const char *longestNameWhy = nullptr; // what bounds it, for the message
    // The descriptors a script process inherits for one, by what its script does with it (a
    // pipe's read end to a reader; ipc/sessionlayout.h, fdPlan); null: none, it opens its own.
    void (*inherited)(const ResourceSpec &, const ResourceUse &, std::vector<EndRole> *) = nullptr;
    // What is wrong with a statement on one of its kind that the statement takes ("priority"
    // on a socket), or an empty string; null: nothing.
    std::string (*statementFault)(const ResourceSpec &, const Stmt &) = nullptr;
    // Checks the scenario's resources of this kind together (it is given all of them, of
    // every kind, so that indices are the scenario's); null: nothing to check.
    void (*checkAll)(std::span<const ResourceSpec> resources, KindCheck &check) = nullptr;

    bool takes(Op op) const;
    const KindOption *option(std::string_view key) const;
};

// Every kind, in ResourceType order (core/kinds/kinds.def).
std::span<const KindFormat *const> kindFormats();
const KindFormat &kindFormat(ResourceType type);
const KindFormat *kindNamed(std::string_view name);
// "a pipe, fifo, socket or file": the kinds a statement takes, as a message says them.
std::string kindsTaking(Op op);

} // namespace ipcsim::core
