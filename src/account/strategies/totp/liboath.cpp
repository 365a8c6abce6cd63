#include "account/strategies/totp/liboath.hpp"

#include <oath.h>

#include <stdexcept>
#include <string>

namespace authlens::account::totp {

void ensure_liboath() {
  // liboath documents no thread safety for oath_init(), so it must run exactly once before any
  // other call. A block-scope static is initialised exactly once even when many threads arrive
  // together: the others block until it is done ([stmt.dcl], "magic statics"), then all see it.
  //
  // oath_done() is deliberately never called. It would have to run after the last call from every
  // thread, which a library cannot know (a static destructor runs while detached workers may still
  // verify); the process's exit releases what oath_init() took (with Debian's build, which uses
  // gnulib's crypto and no libgcrypt, both are no-ops on Linux).
  static const int result = oath_init();
  if (result != OATH_OK)
    throw std::runtime_error(std::string("liboath failed to initialise: ") +
                             oath_strerror_name(result));
}

}  // namespace authlens::account::totp
