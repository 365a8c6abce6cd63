@observability @no_service
Feature: Observability — an OTLP endpoint that is down costs requests nothing
  As an operator whose trace backend is down for maintenance
  I want authlens to keep serving at its usual speed and count the spans it could not export
  So that an outage of telemetry never becomes an outage of the service

  Scenario Outline: With the OTLP endpoint <outage> (<protocol>), requests keep their latency and the losses are counted
    Given authlens runs with its traces exported over "<protocol>" to <endpoint>
    And a verified account "<email>" with password "robust bridges carry weight"
    And "<email>" is logged in on "laptop" with password "robust bridges carry weight"
    When I ask for my profile on "laptop" 20 times, timing each answer
    Then each was answered with status 200 within 500 ms, the median within 100 ms
    And within 15 seconds /metrics counts failed or dropped spans
    And authlens stops on SIGTERM with exit status 0 within 10 seconds

    Examples:
      | outage        | protocol      | endpoint                                  | email                  |
      | closed        | http/protobuf | a port where nothing listens              | closed@example.test    |
      | answering 503 | http/json     | an OTLP endpoint that answers 503         | busy@example.test      |

  Scenario: Spans still queued at shutdown are offered to an endpoint answering 503, within the shutdown timeout
    Given authlens runs with its traces exported over "http/protobuf" to an OTLP endpoint that answers 503, batched every 60 seconds
    When I register "retry@example.test" with password "robust retries keep going" under a traceparent of my own
    Then a verification code arrives by mail for "retry@example.test"
    And the OTLP endpoint has received nothing yet
    When authlens stops on SIGTERM with exit status 0 within 10 seconds
    Then the OTLP endpoint received export attempts at /v1/traces
