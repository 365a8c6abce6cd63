@observability
Feature: Observability — logs join traces on the trace id
  As someone investigating one request
  I want every log line of that request, the mail it queued included, to carry its trace id
  So that I can go from a trace to its logs and back

  Scenario: The access-log line and the mail worker's lines of a traced request carry its trace id
    Given the service is running
    When I register "logs@example.test" with password "logs join the trace ids" under a traceparent of my own
    Then the response's traceparent continues my trace with a span of its own
    And a verification code arrives by mail for "logs@example.test"
    And within 10 seconds the log has the lines "request" and "mail delivered" with my trace id
    And every log line written since my request carries my trace id
    And every line of the service's log is a JSON object with timestamp, level, message and service.name "authlens"
