// What a System V queue shares with a POSIX one in the world: its messages, from the reported
// sends and receives, in the order the kernel delivers them.
#pragma once

#include "model/kindmodel.h"

namespace ipcsim::core::kinds::mqueue {

enum class Order : quint8
{
    ByPriority, // a POSIX queue: the highest priority first, FIFO within one
    Fifo        // a System V queue: oldest first (a receive by type picks among them)
};
// A send or receive on one ended: the message in or out (the one with its text and its
// priority, or type), the bytes, the receiver's register.
void messageEnded(const StepEnded &step, Order order);
// The messages the kernel held at the end, in its order, each with its sender as told.
void finalMessages(ResourceState &r, const KernelFinal &kernel);

} // namespace ipcsim::core::kinds::mqueue
