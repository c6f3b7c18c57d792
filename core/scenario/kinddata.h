// What one kind of object keeps that no other kind has: its settings in a ResourceSpec, its
// state in a ResourceState. The kind declares them in its own module (core/kinds/<module>/
// settings.h and state.h), so that adding a kind edits neither ResourceSpec nor ResourceState:
// this holder keeps one value of the kind's type and copies it with what holds it.
#pragma once

#include <memory>

namespace ipcsim::core {

class KindData
{
public:
    KindData() = default;
    KindData(const KindData &other) : m_held(other.m_held ? other.m_held->clone() : nullptr) {}
    KindData &operator=(const KindData &other)
    {
        if (this != &other) m_held = other.m_held ? other.m_held->clone() : nullptr;
        return *this;
    }
    KindData(KindData &&) noexcept = default;
    KindData &operator=(KindData &&) noexcept = default;
    ~KindData() = default;

    // The T it holds, made with T's defaults on first use (in place of another type's).
    template <class T> T &get()
    {
        if (auto *held = dynamic_cast<Held<T> *>(m_held.get())) return held->value;
        auto made = std::make_unique<Held<T>>();
        T &value = made->value;
        m_held = std::move(made);
        return value;
    }
    // The T it holds, or T's defaults when it holds none.
    template <class T> const T &get() const
    {
        if (const auto *held = dynamic_cast<const Held<T> *>(m_held.get())) return held->value;
        static const T defaults{};
        return defaults;
    }

    // Whether it holds a T (a spec whose file gave none of its kind's options holds none).
    template <class T> bool holds() const { return dynamic_cast<const Held<T> *>(m_held.get()); }

    // The same type, with equal values, by its == or its fields (scenario/image.h); a type
    // with neither is never equal (the item redraws).
    friend bool operator==(const KindData &a, const KindData &b)
    {
        if (!a.m_held || !b.m_held) return !a.m_held && !b.m_held;
        return a.m_held->equals(*b.m_held);
    }

private:
    struct Base
    {
        virtual ~Base() = default;
        virtual std::unique_ptr<Base> clone() const = 0;
        virtual bool equals(const Base &other) const = 0;
    };
    template <class T> struct Held final : Base
    {
        T value{};
        std::unique_ptr<Base> clone() const override { return std::make_unique<Held>(*this); }
        bool equals(const Base &other) const override
        {
            const auto *same = dynamic_cast<const Held *>(&other);
            if constexpr (requires(const T &v) { v == v; })
                return same && same->value == value;
            else if constexpr (requires(const T &v) { fields(v) == fields(v); })
                return same && fields(same->value) == fields(value);
            else
                return false;
        }
    };
    std::unique_ptr<Base> m_held;
};

// The accessors of what a kind keeps of its own, one line in its module. Settings are only
// read (T's defaults when the spec holds none): `inline constexpr SettingsOf<Settings>
// settingsOf{};` gives settingsOf(spec). A state is read, or on a state that may change, made:
// `inline constexpr StateOf<State> stateOf{};` gives stateOf(resourceState).
template <class T> struct SettingsOf
{
    const T &operator()(const auto &holder) const { return holder.own.template get<T>(); }
};
template <class T> struct StateOf
{
    const T &operator()(const auto &holder) const { return holder.own.template get<T>(); }
    T &operator()(auto &holder) const { return holder.own.template get<T>(); }
};

} // namespace ipcsim::core
