// What the window's tests share: a window on a classroom's projector, and a run of its lesson
// to the end.
#pragma once

#include "mainwindow.h"
#include "runcontroller.h"

#include <QElapsedTimer>
#include <QString>
#include <QTest>

namespace ipcsim::test {

// Presentation mode, full screen on a 1024 x 768 projector (the test's screen has its own
// size).
inline void showOnProjector(ui::MainWindow &w)
{
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.setPresentationMode(true);
    w.showNormal();
    w.setGeometry(0, 0, 1024, 768);
}

// Whether the window's run ends within ms, the window's events served meanwhile.
inline bool waitFinished(ui::MainWindow &w, int ms)
{
    using Status = ui::RunController::Status;
    QElapsedTimer t;
    t.start();
    while (w.controller()->status() != Status::Finished && t.elapsed() < ms)
        QTest::qWait(20);
    return w.controller()->status() == Status::Finished;
}

// Opens a built-in scenario and runs it at full speed to its end.
inline bool runToEnd(ui::MainWindow &w, const QString &name) // empty: the one open
{
    if (!name.isEmpty() && !w.openScenario(name)) return false;
    w.setSpeedPercent(100);
    w.run();
    return waitFinished(w, 30000);
}

} // namespace ipcsim::test
