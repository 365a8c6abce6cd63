#pragma once
// The domain decides by the one clock (base/clock.hpp), injected through Kernel::Dependencies.
#include "base/clock.hpp"

namespace authlens::account {

using authlens::Clock;
using authlens::SystemClock;

}  // namespace authlens::account
