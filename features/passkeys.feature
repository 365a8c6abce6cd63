@attack
Feature: Passkeys: a sign-in that cannot be phished, replayed or guessed
  As the owner of an account
  I want to sign in with a passkey, typing no address and no password
  So that a look-alike site, a recorded sign-in or a stolen token gets nobody in

  @both_backends
  Scenario: Adding a passkey and signing in with it, no address typed
    Given a verified account "pia@example.test" with password "violet walks nine amber dunes"
    When "pia@example.test" adds a passkey named "laptop"
    Then "pia@example.test" lists one passkey named "laptop"
    And the passkey of "pia@example.test" signs in with no address typed
    And that session of "pia@example.test" says it signed in with a passkey at aal2

  Scenario: An account with an authenticator app signs in with its passkey and no code
    Given a verified account "quy@example.test" with password "violet walks nine amber dunes"
    And "quy@example.test" has turned on an authenticator app
    When "quy@example.test" adds a passkey named "phone"
    Then the passkey of "quy@example.test" signs in with no address typed
    And that session of "quy@example.test" says it signed in with a passkey at aal2

  Scenario: A stolen token alone cannot add a passkey
    Given a verified account "rae@example.test" with password "violet walks nine amber dunes"
    When "rae@example.test" asks to add a passkey with password "not the password at all"
    Then the response is a problem with status 401 and code "unauthorized"
    Given "rae@example.test" has turned on an authenticator app
    When "rae@example.test" asks to add a passkey with password "violet walks nine amber dunes"
    Then the response is a problem with status 403 and code "second_factor_required"

  @both_backends
  Scenario: A recorded sign-in is not accepted twice, nor one made for a look-alike site
    Given a verified account "sol@example.test" with password "violet walks nine amber dunes"
    And "sol@example.test" has added a passkey named "laptop"
    When the passkey of "sol@example.test" signs in with no address typed
    And the recorded passkey sign-in is sent again
    Then the response is a problem with status 400 and code "invalid_credential"
    When a look-alike site at "https://localhost.example.test" relays a passkey sign-in of "sol@example.test"
    Then the response is a problem with status 400 and code "invalid_credential"

  @both_backends
  Scenario: Guessing with passkeys from one client stops at 20 failures; other clients go on
    When a stranger's passkey fails to sign in 20 times from "127.0.0.61"
    Then a passkey sign-in from "127.0.0.61" is refused with 429 "too_many_attempts"
    And a passkey sign-in from "127.0.0.62" may begin

  Scenario: A removed passkey signs nobody in, and the owner is told
    Given a verified account "tam@example.test" with password "violet walks nine amber dunes"
    And "tam@example.test" has added a passkey named "old phone"
    When "tam@example.test" removes the passkey with the password
    Then the response status is 204
    And "tam@example.test" receives a notice that a passkey was removed
    And the removed passkey of "tam@example.test" no longer signs in
