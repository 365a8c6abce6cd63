@observability
Feature: Observability — W3C trace context on the public API
  As a client that traces its own calls
  I want authlens to continue my trace when I send a valid traceparent, and to ignore an invalid one
  So that traces join across services and a bad header never breaks a request

  Background:
    Given the service is running

  Scenario: A valid traceparent is continued
    When I call GET "/me" on the public listener with the traceparent "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    Then the response status is 401
    And the response continues the trace it was sent

  Scenario Outline: An invalid traceparent is ignored and a new trace started (<why>)
    When I call GET "/me" on the public listener with the traceparent "<traceparent>"
    Then the response status is 401
    And the response starts a new trace instead

    Examples:
      | why                 | traceparent                                                |
      | all-zero trace id   | 00-00000000000000000000000000000000-00f067aa0ba902b7-01    |
      | all-zero span id    | 00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01    |
      | version ff          | ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01    |
      | upper-case hex      | 00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01    |
      | short trace id      | 00-4bf92f3577b34da6a3ce929d0e0e47-00f067aa0ba902b7-01      |
      | not hex             | 00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01    |
      | missing flags       | 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7       |
      | trailing data in 00 | 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-xx |
      | garbage             | hello                                                      |

  Scenario: Every response carries a traceparent, errors and unknown paths included
    Then every one of these requests is answered with a traceparent of a new trace
      | method | path               | content type     | body                  | status |
      | GET    | /no/such/path      |                  |                       | 404    |
      | GET    | /me                |                  |                       | 401    |
      | POST   | /register          | application/json | {}                    | 400    |
      | POST   | /register          | application/json | {"email":             | 400    |
      | POST   | /register          | text/plain       | hello                 | 415    |
      | POST   | /login             | application/json | {"email":"nobody@example.test","password":"no such user 1"} | 401 |
      | POST   | /logout            |                  |                       | 401    |
      | POST   | /password/forgot   | application/json | {"email":"someone@example.test"} | 202 |
      | DELETE | /register          |                  |                       | 405    |

  Scenario: The caller's sampling decision is followed by default
    When I call GET "/me" on the public listener with the traceparent "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"
    Then the response continues the trace it was sent
    And the response's trace flags are "00"

  Scenario: With AUTHLENS_TRUST_INCOMING_SAMPLING off, an unsampled caller cannot switch our tracing off
    Given the service runs with these settings
      | setting                          | value                 |
      | AUTHLENS_TRUST_INCOMING_SAMPLING | off                   |
      | OTEL_TRACES_SAMPLER              | parentbased_always_on |
    When I call GET "/me" on the public listener with the traceparent "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"
    Then the response continues the trace it was sent
    And the response's trace flags are "01"

  Scenario: With AUTHLENS_TRUST_INCOMING_SAMPLING off, a sampled caller cannot make us record
    Given the service runs with these settings
      | setting                          | value                  |
      | AUTHLENS_TRUST_INCOMING_SAMPLING | off                    |
      | OTEL_TRACES_SAMPLER              | parentbased_always_off |
    When I call GET "/me" on the public listener with the traceparent "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    Then the response continues the trace it was sent
    And the response's trace flags are "00"
