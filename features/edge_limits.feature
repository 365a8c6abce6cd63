@edge @limits
Feature: Limits hold against address pools, proxies and backlogs
  As an operator of authlens on the open Internet
  I want every per-client limit to count a client the way an attacker would have to pay for one
  So that an IPv6 prefix, a proxy's headers, many sources or a mail backlog buy no extra budget

  # One IPv6 host owns its whole /64: 200 of its addresses are one client.
  @no_service @netns
  Scenario: 200 IPv6 sources in one /64 share one mail budget and one login budget
    Given a private network namespace with 2001:db8:1:2::/64 routed to its loopback
    When 200 sources of that /64 each ask for a sign-up code for an address of their own
    And 40 sources of that /64 each try a wrong password for an address of their own
    Then 20 of the sign-up requests were answered 202 and 180 were answered 429 "rate_limited"
    And 20 of the logins were answered 401 and 20 were answered 429 "too_many_attempts"
    And the log shows each source's own address, not its prefix

  Scenario: Behind a proxy that writes X-Forwarded-For, a client's own Forwarded header is not read
    Given the service trusts the proxy 127.0.0.2 and allows 2 mail-sending requests an hour
    When 12 sign-up requests come through 127.0.0.2 with "X-Forwarded-For: 198.51.100.7" and each its own "Forwarded: for=203.0.113.N"
    Then 2 of them were answered 202 and 10 were answered 429 "rate_limited"

  Scenario: A client the proxy could not name gets a budget of its own, never the proxy's
    Given the service trusts the proxy 127.0.0.2, which writes "Forwarded", and allows 2 mail-sending requests an hour
    When 3 sign-up requests come through 127.0.0.2 with "Forwarded: for=unknown"
    And 2 sign-up requests come through 127.0.0.2 with "Forwarded: for=_hidden"
    And 1 sign-up request comes through 127.0.0.2 with "Forwarded: proto=https"
    Then 2 of them were answered 202 and 4 were answered 429 "rate_limited"
    When 1 sign-up request comes through 127.0.0.2 with no forwarding header
    And 1 sign-up request comes through 127.0.0.2 with "Forwarded: for=198.51.100.20"
    Then 2 of them were answered 202 and 0 were answered 429 "rate_limited"

  @slow
  Scenario: 100 sources keeping one login in flight each cannot starve another network's logins
    Given the service runs with real Argon2 parameters and 2 hashing threads
    And an account "flood@example.test" that signs in with "velvet harbor quantum 7391"
    And an account "calm@example.test" that signs in with "maple cobalt drift 2846"
    When 100 sources of 127.0.1.0/24 keep one login each in flight for 10 seconds, while "calm@example.test" logs in from 127.0.0.2
    Then at least 90 percent of the calm client's logins succeed
    And the calm client's median login takes at most 3 times one hash during the flood

  @slow
  Scenario: 17 sources half-sending on 64 connections each cannot keep a legitimate request out
    Given the service is running
    When 17 sources of 127.0.2.0/24 hold 64 connections each, having sent one byte on each and reconnecting whenever one is closed
    Then a request from 127.0.0.2 is served within 1 second, 5 times in a row during the attack

  # One session alone would take the whole lifetime for the backlog: only the order (one message
  # of each client in turn) gets the code out; with several sessions both help.
  @slow
  Scenario Outline: A backlog of strangers' mail does not delay a legitimate sign-up code past its lifetime (<sessions> SMTP sessions)
    Given the mail server takes 50 ms a message
    And the service delivers mail over <sessions> SMTP sessions
    And the service's codes live 10 seconds
    When 10 clients ask for sign-up codes for 20 strangers' addresses each, at once
    And a legitimate client asks for a sign-up code for "newcomer@example.test"
    Then the newcomer's code arrives within <within> seconds, inside its 10 second lifetime
    And the newcomer can confirm "newcomer@example.test" with it

    Examples:
      | sessions | within |
      | 1        | 3      |
      | 4        | 3      |

  Scenario: Every API answer tells browsers not to sniff, load or frame it
    Given the service is running
    Then these answers carry "X-Content-Type-Options: nosniff" and "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'"
      | method | path              |
      | GET    | /healthz          |
      | POST   | /login            |
      | GET    | /me               |
      | GET    | /no-such-path     |
      | GET    | /openapi.json     |
    And the page /docs carries its own Content-Security-Policy with "frame-ancestors 'none'" and "Referrer-Policy: no-referrer"
    And the admin page /debug/traces carries its own Content-Security-Policy with "frame-ancestors 'none'" and "Referrer-Policy: no-referrer"

  Scenario: HEAD, folded header lines and many small header fields
    Given the service is running
    Then HEAD /healthz is answered with the header of GET /healthz and no body
    And a request with "Transfer-Encoding" folded onto a continuation line is answered 400 and closed
    And a request with 1100 small header fields (11 KB) is answered 431

  @no_service
  Scenario Outline: Production refuses a setting that switches the anti-automation off: <name>=<value>
    Given the service is set up for production
    And the setting "<name>" is "<value>"
    Then the service refuses to start with exit status 2, naming "<refused>"

    Examples:
      | name                                | value     | refused                             |
      | AUTHLENS_RESEND_COOLDOWN_S          | 0         | AUTHLENS_RESEND_COOLDOWN_S          |
      | AUTHLENS_RESEND_COOLDOWN_S          | 29        | AUTHLENS_RESEND_COOLDOWN_S          |
      | AUTHLENS_MAIL_BUDGET_PER_HOUR       | 1000000   | AUTHLENS_MAIL_BUDGET_PER_HOUR       |
      | AUTHLENS_MAX_CONNECTIONS_PER_CLIENT | 5000      | AUTHLENS_MAX_CONNECTIONS_PER_CLIENT |
      | AUTHLENS_TRUSTED_PROXIES            | 0.0.0.0/0 | AUTHLENS_TRUSTED_PROXIES            |
      | AUTHLENS_TRUSTED_PROXIES            | ::/0      | AUTHLENS_TRUSTED_PROXIES            |
      | AUTHLENS_TOKEN_TTL                  | 31622400  | AUTHLENS_TOKEN_TTL                  |
      | AUTHLENS_PASSWORD_MIN_LENGTH        | 8         | AUTHLENS_PASSWORD_MIN_LENGTH        |
      | AUTHLENS_CLIENT_IPV6_PREFIX         | 128       | AUTHLENS_CLIENT_IPV6_PREFIX         |
      | AUTHLENS_ADMIN_ADDR                 | 0.0.0.0:0 | AUTHLENS_ADMIN_TOKEN                |

  @no_service
  Scenario: In production an admin listener off loopback needs its token for the debug pages
    Given the service is set up for production
    And the setting "AUTHLENS_ADMIN_ADDR" is "0.0.0.0:0"
    And the setting "AUTHLENS_ADMIN_TOKEN" is a fresh random token
    When the service starts
    Then /debug/traces on the admin listener answers 401 without the token and 200 with it
    And /metrics on the admin listener answers 200 without the token
    And /healthz on the admin listener answers 200 without the token
