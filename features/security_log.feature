Feature: Security events are logged and counted
  As the operator
  I want every security-relevant moment as one log line naming the account and the client
  So that I can see attacks and account changes, without the log holding anyone's address

  Scenario: Each security event is one line with event, account.id and client.address, and is counted
    Given the service is running
    And a verified account "alice@example.test" with password "violet walks nine amber dunes"
    And "alice@example.test" is logged in on "laptop" with password "violet walks nine amber dunes"
    And a verified account "bob@example.test" with password "bob rides a green tandem"
    When "bob@example.test" tries 5 wrong passwords
    And I change the password on "laptop" from "violet walks nine amber dunes" to "brand new quiet harbor 42"
    And I delete my account on "laptop" with password "brand new quiet harbor 42"
    Then the log has one security event line each for
      | event            | account |
      | signup_confirmed | yes     |
      | login_failed     | yes     |
      | lockout          | yes     |
      | password_changed | yes     |
      | account_deleted  | yes     |
    And every security event line names the client address and no email address
    And the metric authlens_auth_events_total counts the events "signup_confirmed", "login_failed", "lockout" and "account_deleted"
