#pragma once
// liboath wants oath_init() before any other call; this is the one place that calls it.

namespace authlens::account::totp {

// Initialises liboath the first time any thread calls it; later calls only check that it worked.
// Every function of this folder that touches liboath calls it first, so callers need not; the
// wiring may call it at start-up to fail there rather than on the first enrolment.
// Throws std::runtime_error when liboath cannot initialise its crypto backend.
void ensure_liboath();

}  // namespace authlens::account::totp
