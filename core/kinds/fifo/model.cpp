// A fifo in the world is a pipe's byte stream (kinds/pipe/model.h).
#include "kinds/pipe/model.h"

namespace ipcsim::core::kinds::fifo {

extern const KindModel model = {.init = pipe::init,
                                .ended = pipe::ended,
                                .programsWrote = pipe::programsWrote,
                                .exited = pipe::exited,
                                .ledger = pipe::ledger,
                                .flows = pipe::flows};

} // namespace ipcsim::core::kinds::fifo
