@attack
Feature: Limits hold exactly when requests race
  As the owner of an account
  I want the lockout to count every wrong password exactly, however many arrive at once
  So that racing requests buy an attacker nothing

  Background:
    Given the service is running
    And a verified account "alice@example.test" with password "violet walks nine amber dunes"

  Scenario: Twenty wrong logins at once are evaluated no more than five times
    When 20 wrong logins for "alice@example.test" race from 20 client addresses
    Then exactly 5 were answered 401 "invalid_credentials" and 15 were answered 429 "too_many_attempts"
    And the log has a security event "lockout" naming an account

  Scenario: Wrong passwords on change and delete count toward the same lockout
    Given "alice@example.test" is logged in on "laptop" with password "violet walks nine amber dunes"
    When I change the password on "laptop" from "guess one is wrong" to "brand new quiet harbor 42"
    And I change the password on "laptop" from "guess two is wrong" to "brand new quiet harbor 42"
    And I change the password on "laptop" from "guess three is wrong" to "brand new quiet harbor 42"
    And I delete my account on "laptop" with password "guess four is wrong"
    And I delete my account on "laptop" with password "guess five is wrong"
    Then the response status is 401
    When "alice@example.test" logs in with password "violet walks nine amber dunes"
    Then the response is a problem with status 429 and code "too_many_attempts"
    When I delete my account on "laptop" with password "violet walks nine amber dunes"
    Then the response is a problem with status 429 and code "too_many_attempts"
