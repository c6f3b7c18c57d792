// The entry point of the window module (libipcsim_gui.so), which ipcsim loads only to open
// the window.
#include "guimain.h"

extern "C" __attribute__((visibility("default"))) int ipcsim_run_gui(int argc, char **argv)
{
    return ipcsim::ui::runGui(argc, argv);
}
