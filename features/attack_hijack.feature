@attack
Feature: Nobody can take over an address they do not own
  As someone signing up
  I want an attacker who knows only my address to end up with nothing, whatever order things happen in
  So that the account I confirm opens with my password and no other (no pre-hijacking)

  Background:
    Given the service is running

  Scenario: The attacker registers first; the victim registers too and confirms with the newest code
    When the attacker registers "vic@example.test" with password "mallory takes seven keys"
    And the victim registers "vic@example.test" with password "violet walks nine amber dunes"
    And the victim confirms "vic@example.test" with the newest code in the inbox and password "violet walks nine amber dunes"
    Then the victim is signed in
    And "vic@example.test" opens with "violet walks nine amber dunes" and not with "mallory takes seven keys"

  Scenario: The attacker registers first and asks for new codes; the victim confirms after the cooldown
    When the attacker registers "vic@example.test" with password "mallory takes seven keys"
    And the resend cooldown for "vic@example.test" has passed
    And the attacker asks for a new code for "vic@example.test"
    And the victim registers "vic@example.test" with password "violet walks nine amber dunes"
    And the victim confirms "vic@example.test" with the newest code in the inbox and password "violet walks nine amber dunes"
    Then the victim is signed in
    And "vic@example.test" opens with "violet walks nine amber dunes" and not with "mallory takes seven keys"

  Scenario: The victim registers first; the attacker registers inside the cooldown and after it
    When the victim registers "vic@example.test" with password "violet walks nine amber dunes"
    And the attacker registers "vic@example.test" with password "mallory takes seven keys"
    And the resend cooldown for "vic@example.test" has passed
    And the attacker registers "vic@example.test" with password "mallory tries once more"
    And the victim confirms "vic@example.test" with the newest code in the inbox and password "violet walks nine amber dunes"
    Then the victim is signed in
    And "vic@example.test" opens with "violet walks nine amber dunes" and not with "mallory takes seven keys"
    And "vic@example.test" opens with "violet walks nine amber dunes" and not with "mallory tries once more"

  Scenario: The attacker registers after the victim has confirmed
    Given a verified account "vic@example.test" with password "violet walks nine amber dunes"
    And the resend cooldown for "vic@example.test" has passed
    When the attacker registers "vic@example.test" with password "mallory takes seven keys"
    And the attacker tries 5 codes for "vic@example.test" with password "mallory takes seven keys"
    Then none of the attacker's codes was accepted
    And "vic@example.test" opens with "violet walks nine amber dunes" and not with "mallory takes seven keys"

  Scenario: Fifty registrations race; whoever holds the inbox sets the password
    When 50 registrations of "race@example.test" race, each with its own password and client address
    Then every registration was answered 202
    And exactly 1 mail arrives for "race@example.test"
    When the victim confirms "race@example.test" with the newest code in the inbox and password "violet walks nine amber dunes"
    Then the victim is signed in
    And "race@example.test" opens with "violet walks nine amber dunes" and with none of the racing passwords
