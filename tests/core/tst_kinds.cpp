// Every kind of object is whole: the registry (core/kinds/kinds.def) gives each kind a part in
// every layer, and each part speaks for every statement the kind's format says it takes. A
// kind added with a part missing fails here, by name, before any run.
#include "engine/kernelobject.h"
#include "model/kindmodel.h"
#include "scenario/kind.h"
#include "story/kindwords.h"
#include "worker/workerobject.h"

#include <QTest>

using namespace ipcsim::core;

class TestKinds : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyKindHasAPartInEveryLayer()
    {
        for (const KindFormat *kind : kindFormats()) {
            QVERIFY2(kindEngine(kind->type).make, kind->name);
            QVERIFY2(kindEngine(kind->type).make() != nullptr, kind->name);
            QVERIFY2(kindWorker(kind->type).make, kind->name);
            QVERIFY2(kindWorker(kind->type).make() != nullptr, kind->name);
            QVERIFY2(kindModel(kind->type).ended, kind->name); // every kind takes statements
            QVERIFY2(kindWords(kind->type).noun && *kindWords(kind->type).noun, kind->name);
        }
    }
    // The narration names the real call behind each statement a kind takes ("sem_wait"), and
    // none behind one it does not.
    void everyStatementOfAKindHasItsRealCall()
    {
        for (const KindFormat *kind : kindFormats()) {
            const KindWords &words = kindWords(kind->type);
            QVERIFY2(words.callName, kind->name);
            for (size_t i = 1; i < size_t(Op::Count_); ++i) {
                const Op op = Op(i);
                const QByteArray what = QByteArray(kind->name) + ' ' + opName(op);
                if (kind->takes(op))
                    QVERIFY2(words.callName(op) && *words.callName(op), what.constData());
                else
                    QVERIFY2(!words.callName(op), what.constData());
            }
        }
        QCOMPARE(QString::fromLatin1(kindWords(ResourceType::MQueue).callName(Op::Send)),
                 QStringLiteral("mq_send"));
        QCOMPARE(QString::fromLatin1(kindWords(ResourceType::Socket).callName(Op::Read)),
                 QStringLiteral("recv"));
        QCOMPARE(QString::fromLatin1(kindWords(ResourceType::Spinlock).callName(Op::Lock)),
                 QStringLiteral("spin_lock"));
    }
};

QTEST_GUILESS_MAIN(TestKinds)
#include "tst_kinds.moc"
