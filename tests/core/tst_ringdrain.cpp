// The telemetry drain (engine/ringdrain.h) on rings laid out as the engine maps them, written
// as a worker writes them (wire::ringPush): the records of every ring come out merged by time,
// a batch at a time, and what a batch leaves stays in its ring, in order, for the next.
#include "engine/ringdrain.h"

#include <QTest>

#include <memory>
#include <new>
#include <utility>
#include <vector>

using namespace ipcsim::core;

namespace {

// One ring in memory of its own, as the engine's memfd holds it.
class Ring
{
public:
    explicit Ring(uint32_t capacity)
        : m_memory(
              static_cast<char *>(::operator new(wire::ringBytes(capacity), std::align_val_t(64))))
    {
        m_header = new (m_memory) wire::RingHeader{};
        m_header->magic = wire::kRingMagic;
        m_header->capacity = capacity;
    }
    ~Ring()
    {
        m_header->~RingHeader();
        ::operator delete(m_memory, std::align_val_t(64));
    }
    Ring(const Ring &) = delete;
    Ring &operator=(const Ring &) = delete;

    bool push(uint64_t tNs, uint32_t seq)
    {
        wire::StepRecord r{};
        r.tNs = tNs;
        r.seq = seq;
        return wire::ringPush(m_header, r);
    }
    wire::RingHeader *header() const { return m_header; }
    uint64_t unread() const { return m_header->head.load() - m_header->tail.load(); }

private:
    char *m_memory;
    wire::RingHeader *m_header;
};

struct Taken
{
    size_t ring;
    uint64_t tNs;
    uint32_t seq;
    bool operator==(const Taken &) const = default;
};

// Drains rings (null: a process without one) with a budget, into taken; emptied counts, by ring,
// the times it was told a ring had nothing left.
struct Drain
{
    std::vector<Ring *> rings;
    std::vector<Taken> taken;
    std::vector<int> emptied;
    bool run(std::ptrdiff_t budget)
    {
        emptied.resize(rings.size());
        return drainRingsByTime(
            rings.size(), [this](size_t i) { return rings[i] ? rings[i]->header() : nullptr; },
            budget,
            [this](size_t i, const wire::StepRecord &r) {
                taken.push_back({i, r.tNs, r.seq});
            },
            [this](size_t i) { ++emptied[i]; });
    }
};

} // namespace

class TestRingDrain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Three rings and a process without one: every record once, in time order; at one time,
    // the lower ring's first; each ring told empty once, after its last record.
    void mergesEveryRingByTime()
    {
        Ring a(64), b(64), c(64);
        for (uint64_t t : {10, 11, 12, 40, 41})
            QVERIFY(a.push(t, uint32_t(t)));
        for (uint64_t t : {5, 20, 40, 50})
            QVERIFY(b.push(t, uint32_t(t)));
        for (uint64_t t : {12, 13})
            QVERIFY(c.push(t, uint32_t(t)));
        Drain d{{&a, nullptr, &b, &c}};
        QVERIFY(!d.run(1000));
        const std::vector<Taken> expected = {{2, 5, 5},   {0, 10, 10}, {0, 11, 11}, {0, 12, 12},
                                             {3, 12, 12}, {3, 13, 13}, {2, 20, 20}, {0, 40, 40},
                                             {2, 40, 40}, {0, 41, 41}, {2, 50, 50}};
        QCOMPARE(d.taken.size(), expected.size());
        for (size_t i = 0; i < expected.size(); ++i)
            QVERIFY2(d.taken[i] == expected[i], qPrintable(QString::number(i)));
        QCOMPARE(d.emptied, std::vector<int>({1, 0, 1, 1}));
        QCOMPARE(a.unread() + b.unread() + c.unread(), uint64_t(0));
        // Nothing new: each ring is told empty again, and nothing is taken.
        QVERIFY(!d.run(1000));
        QCOMPARE(d.taken.size(), expected.size());
        QCOMPARE(d.emptied, std::vector<int>({2, 0, 2, 2}));
    }

    // A batch takes its budget and leaves the rest in the rings, where the next batch finds it:
    // batch after batch, the same order as one drain of everything.
    void aBudgetLeavesTheRestInOrder()
    {
        Ring a(64), b(64);
        for (uint32_t i = 0; i < 30; ++i) {
            QVERIFY(a.push(100 + 3 * i, i));
            QVERIFY(b.push(101 + 2 * i, 100 + i));
        }
        Drain d{{&a, &b}};
        int batches = 0;
        bool more = true;
        while (more) {
            const size_t before = d.taken.size();
            more = d.run(7);
            QVERIFY(d.taken.size() - before <= 7);
            QCOMPARE(a.unread() + b.unread(), uint64_t(60 - d.taken.size()));
            QVERIFY(++batches < 20);
        }
        QCOMPARE(d.taken.size(), size_t(60));
        for (size_t i = 1; i < d.taken.size(); ++i) // by time, then ring (103 is in both)
            QVERIFY2(std::pair(d.taken[i - 1].tNs, d.taken[i - 1].ring) <
                         std::pair(d.taken[i].tNs, d.taken[i].ring),
                     qPrintable(QString::number(i)));
    }

    // The ring is a circle: records written past its end, after a drain, come out in order.
    void readsRecordsAroundTheRingsEnd()
    {
        Ring a(8);
        Drain d{{&a}};
        uint64_t t = 1;
        for (int round = 0; round < 5; ++round) {
            for (int k = 0; k < 6; ++k) {
                QVERIFY(a.push(t, uint32_t(t)));
                ++t;
            }
            QVERIFY(!d.run(100));
        }
        QCOMPARE(d.taken.size(), size_t(30));
        for (size_t i = 0; i < d.taken.size(); ++i)
            QCOMPARE(d.taken[i].tNs, uint64_t(i + 1));
    }

    // A worker goes on writing while the engine drains: what it writes after the drain began
    // is the next drain's, never lost, never taken out of order.
    void recordsWrittenDuringADrainWaitForTheNext()
    {
        Ring a(64), b(64);
        QVERIFY(a.push(1, 1));
        QVERIFY(b.push(2, 2));
        Drain d{{&a, &b}};
        const bool more = drainRingsByTime(
            2, [&](size_t i) { return (i ? b : a).header(); }, 100,
            [&](size_t i, const wire::StepRecord &r) {
                d.taken.push_back({i, r.tNs, r.seq});
                if (r.seq == 1) QVERIFY(a.push(3, 3));
            },
            [](size_t) {});
        QVERIFY(!more);
        QCOMPARE(d.taken.size(), size_t(2));
        QCOMPARE(a.unread(), uint64_t(1));
        QVERIFY(!d.run(100));
        QCOMPARE(d.taken.size(), size_t(3));
        QVERIFY(d.taken.back() == (Taken{0, 3, 3}));
    }

    // A drain is a cut at one moment, so that nothing comes out before what caused it. The
    // rings are read one after the other: while the engine was between them, process 0 wrote
    // its unlock's record (in its ring, read already) and unlocked, and process 1 took the lock
    // and wrote that (in its ring, read next). The lock must not come out alone: the causal
    // order would find the mutex free and tell process 1 the lock before 0's unlock, and 1's
    // load of what 0 stored before 0's store ("producer[0] loaded 14 from c[0] before it was
    // stored", once in a few hundred runs on a loaded machine). Both were stamped after the
    // drain began: both are the next drain's, in their order.
    void recordsStampedAfterTheDrainBeganWaitForTheNext()
    {
        Ring holder(64), taker(64);
        QVERIFY(holder.push(1, 1)); // the holder's lock and store, long before
        uint64_t unlockNs = 0, lockNs = 0;
        bool pushed = false;
        Drain d{{&holder, &taker}};
        const bool more = drainRingsByTime(
            2,
            [&](size_t i) {
                if (i == 1) {
                    unlockNs = wire::clockNs();
                    pushed = holder.push(unlockNs, 2);
                    lockNs = wire::clockNs();
                    pushed = pushed && taker.push(lockNs, 3);
                }
                return (i ? taker : holder).header();
            },
            100,
            [&](size_t i, const wire::StepRecord &r) {
                d.taken.push_back({i, r.tNs, r.seq});
            },
            [](size_t) {});
        QVERIFY(pushed);
        QVERIFY(!more); // what the cut leaves is not a batch's worth: no need to go again at once
        QCOMPARE(d.taken.size(), size_t(1));
        QVERIFY(d.taken[0] == (Taken{0, 1, 1}));
        QCOMPARE(taker.unread(), uint64_t(1));
        QVERIFY(!d.run(100));
        QCOMPARE(d.taken.size(), size_t(3));
        QVERIFY(d.taken[1] == (Taken{0, unlockNs, 2}));
        QVERIFY(d.taken[2] == (Taken{1, lockNs, 3}));
    }

    // More processes than the drain keeps on its stack (16): each ring still merged.
    void mergesManyRings()
    {
        std::vector<std::unique_ptr<Ring>> rings;
        Drain d;
        for (uint32_t i = 0; i < 40; ++i) {
            rings.push_back(std::make_unique<Ring>(16));
            for (uint32_t k = 0; k < 3; ++k)
                QVERIFY(rings.back()->push(1000 * k + (39 - i), k));
            d.rings.push_back(rings.back().get());
        }
        QVERIFY(!d.run(1000));
        QCOMPARE(d.taken.size(), size_t(120));
        for (size_t i = 0; i < d.taken.size(); ++i) {
            const uint32_t k = uint32_t(i / 40);
            QCOMPARE(d.taken[i].seq, k);
            QCOMPARE(d.taken[i].ring, size_t(39 - i % 40));
        }
        QCOMPARE(d.emptied, std::vector<int>(40, 1));
    }
};

QTEST_APPLESS_MAIN(TestRingDrain)
#include "tst_ringdrain.moc"
