#pragma once
// The second factor's routes: POST /login/second-factor, POST /me/totp, POST /me/totp/confirm,
// DELETE /me/totp, POST /me/recovery-codes.
#include "account/service.hpp"
#include "http/router.hpp"

namespace authlens::app {

void add_second_factor_routes(http::Router& router, account::AccountService& accounts);

}  // namespace authlens::app
