// A QList for the fields of what the world keeps, compared by value with a defaulted ==.
#pragma once

#include <QList>

#include <utility>

namespace ipcsim::core {

// QList<T> whose == holds for two empty lists. Qt 6.4's QList<int>::operator== hands the two
// lists' data to memcmp even when both are empty, and a list never filled has no data: a null
// pointer, which memcmp must not be given, whatever the length (UBSan stops on it). A state
// emptied (a waiter gone) is then compared with one never filled whenever an item asks
// whether it changed.
template <class T> struct ValueList : QList<T>
{
    using QList<T>::QList;
    ValueList() = default;
    ValueList(const QList<T> &list) : QList<T>(list) {}
    ValueList(QList<T> &&list) : QList<T>(std::move(list)) {}

    friend bool operator==(const ValueList &a, const ValueList &b)
    {
        if (a.size() != b.size()) return false;
        return a.isEmpty() || static_cast<const QList<T> &>(a) == static_cast<const QList<T> &>(b);
    }
};

} // namespace ipcsim::core
