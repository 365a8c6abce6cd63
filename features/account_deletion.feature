Feature: Deleting the account
  As a user who no longer wants the service
  I want to delete my account after confirming my password
  So that nothing of mine is kept, and the address is free again

  Background:
    Given the service is running
    And a verified account "alice@example.test" with password "violet walks nine amber dunes"
    And "alice@example.test" is logged in on "laptop" with password "violet walks nine amber dunes"

  Scenario: Deleting the account removes it, its sessions and frees the address
    Given "alice@example.test" is logged in on "phone" with password "violet walks nine amber dunes"
    When I delete my account on "laptop" with password "violet walks nine amber dunes"
    Then the response status is 204
    When I ask for my profile on "laptop"
    Then the response is a problem with status 401 and code "unauthorized"
    When I ask for my profile on "phone"
    Then the response is a problem with status 401 and code "unauthorized"
    When "alice@example.test" logs in with password "violet walks nine amber dunes"
    Then the response is a problem with status 401 and code "invalid_credentials"
    Given the resend cooldown for "alice@example.test" has passed
    When I register with email "alice@example.test" and password "fresh start under clear skies"
    Then the response status is 202
    And a new verification code arrives by mail for "alice@example.test"
    When I confirm "alice@example.test" with the mailed code
    Then the confirmation signs me in
    When "alice@example.test" logs in with password "fresh start under clear skies"
    Then the login succeeds with a bearer token

  Scenario: The password must be confirmed
    When I delete my account on "laptop" with password "not the password"
    Then the response status is 401
    When I ask for my profile on "laptop"
    Then the response status is 200

  Scenario: Mail still waiting for the address is dropped with the account
    Given the mail server is down
    And the resend cooldown for "alice@example.test" has passed
    When I ask for a password reset for "alice@example.test"
    And I delete my account on "laptop" with password "violet walks nine amber dunes"
    Then the response status is 204
    When the mail server comes back
    Then no mail arrives for "alice@example.test"

  Scenario: Deleting needs a session
    When I delete my account without a token, with password "violet walks nine amber dunes"
    Then the response is a problem with status 401 and code "unauthorized"
    When "alice@example.test" logs in with password "violet walks nine amber dunes"
    Then the login succeeds with a bearer token
