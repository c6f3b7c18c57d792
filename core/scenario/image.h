// A loaded scenario's image: the engine writes it into the session folder, and each worker
// reads its script from it. The loader parsed and checked the file once; a worker only copies
// back what it holds (no JSON, no checks, no suggestions), however long the file was.
//
// The image is the engine's and its workers', built from the same sources: it has no version
// beyond its magic and is never kept. It holds what a run needs: the file's name, the
// schedule, the resources with their kind's settings, the processes with their parsed scripts
// and the instances; not the JSON text, the scripts' text, the lesson or the expectations.
#pragma once

#include "scenario/scenario.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

namespace ipcsim::core {

std::string imageOf(const Scenario &scenario);
// False, with a message, when the bytes are not a whole image.
bool readImage(std::string_view bytes, Scenario *out, std::string *error);

// The bytes of an image. An integer is a varint (LEB128 of its zigzag form): most of a script's
// numbers, indices and flags take one byte.
class ImageWriter
{
public:
    void integer(int64_t v);
    void text(const std::string &s);
    template <class T> void put(const T &v)
    {
        if constexpr (std::is_same_v<T, std::string>)
            text(v);
        else if constexpr (requires { v.begin(); }) {
            integer(int64_t(v.size()));
            for (const auto &item : v)
                put(item);
        } else
            integer(int64_t(v)); // integers, bools and enums
    }
    std::string take() { return std::move(m_out); }

private:
    void raw(const void *p, size_t n) { m_out.append(static_cast<const char *>(p), n); }
    std::string m_out;
};

// Reads what ImageWriter wrote; once a read runs past the end, every later one fails too.
class ImageReader
{
public:
    explicit ImageReader(std::string_view bytes) : m_in(bytes) {}
    bool integer(int64_t *v);
    bool text(std::string *s);
    // A list's length: an item takes one byte at least, so one over what is left is damage.
    bool count(size_t *n);
    template <class T> bool get(T *v)
    {
        if constexpr (std::is_same_v<T, std::string>)
            return text(v);
        else if constexpr (requires { v->push_back(typename T::value_type{}); }) {
            size_t n = 0;
            if (!count(&n)) return false;
            v->resize(n);
            for (auto &item : *v)
                if (!get(&item)) return false;
            return true;
        } else {
            int64_t raw = 0;
            if (!integer(&raw)) return false;
            *v = T(raw);
            return true;
        }
    }
    bool atEnd() const { return m_ok && m_in.empty(); }

private:
    bool fail()
    {
        m_ok = false;
        return false;
    }
    std::string_view m_in;
    bool m_ok = true;
};

// How a kind's settings (core/kinds/<module>/settings.h) go into an image and back. A kind
// whose Settings names its fields, as `friend auto fields(auto &s) { return std::tie(...); }`,
// gives its format `.settings = &settingsImage<Settings>`.
struct SettingsImage
{
    void (*write)(ImageWriter &, const KindData &);
    bool (*read)(ImageReader &, KindData &);
};

// Whether it holds them (a spec whose file gave none of its options holds none), then each field.
template <class T>
constexpr SettingsImage settingsImage = {
    [](ImageWriter &w, const KindData &own) {
        w.put(own.holds<T>());
        if (own.holds<T>())
            std::apply([&w](const auto &...f) { (w.put(f), ...); }, fields(own.get<T>()));
    },
    [](ImageReader &r, KindData &own) {
        bool held = false;
        if (!r.get(&held)) return false;
        return !held ||
               std::apply([&r](auto &...f) { return (r.get(&f) && ...); }, fields(own.get<T>()));
    },
};

} // namespace ipcsim::core
