@attack
Feature: Sessions a person can see and end
  As someone signed in on several devices
  I want to see where I am signed in and end any of those sessions
  So that a device I lost, or someone else's sign-in, stops working at once

  Scenario: The sessions are listed newest first, the current one marked, nothing secret shown
    Given a verified account "ann@example.test" with password "violet walks nine amber dunes"
    And "ann@example.test" is logged in on "laptop" with user agent "Laptop Browser/1.0"
    And "ann@example.test" is logged in on "phone" with a user agent of 300 bytes
    When I list the sessions on "phone"
    Then 3 sessions are listed, newest first, and the current one is marked
    And the current session's user agent is cut to 256 bytes
    And no session shows a token

  Scenario: Ending one session ends it on every route, and only that one
    Given a verified account "bob@example.test" with password "violet walks nine amber dunes"
    And "bob@example.test" is logged in on "laptop" with user agent "Laptop Browser/1.0"
    And "bob@example.test" is logged in on "phone" with user agent "Phone Browser/2.0"
    When I end the session of "laptop" from "phone"
    Then the response status is 204
    And the token of "laptop" is refused on every protected route
    And I ask for my profile on "phone"
    And the response status is 200

  Scenario: Another person's session id cannot be ended, and looks like an unknown one
    Given a verified account "cat@example.test" with password "violet walks nine amber dunes"
    And "cat@example.test" is logged in on "cat-laptop" with user agent "Laptop Browser/1.0"
    And a verified account "dog@example.test" with password "copper meadow hums softly"
    And "dog@example.test" is logged in on "dog-phone" with user agent "Phone Browser/2.0"
    When "dog-phone" tries to end the session of "cat-laptop"
    Then the response is a problem with status 404 and code "not_found"
    And I remember the response as "foreign"
    When "dog-phone" tries to end the session "0123456789abcdef0123456789abcdef"
    Then the response is a problem with status 404 and code "not_found"
    And I remember the response as "unknown"
    And the responses "foreign" and "unknown" are the same
    And I ask for my profile on "cat-laptop"
    And the response status is 200

  Scenario: Ending every other session keeps only this one
    Given a verified account "eli@example.test" with password "violet walks nine amber dunes"
    And "eli@example.test" is logged in on "laptop" with user agent "Laptop Browser/1.0"
    And "eli@example.test" is logged in on "phone" with user agent "Phone Browser/2.0"
    When I end every other session from "phone"
    Then the response status is 204
    And the token of "laptop" is refused on every protected route
    And the token of "me" is refused on every protected route
    And I ask for my profile on "phone"
    And the response status is 200
