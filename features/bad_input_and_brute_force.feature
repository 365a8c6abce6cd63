Feature: Bad input and brute force
  As the operator of the service
  I want malformed, oversized and hostile requests to be refused clearly and safely
  So that nobody can break in by guessing, or find out who has an account

  Background:
    Given the service is running

  Scenario Outline: Malformed JSON is refused on <path>
    When I post to "<path>" with content type "application/json" and the body:
      """
      {"email": "alice@example.test", "password":
      """
    Then the response is a problem with status 400 and code "malformed_json"

    Examples:
      | path                |
      | /register           |
      | /register/confirm   |
      | /register/resend    |
      | /login              |
      | /password/forgot    |
      | /password/reset     |

  Scenario: JSON that is not an object is refused
    When I post to "/register" with content type "application/json" and the body:
      """
      ["alice@example.test", "violet walks nine amber dunes"]
      """
    Then the response is a problem with status 400 and code "invalid_request"

  Scenario: A body that is not JSON is refused
    When I post to "/register" with content type "text/plain" and the body:
      """
      email=alice@example.test&password=violet+walks+nine+amber+dunes
      """
    Then the response is a problem with status 415 and code "unsupported_media_type"

  Scenario: A form-encoded body is refused
    When I post to "/login" with content type "application/x-www-form-urlencoded" and the body:
      """
      email=alice@example.test&password=violet+walks+nine+amber+dunes
      """
    Then the response is a problem with status 415 and code "unsupported_media_type"

  Scenario: A body over 64 KiB is refused
    When I post to "/register" a JSON body of 65 KiB
    Then the response is a problem with status 413 and code "payload_too_large"
    When I register with email "alice@example.test" and password "violet walks nine amber dunes"
    Then the response status is 202

  Scenario: A body of just under 64 KiB is read
    When I post to "/register" a JSON body of 63 KiB
    Then the response status is 202

  Scenario: An unknown path is not found
    When I send a GET request to "/no/such/page"
    Then the response is a problem with status 404 and code "not_found"

  Scenario: A wrong method is refused and the allowed one is named
    When I send a GET request to "/register"
    Then the response is a problem with status 405 and code "method_not_allowed"
    And the response header "Allow" names "POST"

  Scenario: A client that sends its request too slowly is disconnected
    Given a client has 2 seconds to send its request
    When a client sends part of a request and then nothing more
    Then the service closes that connection within 5 seconds
    And the service still answers

  Scenario Outline: An invalid email address is refused: <why>
    When I register with email "<email>" and password "violet walks nine amber dunes"
    Then the response is a problem with status 400 and code "invalid_email"

    Examples:
      | why                  | email                     |
      | empty                |                           |
      | no at sign           | alice.example.test        |
      | no local part        | @example.test             |
      | no domain            | alice@                    |
      | two at signs         | alice@@example.test       |
      | a space inside       | alice smith@example.test  |
      | an encoded word      | =?utf-8?q?alice?=@example.test |
      | an IP address        | alice@192.0.2.1           |
      | an IP literal        | alice@[192.0.2.1]         |
      | a dotless domain     | alice@localhost           |

  Scenario: A missing email address is refused
    When I post to "/register" with content type "application/json" and the body:
      """
      {"password": "violet walks nine amber dunes"}
      """
    Then the response is a problem with status 400 and code "invalid_email"

  Scenario: A missing password is refused
    When I post to "/register" with content type "application/json" and the body:
      """
      {"email": "alice@example.test"}
      """
    Then the response is a problem with status 400 and code "weak_password"

  Scenario: Login with missing or odd fields is simply refused
    When I post to "/login" with content type "application/json" and the body:
      """
      {"email": 42, "password": true}
      """
    Then the response is a problem with status 401 and code "invalid_credentials"
    When I post to "/login" with content type "application/json" and the body:
      """
      {}
      """
    Then the response is a problem with status 401 and code "invalid_credentials"

  Scenario Outline: A password of <length> characters is <outcome>
    When I register with email "alice@example.test" and a random password of <length> characters from "<alphabet>"
    Then the response status is <status>

    Examples:
      | length | alphabet                             | outcome  | status |
      | 14     | abcdefghijklmnopqrstuvwxyz0123456789 | refused  | 400    |
      | 15     | abcdefghijklmnopqrstuvwxyz0123456789 | accepted | 202    |
      | 1024   | abcdefghijklmnopqrstuvwxyz0123456789 | accepted | 202    |
      | 1025   | abcdefghijklmnopqrstuvwxyz0123456789 | refused  | 400    |
      | 14     | éàüøßçñ                              | refused  | 400    |
      | 15     | éàüøßçñ                              | accepted | 202    |

  Scenario: A refused password names the reason
    When I register with email "alice@example.test" and a random password of 1025 characters from "abcdefghijklmnopqrstuvwxyz"
    Then the response is a problem with status 400 and code "weak_password"

  Scenario: Guessing the confirmation code is stopped after 5 wrong codes
    Given a pending sign-up for "alice@example.test" with password "violet walks nine amber dunes"
    When I try 5 wrong codes for "alice@example.test"
    Then each attempt is refused with status 400 and code "invalid_code"
    When I confirm "alice@example.test" with the mailed code
    Then the response is a problem with status 429 and code "too_many_attempts"
    And the response says to retry after a positive number of seconds
    Given the resend cooldown for "alice@example.test" has passed
    When I ask for a new code for "alice@example.test"
    Then the response status is 202
    And a new verification code arrives by mail for "alice@example.test"
    When I confirm "alice@example.test" with the mailed code
    Then the confirmation signs me in

  Scenario: Guessing the password reset code is stopped after 5 wrong codes
    Given a verified account "alice@example.test" with password "violet walks nine amber dunes"
    When I ask for a password reset for "alice@example.test"
    And a password reset code arrives by mail for "alice@example.test"
    And I try 5 wrong reset codes for "alice@example.test"
    Then each attempt is refused with status 400 and code "invalid_code"
    When I reset the password of "alice@example.test" with the mailed code to "brand new quiet harbor 42"
    Then the response is a problem with status 429 and code "too_many_attempts"
    When "alice@example.test" logs in with password "violet walks nine amber dunes"
    Then the login succeeds with a bearer token

  Scenario: Guessing a password locks that address's login for a while
    Given a verified account "alice@example.test" with password "violet walks nine amber dunes"
    When "alice@example.test" tries 5 wrong passwords
    Then each attempt is refused with status 401 and code "invalid_credentials"
    When "alice@example.test" logs in with password "violet walks nine amber dunes"
    Then the response is a problem with status 429 and code "too_many_attempts"
    And the response says to retry after a positive number of seconds

  Scenario: Registering cannot tell whether an address has an account
    Given a verified account "alice@example.test" with password "violet walks nine amber dunes"
    And the resend cooldown for "alice@example.test" has passed
    When I register with email "alice@example.test" and password "another calm harbor 77"
    And I remember the response as "existing address"
    And I register with email "newcomer@example.test" and password "another calm harbor 77"
    And I remember the response as "new address"
    Then the responses "existing address" and "new address" are the same

  Scenario: Asking for a password reset cannot tell whether an address has an account
    Given a verified account "alice@example.test" with password "violet walks nine amber dunes"
    When I ask for a password reset for "alice@example.test"
    And I remember the response as "existing address"
    And I ask for a password reset for "nobody@example.test"
    And I remember the response as "unknown address"
    Then the responses "existing address" and "unknown address" are the same
