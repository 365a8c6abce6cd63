@observability @jaeger @no_service
Feature: Observability — a request's whole trace reaches a real Jaeger over OTLP/HTTP
  As an operator who runs Jaeger
  I want authlens to export its traces over OTLP/HTTP in either encoding
  So that I can follow a request, its database calls and its mail delivery in Jaeger

  Scenario Outline: A registration's trace, mail delivery included, is in Jaeger (<protocol>)
    Given a Jaeger v2 with in-memory storage listens on loopback
    And authlens runs with its traces exported to that Jaeger over "<protocol>"
    When I register "<email>" with password "jaeger follows every span" under a traceparent of my own and the tracestate "bdd=obs,other=1"
    Then the response's traceparent continues my trace with a span of its own
    And a verification code arrives by mail for "<email>"
    And Jaeger shows my trace with the spans "POST /register", "mail.enqueue" and "mail deliver" within 20 seconds
    And in Jaeger, "POST /register" is the SERVER span under my span, of service "authlens", with the tags
      | tag                       | value     |
      | http.route                | /register |
      | http.request.method       | POST      |
      | http.response.status_code | 202       |
      | url.path                  | /register |
      | url.scheme                | http      |
      | server.address            | 127.0.0.1 |
      | client.address            | 127.0.0.1 |
    And in Jaeger, "mail.enqueue" descends from "POST /register"
    And in Jaeger, "mail deliver" descends from "POST /register"
    And in Jaeger, the trace has CLIENT spans for the database calls with "db.system" = "sqlite"
    And Jaeger's API v3 returns the same trace for the service "authlens"

    Examples:
      | protocol      | email                    |
      | http/protobuf | protobuf@example.test    |
      | http/json     | json@example.test        |

  Scenario: Spans still queued at shutdown are flushed to Jaeger before authlens exits
    Given a Jaeger v2 with in-memory storage listens on loopback
    And authlens runs with its traces exported to that Jaeger over "http/protobuf", batched every 60 seconds
    When I register "flush@example.test" with password "jaeger flushes at shutdown" under a traceparent of my own
    Then a verification code arrives by mail for "flush@example.test"
    And Jaeger does not have my trace yet after 1 second
    And authlens stops on SIGTERM with exit status 0 within 10 seconds
    And Jaeger shows my trace with the spans "POST /register", "mail.enqueue" and "mail deliver" within 10 seconds
