// The emulator's name for the one prompt-word matcher (src/show/show_words.h).
#pragma once

#include "show/show_words.h"

namespace mc::sim {

using show::WordIs;

}  // namespace mc::sim
