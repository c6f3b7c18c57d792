// What one worker holds of one resource: its descriptors, mapped cells, queue, sync slot and
// socket address, resolved once at startup so a step only indexes a vector.
#pragma once

#include "ipc/wire.h"
#include "scenario/scenario.h"

#include <cstdint>
#include <mqueue.h>
#include <string>
#include <sys/socket.h>
#include <sys/types.h>

namespace ipcsim::core {

struct ResourceHandle
{
    const ResourceSpec *spec = nullptr;
    bool used = false; // the script names it (nothing is opened otherwise)

    // pipe: the inherited ends; fifo: opened at first use; file: both are the one descriptor
    // (opened O_APPEND); datagram socket: readFd is the inherited bound socket.
    int readFd = -1;
    int writeFd = -1;
    off_t readOffset = 0; // file: this process's own read position (writes append)
    std::string path;     // fifo

    // stream socket
    int listenFd = -1; // inherited, when the script accepts
    int connFd = -1;   // the current connection (accept or connect)
    // datagram socket: an unbound socket that sends to the bound address
    int sendFd = -1;
    sockaddr_storage addr{};
    socklen_t addrLen = 0;

    // shm
    volatile int64_t *cells = nullptr;
    int64_t cellCount = 0;

    // mqueue
    mqd_t mq = mqd_t(-1);
    size_t msgSize = 0;

    // semaphore, mutex, spinlock, barrier
    wire::SyncSlot *slot = nullptr;
};

} // namespace ipcsim::core
