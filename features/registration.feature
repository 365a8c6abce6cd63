Feature: Registration
  As someone new to the service
  I want to sign up with my email address and a password
  So that I get an account, once I have proven that the address is mine

  Background:
    Given the service is running

  Scenario: A new user registers and receives a verification code by email
    When I register with email "alice@example.test" and password "correct horse battery"
    Then the response status is 202
    And the response JSON field "status" is "verification_sent"
    And a verification code arrives by mail for "alice@example.test"
    And the mail comes from "authlens@example.test" with a subject, and shows the code in its text and HTML parts

  Scenario: The address is tidied up before it is used
    When I register with email "  alice@EXAMPLE.Test  " and password "correct horse battery"
    Then the response status is 202
    And a verification code arrives by mail for "alice@example.test"
    When I confirm "alice@example.test" with the mailed code
    Then the response status is 200

  Scenario: A registered user cannot log in before confirming the address
    Given an unverified account "bob@example.test" with password "bob's password 1"
    When "bob@example.test" logs in with password "bob's password 1"
    Then the response is a problem with status 403 and code "email_not_verified"

  Scenario: Registering again before confirming replaces the password and sends a new code
    Given an unverified account "dave@example.test" with password "first password 1"
    And the resend cooldown for "dave@example.test" has passed
    When I register with email "dave@example.test" and password "second password 2"
    Then the response status is 202
    And a new verification code arrives by mail for "dave@example.test"
    When I confirm "dave@example.test" with the mailed code
    Then the response status is 200
    When "dave@example.test" logs in with password "first password 1"
    Then the response is a problem with status 401 and code "invalid_credentials"
    When "dave@example.test" logs in with password "second password 2"
    Then the login succeeds with a bearer token

  Scenario: Registering an address that already has an account answers the same and changes nothing
    Given a verified account "erin@example.test" with password "erin's own password"
    And the resend cooldown for "erin@example.test" has passed
    When I register with email "erin@example.test" and password "somebody else's password"
    Then the response status is 202
    And the response JSON field "status" is "verification_sent"
    And a mail without a code arrives for "erin@example.test"
    When "erin@example.test" logs in with password "somebody else's password"
    Then the response is a problem with status 401 and code "invalid_credentials"
    When "erin@example.test" logs in with password "erin's own password"
    Then the login succeeds with a bearer token

  Scenario: An unconfirmed account does not reveal itself to a wrong password
    Given an unverified account "bob@example.test" with password "bob's password 1"
    When "bob@example.test" logs in with password "not bob's password"
    Then the response is a problem with status 401 and code "invalid_credentials"

  Scenario: Many people can register at the same moment
    When 20 people register at the same moment
    Then every one of them is answered with status 202
    And every one of them receives a verification code by mail
