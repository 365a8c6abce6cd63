@attack
Feature: Codes cannot be guessed, whatever the mail server does
  As the owner of an address
  I want every guess at my codes to be counted, and few to be allowed
  So that an attacker cannot reach the one right code in a million, not even while mail is broken

  Background:
    Given the service is running
    And a verified account "target@example.test" with password "violet walks nine amber dunes"

  Scenario Outline: At most 10 wrong codes an hour are tried per address when the mail server <condition>, from <clients>
    Given the mail server <condition>
    When for 7 seconds an attacker asks for reset codes for "target@example.test" whenever allowed and tries 4 wrong codes after each, from <clients>
    Then at most 10 of the attacker's codes were evaluated
    And the attacker's later codes were refused with status 429 and code "too_many_attempts"

    Examples:
      | condition                                           | clients                |
      | is down                                             | one client address     |
      | is down                                             | 200 client addresses   |
      | answers each message after 1 second                 | one client address     |
      | answers each message after 1 second                 | 200 client addresses   |
      | rejects "target@example.test" with 550              | one client address     |
      | rejects "target@example.test" with 550              | 200 client addresses   |

  Scenario: One client guessing codes across many addresses is stopped
    When one client tries 5 wrong confirmation codes for each of 30 addresses
    Then at most 20 of the attacker's codes were evaluated
    And a confirmation code from another client address is still evaluated
