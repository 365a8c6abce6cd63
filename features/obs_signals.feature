@observability @no_service
Feature: Observability — traces, logs and metrics over OTLP, joined by one trace id
  As an operator who runs an OpenTelemetry Collector
  I want authlens to send all three signals to one OTLP endpoint, and Prometheus exemplars
  So that I can go from a latency bucket or a log line to the trace of that very request

  Scenario: One request's span, its log record and its histogram exemplar carry the same trace id
    Given an OTLP receiver decoding all three signals with the official opentelemetry-proto classes listens on loopback
    And authlens runs with traces, logs and metrics exported over OTLP to that receiver
    When I ask for my profile without a token under a traceparent of my own
    Then the response status is 401
    And within 15 seconds the receiver has the span "GET /me" of my trace
    And within 15 seconds the receiver has the log record "request" of my trace with http.response.status_code 401
    And within 15 seconds the receiver has http_server_request_duration_seconds with an exemplar of my trace
    And /metrics in the OpenMetrics format has an exemplar of my trace

  Scenario: Through a real OpenTelemetry Collector, the three signals still meet on one trace id
    Given an OTLP receiver decoding all three signals with the official opentelemetry-proto classes listens on loopback
    And an OpenTelemetry Collector forwarding all three signals to that receiver runs on loopback
    And authlens runs with traces, logs and metrics exported over OTLP to that Collector
    When I ask for my profile without a token under a traceparent of my own
    Then the response status is 401
    And within 20 seconds the receiver has the span "GET /me" of my trace
    And within 20 seconds the receiver has the log record "request" of my trace with http.response.status_code 401
    And within 20 seconds the receiver has http_server_request_duration_seconds with an exemplar of my trace

  Scenario: Log records the receiver cannot take are counted, and the service keeps serving
    Given authlens runs with its logs exported over OTLP to a port where nothing listens
    And a verified account "logs-down@example.test" with password "records wait for nobody"
    And "logs-down@example.test" is logged in on "laptop" with password "records wait for nobody"
    When I ask for my profile on "laptop" 20 times, timing each answer
    Then each was answered with status 200 within 500 ms, the median within 100 ms
    And within 15 seconds /metrics counts failed or dropped log records
    And authlens stops on SIGTERM with exit status 0 within 10 seconds

  Scenario: The tail sampler at ratio 0 exports a slow request whole and fast ones not at all
    Given an OTLP receiver decoding all three signals with the official opentelemetry-proto classes listens on loopback
    And authlens runs with the tail sampler at ratio 0 and a latency threshold of 40 ms, exporting to that receiver
    And a verified account "tail@example.test" with password "slow hashes are kept whole"
    When I ask for my profile without a token 20 times, each under a traceparent of my own
    And "tail@example.test" logs in with password "slow hashes are kept whole" under a traceparent of my own
    Then the receiver has the slow login's whole trace and no span of the fast requests
