Feature: Registration
  As someone new to the service
  I want to sign up with my email address and a password
  So that I get an account once I have proven, with a mailed code, that the address is mine

  Background:
    Given the service is running

  Scenario: A new user registers and receives a verification code by email
    When I register with email "alice@example.test" and password "violet walks nine amber dunes"
    Then the response status is 202
    And the response JSON field "status" is "verification_sent"
    And a verification code arrives by mail for "alice@example.test"
    And the mail comes from "authlens@example.test" with a subject, and shows the code in its text and HTML parts
    And the mail says the code expires in 10 minutes

  Scenario: Confirming with the mailed code creates the account and signs me in
    Given a pending sign-up for "alice@example.test" with password "violet walks nine amber dunes"
    When I confirm "alice@example.test" with the mailed code
    Then the confirmation signs me in
    When I ask for my profile
    Then the profile shows "alice@example.test" as verified

  Scenario: Nothing can log in before the address is confirmed
    Given a pending sign-up for "bob@example.test" with password "bob rides a green tandem"
    When "bob@example.test" logs in with password "bob rides a green tandem"
    Then the response is a problem with status 401 and code "invalid_credentials"

  Scenario: The password given at confirmation is the account's password
    Given a pending sign-up for "dave@example.test" with password "first thought wrong river"
    When I confirm "dave@example.test" with the mailed code and password "second thought calm lake 7"
    Then the confirmation signs me in
    When "dave@example.test" logs in with password "first thought wrong river"
    Then the response is a problem with status 401 and code "invalid_credentials"
    When "dave@example.test" logs in with password "second thought calm lake 7"
    Then the login succeeds with a bearer token

  Scenario: The address is tidied up and is one identity whatever its case
    When I register with email "  Alice@EXAMPLE.Test  " and password "violet walks nine amber dunes"
    Then the response status is 202
    And a verification code arrives by mail for "alice@example.test"
    When I confirm "ALICE@example.test" with the mailed code and password "violet walks nine amber dunes"
    Then the confirmation signs me in
    When "alice@EXAMPLE.TEST" logs in with password "violet walks nine amber dunes"
    Then the login succeeds with a bearer token

  Scenario: Registering an address that already has an account answers the same and changes nothing
    Given a verified account "erin@example.test" with password "erin keeps her own lantern"
    And the resend cooldown for "erin@example.test" has passed
    When I register with email "erin@example.test" and password "somebody else entirely 99"
    Then the response status is 202
    And the response JSON field "status" is "verification_sent"
    And a mail arrives for "erin@example.test" saying the address already has an account
    When "erin@example.test" logs in with password "somebody else entirely 99"
    Then the response is a problem with status 401 and code "invalid_credentials"
    When "erin@example.test" logs in with password "erin keeps her own lantern"
    Then the login succeeds with a bearer token

  Scenario: The owner of an existing account can use that mail to choose a new password
    Given a verified account "erin@example.test" with password "erin keeps her own lantern"
    And "erin@example.test" is logged in on "laptop" with password "erin keeps her own lantern"
    And the resend cooldown for "erin@example.test" has passed
    When I register with email "erin@example.test" and password "erin forgot the old lantern"
    And a verification code arrives by mail for "erin@example.test"
    And I confirm "erin@example.test" with the mailed code and password "erin forgot the old lantern"
    Then the confirmation signs me in
    When I ask for my profile on "laptop"
    Then the response is a problem with status 401 and code "unauthorized"

  Scenario: Registering again inside the cooldown answers the same and the code in the inbox still works
    Given a pending sign-up for "fay@example.test" with password "fay sails past nine buoys"
    When I register with email "fay@example.test" and password "fay sails past nine buoys"
    Then the response status is 202
    And no mail arrives for "fay@example.test"
    When I confirm "fay@example.test" with the mailed code
    Then the confirmation signs me in

  Scenario: Many people can register at the same moment
    When 20 people register at the same moment
    Then every one of them is answered with status 202
    And every one of them receives a verification code by mail
