@attack
Feature: authlens cannot be used to flood mailboxes
  As the owner of a mailbox, and as the operator whose mail reputation is at stake
  I want each client to have a budget of mail-sending requests and each address one identity
  So that nobody can make authlens mail strangers in bulk, or one person many times

  Background:
    Given the service is running

  Scenario: One client cannot make authlens mail many third parties
    When one client asks for sign-up codes for 25 different addresses
    Then the first 20 were answered 202 and the rest 429 "rate_limited" with a Retry-After
    And exactly 20 mails arrive, one for each accepted address
    And the log has a security event "mail_budget_exhausted" for that client
    And another client can still ask for a code for "someone@example.test"

  Scenario: 32 case variants of one address send one mail and make one identity
    When 32 case variants of "erin@example.test" are registered at once
    Then every registration was answered 202
    And exactly 1 mail arrives for "erin@example.test"
    When I confirm "erin@example.test" with the mailed code and password "erin keeps her own lantern"
    Then the confirmation signs me in
    And "ERIN@EXAMPLE.TEST" opens with "erin keeps her own lantern" and not with "mallory takes seven keys"
