// Smoke test of the real window on a real X server: ipcsim runs pipe-hello under Xvfb (xcb),
// saves a picture of its window when the run ends, and the picture is not blank.
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

class TestXvfbSmoke : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void realWindowUnderXvfbDrawsTheDiagram();
};

void TestXvfbSmoke::realWindowUnderXvfbDrawsTheDiagram()
{
    const QString xvfbRun = QStandardPaths::findExecutable(QStringLiteral("xvfb-run"));
    if (xvfbRun.isEmpty() || QStandardPaths::findExecutable(QStringLiteral("Xvfb")).isEmpty())
        QSKIP("xvfb-run or Xvfb is not installed");
    const QString bin = qEnvironmentVariable("IPCSIM_BIN");
    QVERIFY2(QFileInfo::exists(bin), "IPCSIM_BIN is not set to the ipcsim executable");

    QTemporaryDir dir;
    const QString shot = dir.filePath(QStringLiteral("window.png"));
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.path()); // leave the user's settings alone
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.start(xvfbRun,
            {QStringLiteral("-a"), QStringLiteral("-s"), QStringLiteral("-screen 0 1600x1000x24"),
             bin, QStringLiteral("pipe-hello"), QStringLiteral("--screenshot"), shot});
    QVERIFY(p.waitForStarted(10000));
    QVERIFY2(p.waitForFinished(90000), "ipcsim under Xvfb did not quit");
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);

    QImage img(shot);
    QVERIFY2(!img.isNull(), "no screenshot was saved");
    QVERIFY(img.width() >= 800 && img.height() >= 500);
    // Not blank: a real window with a diagram, text and docks has many colours.
    QSet<QRgb> colours;
    for (int y = 0; y < img.height(); y += 3)
        for (int x = 0; x < img.width(); x += 3)
            colours.insert(img.pixel(x, y));
    QVERIFY2(colours.size() > 50,
             qPrintable(QStringLiteral("only %1 colours").arg(colours.size())));
}

QTEST_GUILESS_MAIN(TestXvfbSmoke)
#include "tst_xvfbsmoke.moc"
