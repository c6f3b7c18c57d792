// Who could wake a process asleep on an object: each kind's rule for the wait-for graph
// (engine/kernelobject.h, KindEngine), from made-up sleepers and other processes. No process
// is started: tst_engine finds the deadlocks these rules make on real runs.
#include "engine/kernelobject.h"
#include "kinds/socket/settings.h"

#include <QTest>

using namespace ipcsim::core;

namespace {

using kinds::socket::SocketKind;

ResourceSpec spec(ResourceType type, SocketKind kind = SocketKind::Stream)
{
    ResourceSpec r;
    r.type = type;
    r.own.get<kinds::socket::Settings>().kind = kind;
    return r;
}

Other other(void (*set)(Other &))
{
    Other o;
    o.instance = 1;
    set(o);
    return o;
}

bool wakes(const ResourceSpec &r, Op asleepIn, const Other &o)
{
    const KindEngine &kind = kindEngine(r.type);
    return kind.couldWake && kind.couldWake(Sleeper{0, asleepIn, r}, o);
}

const Other writer = other([](Other &o) { o.use.writes = o.use.any = true; });
const Other reader = other([](Other &o) { o.use.reads = o.use.any = true; });
const Other programWriting = other([](Other &o) { o.execWrites = true; });
const Other programReading = other([](Other &o) { o.execReads = true; });
const Other connecting = other([](Other &o) { o.use.connects = o.use.any = true; });
const Other accepting = other([](Other &o) { o.use.accepts = o.use.any = true; });
const Other poster = other([](Other &o) { o.use.posts = o.use.any = true; });
const Other bystander = other([](Other &) {});

} // namespace

class TestWaitGraph : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // A reader waits for a writer, a writer for room a reader makes, on every channel; a
    // program's standard streams count as its reads and writes.
    void aChannelsSleeperIsWokenByTheOtherEnd()
    {
        for (ResourceType t :
             {ResourceType::Pipe, ResourceType::Fifo, ResourceType::MQueue, ResourceType::Socket}) {
            const ResourceSpec r = spec(t);
            const Op in = t == ResourceType::MQueue ? Op::Receive : Op::Read;
            const Op out = t == ResourceType::MQueue ? Op::Send : Op::Write;
            QVERIFY2(wakes(r, in, writer), resourceTypeName(t));
            QVERIFY2(wakes(r, in, programWriting), resourceTypeName(t));
            QVERIFY2(!wakes(r, in, reader), resourceTypeName(t));
            QVERIFY2(wakes(r, out, reader), resourceTypeName(t));
            QVERIFY2(wakes(r, out, programReading), resourceTypeName(t));
            QVERIFY2(!wakes(r, out, writer), resourceTypeName(t));
            QVERIFY2(!wakes(r, in, bystander), resourceTypeName(t));
        }
        // A program asleep in its system call on its stdin (Op::None) waits for data.
        QVERIFY(wakes(spec(ResourceType::Pipe), Op::None, writer));
    }
    void acceptAndConnectWakeEachOther()
    {
        const ResourceSpec r = spec(ResourceType::Socket);
        QVERIFY(wakes(r, Op::Accept, connecting));
        QVERIFY(!wakes(r, Op::Accept, accepting));
        QVERIFY(!wakes(r, Op::Accept, writer));
        QVERIFY(wakes(r, Op::Connect, accepting));
        QVERIFY(!wakes(r, Op::Connect, connecting));
    }
    // On a stream socket the peer wakes a receiver by closing or exiting too (EOF), whatever
    // its script writes; not on a datagram socket, nor on a pipe.
    void aStreamPeerWakesAReceiverByClosing()
    {
        QVERIFY(wakes(spec(ResourceType::Socket), Op::Read, accepting));
        QVERIFY(wakes(spec(ResourceType::Socket), Op::Receive, connecting));
        QVERIFY(!wakes(spec(ResourceType::Socket, SocketKind::Datagram), Op::Read, accepting));
        QVERIFY(!wakes(spec(ResourceType::Pipe), Op::Read, accepting));
    }
    void aSemaphoreWaiterIsWokenByAnyoneWhoPosts()
    {
        const ResourceSpec r = spec(ResourceType::Semaphore);
        QVERIFY(wakes(r, Op::Wait, poster));
        QVERIFY(!wakes(r, Op::Wait, writer));
        QVERIFY(!wakes(r, Op::Wait, bystander));
    }
    // The others who use the barrier and have not arrived yet; one asleep in it already
    // cannot come again.
    void aBarrierWaiterIsWokenByThoseNotYetThere()
    {
        const ResourceSpec r = spec(ResourceType::Barrier);
        Other coming = other([](Other &o) { o.use.any = true; });
        QVERIFY(wakes(r, Op::Arrive, coming));
        coming.asleepHere = true;
        QVERIFY(!wakes(r, Op::Arrive, coming));
        QVERIFY(!wakes(r, Op::Arrive, bystander));
    }
    // A lock is let go by its holder only, whoever else uses it; shared memory wakes nobody.
    void aLockIsLetGoByItsHolderOnly()
    {
        for (ResourceType t : {ResourceType::Mutex, ResourceType::Spinlock, ResourceType::File}) {
            QVERIFY2(kindEngine(t).holderWakes, resourceTypeName(t));
            if (t != ResourceType::File) QVERIFY2(!kindEngine(t).couldWake, resourceTypeName(t));
        }
        QVERIFY(!kindEngine(ResourceType::Semaphore).holderWakes);
        QVERIFY(!kindEngine(ResourceType::Shm).holderWakes);
        QVERIFY(!kindEngine(ResourceType::Shm).couldWake);
    }
};

QTEST_GUILESS_MAIN(TestWaitGraph)
#include "tst_waitgraph.moc"
