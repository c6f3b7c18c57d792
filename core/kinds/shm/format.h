// What a mapped file shares with shared memory in the scenario file: its cells.
#pragma once

#include "scenario/kind.h"

namespace ipcsim::core::kinds::shm {

// "cells": how many 64-bit cells, up to ipcsim's limit.
bool readCells(OptionValue &value, ResourceSpec &into);
// How many cells one has (KindFormat::cells).
int64_t cellsOf(const ResourceSpec &spec);
// load, store and add: the statements on cells.
extern const Op cellStatements[3];

} // namespace ipcsim::core::kinds::shm
