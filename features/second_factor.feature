@attack
Feature: A second factor that a stolen password cannot get past
  As the owner of an account with an authenticator app
  I want my password alone, or my inbox alone, to sign nobody in
  So that a leaked password is not a lost account

  Scenario: Turning an authenticator app on, signing in with it, and turning it off
    Given a verified account "ann@example.test" with password "violet walks nine amber dunes"
    When "ann@example.test" turns on an authenticator app
    Then the profile of "ann@example.test" shows the app on with 10 recovery codes left
    When "ann@example.test" logs in with password "violet walks nine amber dunes"
    Then the login asks for the second factor and gives no token
    When "ann@example.test" completes the login with the app's code
    Then the login succeeds with a bearer token
    When "ann@example.test" turns the app off with a recovery code
    Then the response status is 204
    And "ann@example.test" receives a notice that the second factor was turned off
    When "ann@example.test" logs in with password "violet walks nine amber dunes"
    Then the login succeeds with a bearer token

  @both_backends
  Scenario: A stolen password, with the inbox too, signs nobody in without the factor
    Given a verified account "bea@example.test" with password "violet walks nine amber dunes"
    And "bea@example.test" has turned on an authenticator app
    When "bea@example.test" logs in with password "violet walks nine amber dunes"
    Then the login asks for the second factor and gives no token
    Given the resend cooldown for "bea@example.test" has passed
    When I register with email "bea@example.test" and password "copper meadow hums softly"
    Then a verification code arrives by mail for "bea@example.test"
    When I confirm "bea@example.test" with the latest mailed code
    Then the login asks for the second factor and gives no token
    When I ask for a password reset for "bea@example.test"
    Then a password reset code arrives by mail for "bea@example.test"
    When I reset the password of "bea@example.test" with the mailed code to "saffron kettles sing at dawn"
    Then the response status is 200
    When "bea@example.test" logs in with password "saffron kettles sing at dawn"
    Then the login asks for the second factor and gives no token

  @both_backends
  Scenario: 50 racing wrong codes on one challenge get exactly 5 checked
    Given a verified account "cid@example.test" with password "violet walks nine amber dunes"
    And "cid@example.test" has turned on an authenticator app
    When 50 wrong codes for the challenge of "cid@example.test" race from 10 client addresses
    Then exactly 5 of them were checked and answered 400 "invalid_code"
    And the others were refused unchecked
    And the challenge of "cid@example.test" is spent, even with the right code

  @both_backends
  Scenario: A code is accepted once, even by 20 racing sign-ins
    Given a verified account "dan@example.test" with password "violet walks nine amber dunes"
    And "dan@example.test" has turned on an authenticator app
    When "dan@example.test" logs in with password "violet walks nine amber dunes"
    And "dan@example.test" completes the login with the app's code
    Then the login succeeds with a bearer token
    When "dan@example.test" logs in with password "violet walks nine amber dunes"
    And "dan@example.test" completes the login with the code already used
    Then the response is a problem with status 400 and code "invalid_code"
    When 20 sign-ins of "dan@example.test" race to use one code of the app
    Then exactly one of them signs in

  Scenario: A challenge answers only to its own account's factor
    Given a verified account "eve@example.test" with password "violet walks nine amber dunes"
    And "eve@example.test" has turned on an authenticator app
    And a verified account "fay@example.test" with password "copper meadow hums softly"
    And "fay@example.test" has turned on an authenticator app
    When the challenge of "eve@example.test" is answered with a code of "fay@example.test"'s app
    Then the response is a problem with status 400 and code "invalid_code"
    When an unknown challenge is answered with a code of "fay@example.test"'s app
    Then the response is a problem with status 401 and code "invalid_challenge"

  Scenario: A recovery code works once, and not after new ones were made
    Given a verified account "gus@example.test" with password "violet walks nine amber dunes"
    And "gus@example.test" has turned on an authenticator app
    When "gus@example.test" completes a login with recovery code 1
    Then the login succeeds with a bearer token
    And "gus@example.test" receives a notice that a recovery code was used
    When "gus@example.test" completes a login with recovery code 1
    Then the response is a problem with status 400 and code "invalid_code"
    When "gus@example.test" makes new recovery codes with recovery code 2
    Then the response status is 200
    When "gus@example.test" completes a login with old recovery code 3
    Then the response is a problem with status 400 and code "invalid_code"
    And the profile of "gus@example.test" shows the app on with 10 recovery codes left

  Scenario Outline: A sensitive change needs the factor besides the password
    Given a verified account "hal@example.test" with password "violet walks nine amber dunes"
    And "hal@example.test" has turned on an authenticator app
    When "hal@example.test" asks to <change> with the password and no code
    Then the response is a problem with status 403 and code "second_factor_required"
    When "hal@example.test" asks to <change> with the password and a wrong code
    Then the response is a problem with status 400 and code "invalid_code"

    Examples:
      | change                |
      | change the password   |
      | delete the account    |
      | turn the app off      |
      | make new recovery codes |

  @both_backends
  Scenario: Neither the app's secret nor a recovery code can be read from the database
    Given a verified account "ida@example.test" with password "violet walks nine amber dunes"
    And "ida@example.test" has turned on an authenticator app
    When "ida@example.test" makes new recovery codes with recovery code 1
    And I dump every table of the database as "with a second factor"
    Then no dump holds the app's secret or a recovery code of "ida@example.test"

  Scenario: A right password does not wipe the wrong codes guessed after it
    Given a verified account "jon@example.test" with password "violet walks nine amber dunes"
    And "jon@example.test" has turned on an authenticator app
    When "jon@example.test" logs in with password "violet walks nine amber dunes"
    And 3 wrong codes are tried on that challenge
    And "jon@example.test" logs in with password "violet walks nine amber dunes"
    And 2 wrong codes are tried on that challenge
    And "jon@example.test" logs in with password "violet walks nine amber dunes"
    Then the response is a problem with status 429 and code "too_many_attempts"

  Scenario: Calls without a code do not wipe the wrong codes between them
    Given a verified account "kim@example.test" with password "violet walks nine amber dunes"
    And "kim@example.test" has turned on an authenticator app
    When "kim@example.test" asks to delete the account with the password and a wrong code
    And "kim@example.test" asks to delete the account with the password and a wrong code
    And "kim@example.test" asks to delete the account with the password and no code
    And "kim@example.test" asks to delete the account with the password and a wrong code
    And "kim@example.test" asks to delete the account with the password and a wrong code
    And "kim@example.test" asks to delete the account with the password and a wrong code
    And "kim@example.test" asks to delete the account with the password and no code
    Then the response is a problem with status 429 and code "too_many_attempts"
