Feature: Logging in and out
  As a user with a confirmed account
  I want to log in with my email and password and get a token
  So that I can use the service, and log out when I am done

  Background:
    Given the service is running
    And a verified account "alice@example.test" with password "violet walks nine amber dunes"

  Scenario: The right password gives a bearer token that opens the profile
    When "alice@example.test" logs in with password "violet walks nine amber dunes"
    Then the login succeeds with a bearer token
    When I ask for my profile
    Then the response status is 200
    And the profile shows "alice@example.test" as verified

  Scenario: The address is matched however it is capitalised
    When "  ALICE@Example.TEST " logs in with password "violet walks nine amber dunes"
    Then the login succeeds with a bearer token

  Scenario: A wrong password is refused
    When "alice@example.test" logs in with password "not the password"
    Then the response is a problem with status 401 and code "invalid_credentials"

  Scenario: An unknown address is refused exactly like a wrong password
    When "alice@example.test" logs in with password "not the password"
    And I remember the response as "wrong password"
    And "nobody@example.test" logs in with password "not the password"
    And I remember the response as "unknown address"
    Then the responses "wrong password" and "unknown address" are the same

  Scenario: The profile needs a valid token
    When I ask for my profile without a token
    Then the response is a problem with status 401 and code "unauthorized"
    When I ask for my profile with the token "bm90LWEtcmVhbC10b2tlbi1mb3ItYXV0aGxlbnM"
    Then the response is a problem with status 401 and code "unauthorized"

  Scenario: Logging out ends the session
    Given "alice@example.test" is logged in on "laptop" with password "violet walks nine amber dunes"
    When I log out on "laptop"
    Then the response status is 204
    When I ask for my profile on "laptop"
    Then the response is a problem with status 401 and code "unauthorized"
    When I log out on "laptop"
    Then the response is a problem with status 401 and code "unauthorized"

  Scenario: Each device has its own session
    Given "alice@example.test" is logged in on "laptop" with password "violet walks nine amber dunes"
    And "alice@example.test" is logged in on "phone" with password "violet walks nine amber dunes"
    Then the sessions on "laptop" and "phone" have different tokens
    When I log out on "laptop"
    And I ask for my profile on "phone"
    Then the response status is 200

  Scenario: Passwords keep working when the hashing is made stronger
    Given the password hashing is made stronger
    When "alice@example.test" logs in with password "violet walks nine amber dunes"
    Then the login succeeds with a bearer token
    When the service restarts
    And "alice@example.test" logs in with password "violet walks nine amber dunes"
    Then the login succeeds with a bearer token
    When I ask for my profile
    Then the profile shows "alice@example.test" as verified
