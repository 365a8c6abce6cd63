Feature: Mail keeps flowing through outages and restarts
  As a new user
  I want my verification code to reach me even if the mail server was down for a while
  So that I am never stuck without a code, and never get the same mail twice

  Background:
    Given the service is running

  Scenario: Mail queued while the mail server is down is delivered when it comes back
    Given the mail server is down
    When I register with email "frank@example.test" and password "frank waits for the mail"
    Then the response status is 202
    And the mail waits in the outbox while the mail server is down
    When the mail server comes back
    Then a verification code arrives by mail for "frank@example.test"
    When I confirm "frank@example.test" with the mailed code
    Then the response status is 200
    When I wait past several retry intervals
    Then exactly 1 mail has arrived for "frank@example.test"

  Scenario: Mail queued before the service restarts is delivered after it
    Given the mail server is down
    When I register with email "grace@example.test" and password "grace restarts the service"
    Then the response status is 202
    And the mail waits in the outbox while the mail server is down
    When the service is stopped
    And the mail server comes back
    And the service is started again on the same database
    Then a verification code arrives by mail for "grace@example.test"
    When I confirm "grace@example.test" with the mailed code
    Then the response status is 200
    When "grace@example.test" logs in with password "grace restarts the service"
    Then the login succeeds with a bearer token
    When I wait past several retry intervals
    Then exactly 1 mail has arrived for "grace@example.test"

  Scenario: A message the mail server accepted is not sent again, not even after a restart
    When I register with email "heidi@example.test" and password "heidi receives exactly once"
    Then a verification code arrives by mail for "heidi@example.test"
    When I wait past several retry intervals
    Then exactly 1 mail has arrived for "heidi@example.test"
    When the service is stopped
    And the service is started again on the same database
    And I wait past several retry intervals
    Then exactly 1 mail has arrived for "heidi@example.test"

  Scenario: Asking for a new code while mail is down waits out the cooldown like any other time
    Given the mail server is down
    When I register with email "ivan@example.test" and password "ivan hums in the quiet lift"
    Then the response status is 202
    When I ask for a new code for "ivan@example.test"
    Then the response is a problem with status 429 and code "rate_limited"
    Given the resend cooldown since my last request for "ivan@example.test" has passed
    When I ask for a new code for "ivan@example.test"
    Then the response status is 202
    When the mail server comes back
    Then the mails queued for "ivan@example.test" arrive
    And one of the codes that arrived confirms "ivan@example.test"
