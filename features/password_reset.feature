Feature: Resetting a forgotten password
  As a user who forgot the password
  I want to get a code by email and choose a new password with it
  So that I can get back into my account, and nobody who had my old password can

  Background:
    Given the service is running
    And a verified account "alice@example.test" with password "violet walks nine amber dunes"
    And the resend cooldown for "alice@example.test" has passed

  Scenario: The mailed code sets a new password
    When I ask for a password reset for "alice@example.test"
    Then the response status is 202
    And a password reset code arrives by mail for "alice@example.test"
    When I reset the password of "alice@example.test" with the mailed code to "brand new quiet harbor 42"
    Then the response status is 200
    And the response JSON field "status" is "password_reset"
    When "alice@example.test" logs in with password "violet walks nine amber dunes"
    Then the response is a problem with status 401 and code "invalid_credentials"
    When "alice@example.test" logs in with password "brand new quiet harbor 42"
    Then the login succeeds with a bearer token

  Scenario: A reset signs out every device
    Given "alice@example.test" is logged in on "laptop" with password "violet walks nine amber dunes"
    And "alice@example.test" is logged in on "phone" with password "violet walks nine amber dunes"
    When I ask for a password reset for "alice@example.test"
    And a password reset code arrives by mail for "alice@example.test"
    And I reset the password of "alice@example.test" with the mailed code to "brand new quiet harbor 42"
    Then the response status is 200
    When I ask for my profile on "laptop"
    Then the response is a problem with status 401 and code "unauthorized"
    When I ask for my profile on "phone"
    Then the response is a problem with status 401 and code "unauthorized"

  Scenario: A wrong code is refused and the password stays as it was
    When I ask for a password reset for "alice@example.test"
    And a password reset code arrives by mail for "alice@example.test"
    And I reset the password of "alice@example.test" with a wrong code to "brand new quiet harbor 42"
    Then the response is a problem with status 400 and code "invalid_code"
    When "alice@example.test" logs in with password "violet walks nine amber dunes"
    Then the login succeeds with a bearer token

  Scenario: A reset code works only once
    When I ask for a password reset for "alice@example.test"
    And a password reset code arrives by mail for "alice@example.test"
    And I reset the password of "alice@example.test" with the mailed code to "brand new quiet harbor 42"
    Then the response status is 200
    When I reset the password of "alice@example.test" with the mailed code to "yet another calm harbor 43"
    Then the response is a problem with status 400 and code "invalid_code"
    When "alice@example.test" logs in with password "brand new quiet harbor 42"
    Then the login succeeds with a bearer token

  Scenario: The new password must be long enough
    When I ask for a password reset for "alice@example.test"
    And a password reset code arrives by mail for "alice@example.test"
    And I reset the password of "alice@example.test" with the mailed code to "short"
    Then the response is a problem with status 400 and code "weak_password"

  Scenario: Asking for a reset of an unknown address answers the same, and its owner learns there is no account
    When I ask for a password reset for "alice@example.test"
    And I remember the response as "known address"
    And I ask for a password reset for "nobody@example.test"
    And I remember the response as "unknown address"
    Then the responses "known address" and "unknown address" are the same
    And a password reset code arrives by mail for "alice@example.test"
    And a mail without a code arrives for "nobody@example.test"

  Scenario: Asking for a reset needs a valid address
    When I ask for a password reset for "not an address"
    Then the response is a problem with status 400 and code "invalid_email"
