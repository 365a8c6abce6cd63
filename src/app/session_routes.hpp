#pragma once
// GET /me/sessions, DELETE /me/sessions/{id}, DELETE /me/sessions.
#include "account/flows/session_flow.hpp"
#include "http/router.hpp"

namespace authlens::app {

void add_session_routes(http::Router& router, account::SessionFlow& sessions,
                        http::Execution execution);

}  // namespace authlens::app
