// The reducer (WorldModel): what the window and the CLI show is what it makes of the events.
#include "testsupport.h"

#include "ipc/wire.h"
#include "kinds/mqueue/state.h"
#include "story/narrator.h"

#include <QTest>

using namespace ipcsim;
using namespace ipcsim::core;

class TestWorldModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // A receiver woken by a send can report its receive before the sender reports the send.
    // The message must not stay drawn in the queue.
    void receiveReportedBeforeItsSendLeavesTheQueueEmpty()
    {
        const auto sc = test::scenarioFromJson(
            "{\"format\": 1, \"title\": \"q\", \"resources\": [{\"name\": \"q\", \"type\": "
            "\"mqueue\"}], \"processes\": [{\"name\": \"s\", \"script\": \"send q \\\"hi\\\" "
            "priority 2\\n\"}, {\"name\": \"r\", \"script\": \"receive q -> m\\n\"}]}");
        QVERIFY(sc);
        WorldModel model(*sc);
        Event receive;
        receive.kind = Event::Step;
        receive.phase = Phase::End;
        receive.proc = 1;
        receive.line = 1;
        receive.op = Op::Receive;
        receive.res = 0;
        receive.setRecord(2, 2); // 2 bytes, priority 2
        receive.text = "hi";
        Event send = receive;
        send.proc = 0;
        send.op = Op::Send;
        model.apply(receive);
        model.apply(send);
        QVERIFY(kinds::mqueue::stateOf(model.state().resources.at(0)).messages.isEmpty());
        // In the usual order too.
        model.apply(send);
        QCOMPARE(kinds::mqueue::stateOf(model.state().resources.at(0)).messages.size(), 1);
        model.apply(receive);
        QVERIFY(kinds::mqueue::stateOf(model.state().resources.at(0)).messages.isEmpty());
    }

    // The engine counts the records a worker's ring lost (Event::records, read from the ring):
    // the story says that count, in the sentence and in the log's line.
    void theStoryTellsHowManyRecordsWereLost()
    {
        const auto sc = test::scenarioFromJson(
            "{\"format\": 1, \"title\": \"d\", \"resources\": [], \"processes\": "
            "[{\"name\": \"adder\", \"script\": \"print 1\\n\"}]}");
        QVERIFY(sc);
        WorldModel model(*sc);
        Event dropped;
        dropped.kind = Event::Dropped;
        dropped.proc = 0;
        dropped.records = 513;
        const QString told = Narrator::describe(dropped, model.state());
        QVERIFY2(told.startsWith(QStringLiteral("513 telemetry records of adder were lost")),
                 qPrintable(told));
        QVERIFY(Narrator::logLine(dropped, model.state()).contains(QStringLiteral("dropped 513")));
    }

    void queueDrawnEmptyAfterARealRunOfManyMessages()
    {
        const auto sc = test::scenarioFromJson(
            "{\"format\": 1, \"title\": \"q\", \"resources\": [{\"name\": \"q\", \"type\": "
            "\"mqueue\", \"max_messages\": 4}], \"processes\": [{\"name\": \"s\", \"script\": "
            "\"repeat 300:\\n    send q \\\"m\\\" priority $i % 3\\n\"}, {\"name\": \"r\", "
            "\"script\": \"repeat 300:\\n    receive q -> m\\n\"}]}");
        QVERIFY(sc);
        for (int i = 0; i < 5; ++i) {
            const test::Run run = test::runToEnd(*sc);
            QCOMPARE(run.result.end, RunResult::End::Completed);
            QVERIFY2(
                kinds::mqueue::stateOf(run.world.resources.at(0)).messages.isEmpty(),
                qPrintable(
                    QStringLiteral("%1 messages left")
                        .arg(kinds::mqueue::stateOf(run.world.resources.at(0)).messages.size())));
        }
    }
};

QTEST_GUILESS_MAIN(TestWorldModel)
#include "tst_worldmodel.moc"
