@attack
Feature: No answer tells whether an address has an account
  As someone with an account
  I want nobody to learn from authlens whether my address is registered
  So that my address cannot be confirmed as a target by probing

  Scenario: Unknown, unconfirmed and confirmed addresses answer the same sequence of calls alike
    Given the service is running
    And a pending sign-up for "pending@example.test" with password "violet walks nine amber dunes"
    And a verified account "known@example.test" with password "violet walks nine amber dunes"
    And the resend cooldowns of "pending@example.test" and "known@example.test" have passed
    When the probe sequence (7 wrong logins, 2 resends, 7 wrong confirms, 2 forgots, 7 wrong resets) runs in lockstep for "nobody@example.test", "pending@example.test" and "known@example.test", each from its own client address
    Then every call got the same status, body, headers and Retry-After for the three addresses
    And the sequence met a lockout, a code limit and a cooldown

  Scenario: Each flow takes the same time for the three kinds of address
    Given the service runs without mail cooldowns and with a mail budget of 100000 an hour
    And 30 unknown, 30 pending and 30 confirmed addresses
    When register, forgot, resend and a wrong login are timed 30 times for each kind of address, interleaved
    Then for every flow the median times of the three kinds are within 50% of each other
