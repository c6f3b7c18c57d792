// The worker's pure logic: integer expressions (precedence is the parser's; here the tree),
// C truncation, overflow and division errors with their line, text used as an integer,
// conditions between text and integers.
#include "worker/evaluator.h"
#include "worker/scripterror.h"

#include <QTest>

#include <limits>

using namespace ipcsim::core;

namespace {

// Builds expression trees by hand, so these tests do not depend on the script parser.
struct Builder
{
    Script script;
    int32_t add(ExprNode n)
    {
        script.exprs.push_back(std::move(n));
        return int32_t(script.exprs.size() - 1);
    }
    int32_t num(int64_t v)
    {
        ExprNode n;
        n.kind = ExprNode::Int;
        n.ival = v;
        return add(n);
    }
    int32_t str(const std::string &t)
    {
        ExprNode n;
        n.kind = ExprNode::Str;
        n.text = t;
        return add(n);
    }
    int32_t reg(int slot)
    {
        ExprNode n;
        n.kind = ExprNode::Reg;
        n.ival = slot;
        return add(n);
    }
    int32_t loop(int slot)
    {
        ExprNode n;
        n.kind = ExprNode::LoopVar;
        n.ival = slot;
        return add(n);
    }
    int32_t index()
    {
        ExprNode n;
        n.kind = ExprNode::Index;
        return add(n);
    }
    int32_t bin(char op, int32_t a, int32_t b)
    {
        ExprNode n;
        n.kind = ExprNode::Binary;
        n.op = op;
        n.a = a;
        n.b = b;
        return add(n);
    }
    int32_t neg(int32_t a)
    {
        ExprNode n;
        n.kind = ExprNode::Neg;
        n.a = a;
        return add(n);
    }
};

QString errorOf(const std::function<void()> &f)
{
    try {
        f();
    } catch (const ScriptError &e) {
        return QString::fromStdString(e.message);
    }
    return QString();
}

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

} // namespace

class TestWorkerLogic : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void arithmeticFollowsTheTree();
    void divisionTruncatesTowardZeroLikeC_data();
    void divisionTruncatesTowardZeroLikeC();
    void divisionByZeroIsAnErrorWithItsLine();
    void overflowIsAnErrorWithItsLine_data();
    void overflowIsAnErrorWithItsLine();
    void decimalTextIsAnInteger();
    void nonDecimalTextInArithmeticIsAnError();
    void unsetRegisterIsAnError();
    void loopCounterAndIndex();
    void textFormOfValues();
    void assignKeepsTextAndIntegers();
    void conditionComparesTextAsText();
    void conditionComparesIntegersWhenOneSideIsAnInteger();
    void orderingNeedsDecimalText();
    void parseDecimalIsStrict_data();
    void parseDecimalIsStrict();
};

void TestWorkerLogic::arithmeticFollowsTheTree()
{
    Builder b;
    // (2 + 3) * -4 - 7 % 3
    const int32_t e = b.bin('-', b.bin('*', b.bin('+', b.num(2), b.num(3)), b.neg(b.num(4))),
                            b.bin('%', b.num(7), b.num(3)));
    Evaluator ev(b.script, 0);
    QCOMPARE(ev.integer(e, 1), int64_t(-21));
}

void TestWorkerLogic::divisionTruncatesTowardZeroLikeC_data()
{
    QTest::addColumn<qint64>("a");
    QTest::addColumn<qint64>("b");
    QTest::addColumn<qint64>("quotient");
    QTest::addColumn<qint64>("remainder");
    QTest::newRow("7/2") << qint64(7) << qint64(2) << qint64(3) << qint64(1);
    QTest::newRow("-7/2") << qint64(-7) << qint64(2) << qint64(-3) << qint64(-1);
    QTest::newRow("7/-2") << qint64(7) << qint64(-2) << qint64(-3) << qint64(1);
    QTest::newRow("-7/-2") << qint64(-7) << qint64(-2) << qint64(3) << qint64(-1);
    QTest::newRow("min%-1") << qint64(kMin) << qint64(-1) << qint64(0) << qint64(0);
}

void TestWorkerLogic::divisionTruncatesTowardZeroLikeC()
{
    QFETCH(qint64, a);
    QFETCH(qint64, b);
    QFETCH(qint64, quotient);
    QFETCH(qint64, remainder);
    Builder bl;
    const int32_t q = bl.bin('/', bl.num(a), bl.num(b));
    const int32_t r = bl.bin('%', bl.num(a), bl.num(b));
    Evaluator ev(bl.script, 0);
    if (!(a == kMin && b == -1)) QCOMPARE(ev.integer(q, 1), quotient);
    QCOMPARE(ev.integer(r, 1), remainder);
}

void TestWorkerLogic::divisionByZeroIsAnErrorWithItsLine()
{
    Builder b;
    const int32_t d = b.bin('/', b.num(5), b.bin('-', b.num(2), b.num(2)));
    const int32_t m = b.bin('%', b.num(5), b.num(0));
    Evaluator ev(b.script, 0);
    QCOMPARE(errorOf([&] { ev.integer(d, 4); }), QStringLiteral("line 4: division by zero"));
    QCOMPARE(errorOf([&] { ev.integer(m, 9); }), QStringLiteral("line 9: division by zero"));
}

void TestWorkerLogic::overflowIsAnErrorWithItsLine_data()
{
    QTest::addColumn<char>("op");
    QTest::addColumn<qint64>("a");
    QTest::addColumn<qint64>("b");
    QTest::newRow("max+1") << '+' << qint64(kMax) << qint64(1);
    QTest::newRow("min-1") << '-' << qint64(kMin) << qint64(1);
    QTest::newRow("max*2") << '*' << qint64(kMax) << qint64(2);
    QTest::newRow("min/-1") << '/' << qint64(kMin) << qint64(-1);
}

void TestWorkerLogic::overflowIsAnErrorWithItsLine()
{
    QFETCH(char, op);
    QFETCH(qint64, a);
    QFETCH(qint64, b);
    Builder bl;
    const int32_t e = bl.bin(op, bl.num(a), bl.num(b));
    Evaluator ev(bl.script, 0);
    const QString msg = errorOf([&] { ev.integer(e, 12); });
    QVERIFY2(msg.startsWith(QStringLiteral("line 12: integer overflow")), qPrintable(msg));
}

void TestWorkerLogic::decimalTextIsAnInteger()
{
    Builder b;
    b.script.regNames = {"chunk"};
    const int32_t e = b.bin('+', b.reg(0), b.str("-5"));
    Evaluator ev(b.script, 0);
    ev.reg(0).setText("42");
    QCOMPARE(ev.integer(e, 1), int64_t(37));
    // Negating the most negative literal's text still overflows.
    const int32_t n = b.neg(b.str("-9223372036854775808"));
    Evaluator ev2(b.script, 0);
    QVERIFY(errorOf([&] { ev2.integer(n, 3); }).startsWith("line 3: integer overflow"));
}

void TestWorkerLogic::nonDecimalTextInArithmeticIsAnError()
{
    Builder b;
    b.script.regNames = {"chunk"};
    const int32_t e = b.bin('*', b.reg(0), b.num(2));
    Evaluator ev(b.script, 0);
    ev.reg(0).setText("4x");
    QCOMPARE(errorOf([&] { ev.integer(e, 7); }),
             QStringLiteral("line 7: chunk holds \"4x\", which is not a decimal integer"));
    ev.reg(0).setText("");
    QCOMPARE(errorOf([&] { ev.integer(e, 7); }),
             QStringLiteral("line 7: chunk holds \"\", which is not a decimal integer"));
    ev.reg(0).setText("12\n");
    QCOMPARE(errorOf([&] { ev.integer(e, 7); }),
             QStringLiteral("line 7: chunk holds \"12\\n\", which is not a decimal integer"));
}

void TestWorkerLogic::unsetRegisterIsAnError()
{
    Builder b;
    b.script.regNames = {"v"};
    const int32_t e = b.reg(0);
    Evaluator ev(b.script, 0);
    QCOMPARE(errorOf([&] { ev.integer(e, 2); }),
             QStringLiteral("line 2: register v is used before anything was stored in it"));
}

void TestWorkerLogic::loopCounterAndIndex()
{
    Builder b;
    b.script.loopSlots = 2;
    const int32_t e =
        b.bin('+', b.bin('*', b.loop(1), b.num(100)), b.bin('*', b.index(), b.num(10)));
    Evaluator ev(b.script, 3);
    ev.loop(0) = 7;
    ev.loop(1) = 2;
    QCOMPARE(ev.integer(e, 1), int64_t(230));
    QCOMPARE(ev.index(), int64_t(3));
}

void TestWorkerLogic::textFormOfValues()
{
    Builder b;
    b.script.regNames = {"m", "n"};
    const int32_t s = b.str("got");
    const int32_t m = b.reg(0);
    const int32_t n = b.reg(1);
    const int32_t x = b.bin('-', b.num(0), b.num(kMax));
    Evaluator ev(b.script, 0);
    ev.reg(0).setText("hello world");
    ev.reg(1).setInt(-17);
    std::string out;
    ev.appendText(s, 1, out);
    out += ' ';
    ev.appendText(m, 1, out);
    out += ' ';
    ev.appendText(n, 1, out);
    out += ' ';
    ev.appendText(x, 1, out);
    QCOMPARE(QString::fromStdString(out),
             QStringLiteral("got hello world -17 -9223372036854775807"));
    Evaluator::NumberBuffer buf;
    QCOMPARE(Evaluator::formatDecimal(kMin, buf), std::string_view("-9223372036854775808"));
}

void TestWorkerLogic::assignKeepsTextAndIntegers()
{
    Builder b;
    b.script.regNames = {"a", "b"};
    const int32_t txt = b.str("12");
    const int32_t sum = b.bin('+', b.str("12"), b.num(1));
    const int32_t self = b.reg(0);
    Evaluator ev(b.script, 0);
    ev.assign(0, txt, 1);
    QCOMPARE(int(ev.reg(0).kind), int(Value::Text));
    QCOMPARE(QString::fromStdString(ev.reg(0).s), QStringLiteral("12"));
    ev.assign(1, sum, 1);
    QCOMPARE(int(ev.reg(1).kind), int(Value::Int));
    QCOMPARE(ev.reg(1).i, int64_t(13));
    ev.assign(0, self, 1); // set a = a
    QCOMPARE(QString::fromStdString(ev.reg(0).s), QStringLiteral("12"));
}

void TestWorkerLogic::conditionComparesTextAsText()
{
    Builder b;
    b.script.regNames = {"chunk"};
    Condition eof{b.reg(0), CmpOp::Eq, b.str("")};
    Condition ne{b.reg(0), CmpOp::Ne, b.str("007")};
    Evaluator ev(b.script, 0);
    ev.reg(0).setText("");
    QVERIFY(ev.condition(eof, 1));
    ev.reg(0).setText("7");
    QVERIFY(!ev.condition(eof, 1));
    QVERIFY(ev.condition(ne, 1)); // as text "7" != "007"
}

void TestWorkerLogic::conditionComparesIntegersWhenOneSideIsAnInteger()
{
    Builder b;
    b.script.regNames = {"m"};
    Condition eq{b.reg(0), CmpOp::Eq, b.num(7)};
    Condition lt{b.reg(0), CmpOp::Lt, b.bin('+', b.num(7), b.num(1))};
    Evaluator ev(b.script, 0);
    ev.reg(0).setText("007");
    QVERIFY(ev.condition(eq, 1)); // as integers 7 == 7
    QVERIFY(ev.condition(lt, 1));
    ev.reg(0).setText("abc");
    const QString msg = errorOf([&] { ev.condition(eq, 5); });
    QVERIFY2(msg.startsWith("line 5: == compares integers, and m holds \"abc\""), qPrintable(msg));
}

void TestWorkerLogic::orderingNeedsDecimalText()
{
    Builder b;
    Condition lt{b.str("10"), CmpOp::Lt, b.str("9")};
    Condition bad{b.str("a"), CmpOp::Lt, b.str("b")};
    Evaluator ev(b.script, 0);
    QVERIFY(!ev.condition(lt, 1)); // numbers, not text order
    QVERIFY(errorOf([&] { ev.condition(bad, 2); }).startsWith("line 2: < compares integers"));
}

void TestWorkerLogic::parseDecimalIsStrict_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<qint64>("value");
    QTest::newRow("zero") << "0" << true << qint64(0);
    QTest::newRow("plus") << "+5" << true << qint64(5);
    QTest::newRow("minus") << "-5" << true << qint64(-5);
    QTest::newRow("max") << "9223372036854775807" << true << qint64(kMax);
    QTest::newRow("min") << "-9223372036854775808" << true << qint64(kMin);
    QTest::newRow("too big") << "9223372036854775808" << false << qint64(0);
    QTest::newRow("empty") << "" << false << qint64(0);
    QTest::newRow("sign only") << "-" << false << qint64(0);
    QTest::newRow("plus minus") << "+-1" << false << qint64(0);
    QTest::newRow("space") << " 1" << false << qint64(0);
    QTest::newRow("trailing") << "1 " << false << qint64(0);
    QTest::newRow("hex") << "0x10" << false << qint64(0);
}

void TestWorkerLogic::parseDecimalIsStrict()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(qint64, value);
    const std::string s = text.toStdString();
    int64_t v = 0;
    QCOMPARE(Evaluator::parseDecimal(s, &v), ok);
    if (ok) QCOMPARE(v, value);
}

QTEST_APPLESS_MAIN(TestWorkerLogic)
#include "tst_workerlogic.moc"
