Feature: Confirming the email address
  As a new user
  I want to prove that my email address is mine with the code I was sent
  So that my account is created with my password and I am signed in

  Background:
    Given the service is running
    And a pending sign-up for "alice@example.test" with password "violet walks nine amber dunes"

  Scenario: The mailed code confirms the address and signs me in
    When I confirm "alice@example.test" with the mailed code
    Then the confirmation signs me in
    And the response JSON field "status" is "verified"
    When I ask for my profile
    Then the profile shows "alice@example.test" as verified
    When "alice@example.test" logs in with password "violet walks nine amber dunes"
    Then the login succeeds with a bearer token

  Scenario: A wrong code is refused, and the right one still works afterwards
    When I confirm "alice@example.test" with a wrong code
    Then the response is a problem with status 400 and code "invalid_code"
    When I confirm "alice@example.test" with the mailed code
    Then the confirmation signs me in

  Scenario: A weak password at confirmation is refused and does not use up the code
    When I confirm "alice@example.test" with the mailed code and password "short"
    Then the response is a problem with status 400 and code "weak_password"
    When I confirm "alice@example.test" with the mailed code
    Then the confirmation signs me in

  Scenario: A code works only once
    When I confirm "alice@example.test" with the mailed code
    Then the confirmation signs me in
    When I confirm "alice@example.test" with the mailed code
    Then the response is a problem with status 400 and code "invalid_code"

  Scenario: A code for one address does not confirm another
    Given a pending sign-up for "bob@example.test" with password "bob rides a green tandem"
    When I confirm "bob@example.test" with the code mailed to "alice@example.test"
    Then the response is a problem with status 400 and code "invalid_code"

  Scenario: A new code can be requested once the cooldown has passed
    Given the resend cooldown for "alice@example.test" has passed
    When I ask for a new code for "alice@example.test"
    Then the response status is 202
    And a new verification code arrives by mail for "alice@example.test"
    When I confirm "alice@example.test" with the mailed code
    Then the confirmation signs me in

  Scenario: Asking for codes too quickly is refused, and says when to ask again
    When I ask for a new code for "alice@example.test"
    Then the response is a problem with status 429 and code "rate_limited"
    And the response says to retry after a positive number of seconds

  Scenario: Asking for a code for an address nobody registered answers the same
    Given the resend cooldown for "alice@example.test" has passed
    When I ask for a new code for "alice@example.test"
    And I remember the response as "pending address"
    And I ask for a new code for "nobody@example.test"
    And I remember the response as "unknown address"
    Then the responses "pending address" and "unknown address" are the same

  Scenario: An expired code is refused, and the mail said how long it would live
    Given codes expire after 10 seconds
    And a pending sign-up for "bob@example.test" with password "bob rides a green tandem"
    Then the mail says the code expires in at most 10 seconds
    When the code mailed to "bob@example.test" has expired
    And I confirm "bob@example.test" with the mailed code
    Then the response is a problem with status 400 and code "invalid_code"
