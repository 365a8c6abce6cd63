@edge
Feature: The edge holds
  As an operator running authlens where anyone can reach it
  I want one client's flood, malformed framing or huge body to cost only that client
  So that everyone else keeps being served, and what the service reports about itself is true

  Scenario: The service on port 0 reports the addresses it is bound to
    Given the service is running
    Then the ready file names the public and admin listeners it answers on
    And the start line of the log names the same addresses

  @slow
  Scenario: A client flooding the hashing pool cannot starve another client's logins
    Given the service runs with real Argon2 parameters and 2 hashing threads
    And an account "flood@example.test" that signs in with "velvet harbor quantum 7391"
    And an account "calm@example.test" that signs in with "maple cobalt drift 2846"
    When "calm@example.test" logs in 10 times alone from 127.0.0.2
    And one client floods POST /login with wrk, 2 threads and 128 connections for 8 seconds, while "calm@example.test" logs in from 127.0.0.2
    Then at least 95 percent of the calm client's logins succeed
    And the calm client's median login takes at most 2 times one hash during the flood
    And the flooding client bore the cost: refused connections, 503s or time-outs

  Scenario: One client holding many connections does not lock another out
    Given the service is running
    When one client opens 1100 connections and sends nothing
    Then another client is served at once
    And the first client holds at most 64 of its connections

  Scenario: Near the total cap the longest idle connection makes room for a newcomer
    Given the service runs with at most 40 connections per listener and 1000 per client
    When one client opens 40 kept-alive connections, one request each, and then idles
    Then another client is served at once
    And the first client's oldest connection has been closed

  Scenario Outline: A request smuggled in a badly framed one is never answered: <framing>
    Given the service is running
    When I send a POST with <framing> whose body is a whole second request
    Then exactly one response comes back, with status <status>, and the connection closes

    Examples:
      | framing                                       | status |
      | Transfer-Encoding: xchunked                   | 501    |
      | Transfer-Encoding: chunked, identity          | 501    |
      | Transfer-Encoding: identity                   | 501    |
      | both Transfer-Encoding and Content-Length     | 400    |
      | two different Content-Lengths                 | 400    |
      | a chunk size that is not a number             | 400    |

  Scenario: The 413 arrives even when the client sends its whole body before reading
    Given the service is running
    Then a client that writes a 10 MiB body before reading gets 413 in 10 of 10 tries

  Scenario: Behind a trusted proxy the forwarded address is the client
    Given the service runs trusting the proxy 127.0.0.2
    When a request comes through 127.0.0.2 with "X-Forwarded-For: 6.6.6.6, 198.51.100.7"
    Then its span's client.address is "198.51.100.7"

  Scenario: Behind a trusted proxy that writes Forwarded, its rightmost hop is the client
    Given the service runs trusting the proxy 127.0.0.2, which writes "Forwarded"
    When a request comes through 127.0.0.2 with "Forwarded: for=unknown, for=198.51.100.8;proto=http"
    Then its span's client.address is "198.51.100.8"
    When a request comes through 127.0.0.2 with "X-Forwarded-For: 198.51.100.7"
    Then its span's client.address is "127.0.0.2"

  Scenario: Forwarded headers from an untrusted peer change nothing
    Given the service runs trusting the proxy 127.0.0.2
    When a request comes through 127.0.0.1 with "X-Forwarded-For: 198.51.100.7"
    Then its span's client.address is "127.0.0.1"
    When a request comes through 127.0.0.1 with "Forwarded: for=198.51.100.9"
    Then its span's client.address is "127.0.0.1"

  @no_service
  Scenario: A full disk turns readiness to 503, says why once, and recovers by itself
    Given the database lives on a 4 MiB tmpfs
    And the service runs with a write probe every 200 ms
    And an account "disk@example.test" that signs in with "orbit lantern fossil 5173"
    When the disk fills up
    Then /readyz answers 503 within 5 seconds
    And a login of "disk@example.test" is answered 503 unavailable
    And the log says once, with its cause, that database writes fail
    When the disk has room again
    Then /readyz answers 200 within 5 seconds
    And a login of "disk@example.test" succeeds

  @no_service
  Scenario Outline: A database the service cannot write stops the start and names the file: <what>
    Given a database file made by a first start, then <what>
    When the service starts as an unprivileged user
    Then it exits with status 2 naming the database file

    Examples:
      | what                              |
      | made read-only                    |
      | its folder made read-only         |
