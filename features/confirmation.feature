Feature: Confirming the email address
  As a new user
  I want to prove that my email address is mine with the code I was sent
  So that I can start using my account

  Background:
    Given the service is running
    And an unverified account "alice@example.test" with password "correct horse battery"

  Scenario: The mailed code confirms the address
    When I confirm "alice@example.test" with the mailed code
    Then the response status is 200
    And the response JSON field "status" is "verified"
    When "alice@example.test" logs in with password "correct horse battery"
    Then the login succeeds with a bearer token
    When I ask for my profile
    Then the profile shows "alice@example.test" as verified

  Scenario: A wrong code is refused, and the right one still works afterwards
    When I confirm "alice@example.test" with a wrong code
    Then the response is a problem with status 400 and code "invalid_code"
    When I confirm "alice@example.test" with the mailed code
    Then the response status is 200

  Scenario: A code works only once
    When I confirm "alice@example.test" with the mailed code
    Then the response status is 200
    When I confirm "alice@example.test" with the mailed code
    Then the response is a problem with status 400 and code "invalid_code"

  Scenario: A code for one address does not confirm another
    Given an unverified account "bob@example.test" with password "bob's password 1"
    When I confirm "bob@example.test" with the code mailed to "alice@example.test"
    Then the response is a problem with status 400 and code "invalid_code"

  Scenario: A new code can be requested once the cooldown has passed
    Given the resend cooldown for "alice@example.test" has passed
    When I ask for a new code for "alice@example.test"
    Then the response status is 202
    And a new verification code arrives by mail for "alice@example.test"
    When I confirm "alice@example.test" with the mailed code
    Then the response status is 200

  Scenario: Asking for codes too quickly is refused
    When I ask for a new code for "alice@example.test"
    Then the response is a problem with status 429 and code "rate_limited"

  Scenario: Asking for a code for an unknown address answers the same and sends nothing
    When I ask for a new code for "nobody@example.test"
    Then the response status is 202
    And no mail arrives for "nobody@example.test"

  Scenario: An expired code is refused
    Given codes expire after 10 seconds
    And an unverified account "bob@example.test" with password "bob's password 1"
    When the code mailed to "bob@example.test" has expired
    And I confirm "bob@example.test" with the mailed code
    Then the response is a problem with status 400 and code "invalid_code"
