// Entry point of the window: creates the QApplication, reads `ipcsim [FILE|NAME] [--start]
// [--schedule S]`, opens the scenario and runs the event loop.
#pragma once

namespace ipcsim::ui {
int runGui(int argc, char **argv);
}
