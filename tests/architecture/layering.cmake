# The layers of DESIGN.md, kept by the includes: every rule below names a folder, the headers
# its files must not include, and why. Run by ctest (architecture/layering) with
# -DSOURCE_DIR=<the project's root>; fails naming each file, line and include that breaks one.
#
#   rule(<folder> <regex of forbidden includes> <exception regex or ""> <why>)

set(failures "")

function(rule folder forbidden allowed why)
  if(folder MATCHES "\\*")
    # A part of every kind's module: core/kinds/*/format names core/kinds/<module>/format.{cpp,h}.
    file(GLOB files "${SOURCE_DIR}/${folder}.cpp" "${SOURCE_DIR}/${folder}.h")
  else()
    file(GLOB_RECURSE files "${SOURCE_DIR}/${folder}/*.cpp" "${SOURCE_DIR}/${folder}/*.h")
  endif()
  foreach(f ${files})
    file(STRINGS "${f}" lines REGEX "^#include \"")
    file(RELATIVE_PATH rel "${SOURCE_DIR}" "${f}")
    foreach(line ${lines})
      string(REGEX MATCH "\"([^\"]+)\"" _ "${line}")
      set(header "${CMAKE_MATCH_1}")
      if(header MATCHES "${forbidden}" AND (allowed STREQUAL "" OR NOT header MATCHES "${allowed}"))
        string(APPEND failures "${rel}: includes ${header}: ${why}\n")
      endif()
    endforeach()
  endforeach()
  set(failures "${failures}" PARENT_SCOPE)
endfunction()

set(wire "^ipc/wire\\.h$")
set(why_wire "the worker's record format is the engine's to read (engine/stepevent.cpp turns it into events)")
rule(core/model "${wire}" "" "${why_wire}")
rule(core/story "${wire}" "" "${why_wire}")
rule(core/trace "${wire}" "" "${why_wire}")
rule(ui "^(ipc|worker|probe)/" "" "the window reads the run through the session and the model only")
rule(ui "^engine/" "^engine/(session|runresult)\\.h$"
     "the window uses the engine through its public API (engine/session.h, engine/runresult.h)")
# (The names of signals and errnos live with the traces, which write them; the model's
# expectations use them too.)
rule(core/model "^(engine|ui|story|trace)/" "^(engine/runresult|trace/tracenames)\\.h$"
     "the model is below the engine, the story, the traces and the window")
rule(core/scenario "^(engine|model|story|trace|worker|probe)/|^Q" ""
     "the scenario format is plain C++ the worker links")
rule(core/kinds/*/format "^(engine|model|story|trace|worker|probe|ui)/|^Q" ""
     "a kind's format part is the scenario format's: plain C++ the worker links")
rule(core/worker "^(engine|model|story|trace|probe|ui)/|^Q" ""
     "the worker is plain C++ on the scenario format and the wire: it must start fast")
rule(core/kinds/*/worker "^(engine|model|story|trace|probe|ui)/|^Q" ""
     "a kind's worker part is the worker's: plain C++ on the scenario format and the wire")
rule(core/kinds/*/model "^(engine|ui|worker|trace|probe|story)/" "^engine/runresult\\.h$"
     "a kind's model part is the reducer's: below the engine, the story and the window")
rule(core/kinds/*/story "^(engine|ui|worker|trace|probe|ipc)/" ""
     "a kind's story part is the narration's: on the model, below the window")
rule(core/kinds/*/engine "^(ui|story|trace|worker)/" ""
     "a kind's engine part is the engine's: below the story, the traces and the window")

if(failures)
  message(FATAL_ERROR "Includes across the layers:\n${failures}")
endif()
message(STATUS "layering: every include keeps to its layer")
