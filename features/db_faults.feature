Feature: A database that fails costs the user nothing, and the service stays prompt and honest
  As someone signing up or resetting a password while the database has a bad moment
  I want an answer that says "try again" to mean it: my code still works when I do
  And as an operator I want a drain that answers everyone, and HTTP that is unambiguous

  # The code is checked without being spent, and spent only in the unit of work that acts.
  Scenario: A confirmation whose second half fails answers 503, and the same code then works
    Given the service is running
    When I register with email "uma@example.test" and password "uma keeps her mailed code"
    Then a verification code arrives by mail for "uma@example.test"
    Given the accounts table refuses writes
    When I confirm "uma@example.test" with the mailed code and password "uma keeps her mailed code"
    Then the response is a problem with status 503 and code "unavailable"
    And the response says to retry after a positive number of seconds
    Given the accounts table takes writes again
    When I confirm "uma@example.test" with the mailed code and password "uma keeps her mailed code"
    Then the response status is 200
    When "uma@example.test" logs in with password "uma keeps her mailed code"
    Then the login succeeds with a bearer token

  Scenario: A reset whose second half fails answers 503, and the same code then works
    Given a verified account "victor@example.test" with password "victor forgot it again"
    When I ask for a password reset for "victor@example.test"
    Then a password reset code arrives by mail for "victor@example.test"
    Given the accounts table refuses writes
    When I reset the password of "victor@example.test" with the mailed code to "victor writes it down now"
    Then the response is a problem with status 503 and code "unavailable"
    Given the accounts table takes writes again
    When I reset the password of "victor@example.test" with the mailed code to "victor writes it down now"
    Then the response status is 200
    When "victor@example.test" logs in with password "victor writes it down now"
    Then the login succeeds with a bearer token

  Scenario Outline: An HTTP/1.1 request <what> is refused and the connection closed
    Given the service is running
    When an HTTP/1.1 request <what> is sent
    Then it is answered 400 "bad_request" and the connection is closed

    Examples:
      | what                  |
      | without a Host header |
      | with two Host headers |

  Scenario: On SIGTERM /readyz turns 503 first, and a request on an idle kept-alive connection is answered
    Given the service runs with a drain grace period of 1500 ms
    And a kept-alive connection has made one request
    When the service is sent SIGTERM
    Then /readyz answers 503 on both listeners while the service still serves
    And a request on the kept-alive connection is answered 200 with "Connection: close"
    And the service exits with status 0 within 10 seconds of the signal
