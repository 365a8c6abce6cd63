@attack @both_backends
Feature: A recovery really recovers the account
  As the owner of an account whose password an attacker knows
  I want a reset, or signing up again, to take the account back for good
  So that nothing the attacker had in flight across my recovery outlives it

  The attacker knows the password and holds a token. While the owner recovers the account, the
  attacker keeps going: changing the password to itself (logging in again when refused), or
  logging in over and over. Each trial uses a fresh account.

  Background:
    Given the service is running

  Scenario: A password change in flight across a reset does not write the old password back
    When in 5 trials an attacker with the password keeps changing it to itself while the owner resets it
    Then in every trial the attacker kept nothing

  Scenario: A password change in flight across a sign-up recovery does not write the old password back
    When in 5 trials an attacker with the password keeps changing it to itself while the owner signs up again
    Then in every trial the attacker kept nothing

  Scenario: A login in flight across a reset gets no token that outlives it
    When in 5 trials an attacker with the password keeps logging in while the owner resets it
    Then in every trial the attacker kept nothing

  Scenario: A sign-up code issued before a reset is void after it
    Given a verified account "alice@example.test" with password "violet walks nine amber dunes"
    And the resend cooldown for "alice@example.test" has passed
    When I register with email "alice@example.test" and password "attacker chosen quiet words"
    And a verification code arrives by mail for "alice@example.test"
    And I remember the mailed code of "alice@example.test" as "sign-up code"
    And the resend cooldown for "alice@example.test" has passed
    And I ask for a password reset for "alice@example.test"
    And a password reset code arrives by mail for "alice@example.test"
    And I reset the password of "alice@example.test" with the mailed code to "brand new quiet harbor 42"
    Then the response status is 200
    When I confirm "alice@example.test" with the remembered code "sign-up code" and password "attacker chosen quiet words"
    Then the response is a problem with status 400 and code "invalid_code"
    When "alice@example.test" logs in with password "brand new quiet harbor 42"
    Then the login succeeds with a bearer token

  Scenario: A reset code issued before a password change is void after it
    Given a verified account "alice@example.test" with password "violet walks nine amber dunes"
    And "alice@example.test" is logged in on "laptop" with password "violet walks nine amber dunes"
    And the resend cooldown for "alice@example.test" has passed
    When I ask for a password reset for "alice@example.test"
    And a password reset code arrives by mail for "alice@example.test"
    And I change the password on "laptop" from "violet walks nine amber dunes" to "brand new quiet harbor 42"
    Then the response status is 200
    When I reset the password of "alice@example.test" with the mailed code to "attacker chosen quiet words"
    Then the response is a problem with status 400 and code "invalid_code"
    When "alice@example.test" logs in with password "brand new quiet harbor 42"
    Then the login succeeds with a bearer token

  Scenario Outline: The owner is told when the password changes, with no link and no code
    Given a verified account "alice@example.test" with password "violet walks nine amber dunes"
    And "alice@example.test" is logged in on "laptop" with password "violet walks nine amber dunes"
    And the resend cooldown for "alice@example.test" has passed
    When the password of "alice@example.test" is <changed> to "brand new quiet harbor 42" from client "127.0.0.77"
    Then a notice arrives for "alice@example.test" saying "<what>"
    And the notice names the client address "127.0.0.77" and says what to do if it was not them
    And the notice has no code and no link

    Examples:
      | changed                   | what                              |
      | changed on "laptop"       | password was changed              |
      | reset with a mailed code  | password was reset                |
      | set by signing up again   | password was set by signing up again |
