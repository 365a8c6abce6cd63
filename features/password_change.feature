Feature: Changing the password
  As a logged-in user
  I want to change my password
  So that my account stays mine, and other devices that knew the old one are signed out

  Background:
    Given the service is running
    And a verified account "alice@example.test" with password "violet walks nine amber dunes"
    And "alice@example.test" is logged in on "laptop" with password "violet walks nine amber dunes"

  Scenario: Changing the password keeps this device signed in and signs out the others
    Given "alice@example.test" is logged in on "phone" with password "violet walks nine amber dunes"
    When I change the password on "laptop" from "violet walks nine amber dunes" to "brand new quiet harbor 42"
    Then the response status is 200
    When I ask for my profile on "laptop"
    Then the response status is 200
    When I ask for my profile on "phone"
    Then the response is a problem with status 401 and code "unauthorized"
    When "alice@example.test" logs in with password "violet walks nine amber dunes"
    Then the response is a problem with status 401 and code "invalid_credentials"
    When "alice@example.test" logs in with password "brand new quiet harbor 42"
    Then the login succeeds with a bearer token

  Scenario: The current password must be right
    When I change the password on "laptop" from "not the password" to "brand new quiet harbor 42"
    Then the response status is 401
    When "alice@example.test" logs in with password "violet walks nine amber dunes"
    Then the login succeeds with a bearer token

  Scenario: The new password must be long enough
    When I change the password on "laptop" from "violet walks nine amber dunes" to "short"
    Then the response is a problem with status 400 and code "weak_password"

  Scenario: Changing the password needs a session
    When I change the password without a token from "violet walks nine amber dunes" to "brand new quiet harbor 42"
    Then the response is a problem with status 401 and code "unauthorized"
