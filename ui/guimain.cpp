#include "guimain.h"
#include "mainwindow.h"
#include "runcontroller.h"
#include "scenariocatalog.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QScreen>
#include <QTimer>
#include <QWindow>
#include <cstdio>

namespace ipcsim::ui {

namespace {

// Saves what the window shows: from the screen when there is one (the real X server under
// xcb), else rendered by the widget itself.
bool saveScreenshot(MainWindow &w, const QString &path)
{
    QPixmap pix;
    if (QGuiApplication::platformName() == QLatin1String("xcb") && w.windowHandle() &&
        w.windowHandle()->screen())
        pix = w.windowHandle()->screen()->grabWindow(w.winId());
    if (pix.isNull()) pix = w.grab();
    return pix.save(path, "PNG");
}

QString defaultScenario()
{
    const QStringList names = ScenarioCatalog::builtinNames();
    if (names.contains(QStringLiteral("pipe-hello")) || names.isEmpty())
        return QStringLiteral("pipe-hello");
    return names.first();
}

} // namespace

int runGui(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("ipcsim"));
    QApplication::setApplicationName(QStringLiteral("ipcsim"));
    QApplication::setApplicationDisplayName(QStringLiteral("ipcsim"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate(
        "ipcsim::ui", "Watch real processes talk through real kernel objects."));
    parser.addHelpOption();
    parser.addPositionalArgument(
        QStringLiteral("scenario"),
        QApplication::translate("ipcsim::ui", "A scenario file, or the name of a built-in one."),
        QStringLiteral("[FILE|NAME]"));
    QCommandLineOption start(QStringLiteral("start"),
                             QApplication::translate("ipcsim::ui", "Start the run at once."));
    QCommandLineOption schedule(
        QStringLiteral("schedule"),
        QApplication::translate("ipcsim::ui", "free, round-robin, random:SEED, or a list p,q,p."),
        QStringLiteral("S"));
    QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QApplication::translate("ipcsim::ui", "Save a picture of the window to FILE and quit (when "
                                              "the run ends, or after --screenshot-delay)."),
        QStringLiteral("FILE"));
    QCommandLineOption shotDelay(
        QStringLiteral("screenshot-delay"),
        QApplication::translate("ipcsim::ui",
                                "Milliseconds after the start to take the screenshot."),
        QStringLiteral("MS"));
    QCommandLineOption presentation(
        QStringLiteral("presentation"),
        QApplication::translate("ipcsim::ui",
                                "Open in presentation mode (full screen, larger text)."));
    QCommandLineOption speed(
        QStringLiteral("speed"),
        QApplication::translate("ipcsim::ui", "0 (slow motion, 2 s per step) to 100 (full speed)."),
        QStringLiteral("PERCENT"));
    QCommandLineOption cpus(
        QStringLiteral("cpus"),
        QApplication::translate("ipcsim::ui",
                                "Run the scenario's processes only on these CPUs (0 or 0,2-3)."),
        QStringLiteral("LIST"));
    parser.addOptions({start, schedule, screenshot, shotDelay, presentation, speed, cpus});
    parser.process(app);

    MainWindow w;
    const QStringList pos = parser.positionalArguments();
    const QString what = pos.isEmpty() ? defaultScenario() : pos.first();
    const bool trace = what.endsWith(QLatin1String(".jsonl"));
    if (trace ? !w.openTrace(what) : !w.openScenario(what)) {
        std::fprintf(stderr, "%s\n", qPrintable(w.lastError()));
        return 2;
    }
    if (parser.isSet(schedule) && !w.setScheduleText(parser.value(schedule))) {
        std::fprintf(stderr, "ipcsim: --schedule: %s\n", qPrintable(w.lastError()));
        return 2;
    }
    if (parser.isSet(cpus) && !w.setCpusText(parser.value(cpus))) {
        std::fprintf(stderr, "ipcsim: --cpus: %s\n", qPrintable(w.lastError()));
        return 2;
    }
    if (parser.isSet(speed)) {
        bool ok = false;
        const int percent = parser.value(speed).toInt(&ok);
        if (!ok || percent < 0 || percent > 100) {
            std::fprintf(stderr, "ipcsim: --speed: a number from 0 to 100, not %s\n",
                         qPrintable(parser.value(speed)));
            return 2;
        }
        w.setSpeedPercent(percent);
    }
    w.show();
    if (parser.isSet(presentation)) w.setPresentationMode(true);

    const QString shotPath = parser.value(screenshot);
    if (!shotPath.isEmpty()) {
        w.setAskBeforeExec(false);
        auto shoot = [&w, &app, shotPath] {
            // The frame's world on screen before the grab: on a real X server the grab reads
            // the screen, where the story may already show an event the diagram draws only at
            // its next frame.
            w.renderFrame();
            w.repaint();
            const bool ok = saveScreenshot(w, shotPath);
            app.exit(ok ? 0 : 1);
        };
        if (parser.isSet(shotDelay)) {
            QTimer::singleShot(parser.value(shotDelay).toInt(), &w, shoot);
        } else {
            QObject::connect(w.controller(), &RunController::finished, &w,
                             [shoot] { QTimer::singleShot(400, shoot); });
            QTimer::singleShot(15000, &w, shoot);
        }
    }
    if (parser.isSet(start) || !shotPath.isEmpty()) QTimer::singleShot(0, &w, [&w] { w.run(); });
    return app.exec();
}

} // namespace ipcsim::ui
