@stack @no_service
Feature: The observability stack on one machine
  `make stack` brings up authlens with Prometheus, a mail catcher, Jaeger and Zipkin behind an
  OpenTelemetry Collector (when installed), all
  on loopback. A person follows the whole path through it: an account made, its code read from
  the mail catcher, the request seen in Prometheus and in the traces.

  Scenario: A user signs up through the running stack and the operator sees it
    Given the stack started by make stack
    When a user registers as "stack.user@example.com" with password "stack runs end to end today"
    And the user confirms the address with the code from the mail catcher
    And the user logs in and reads their profile
    Then Prometheus scrapes authlens and counts the requests to "/register" and "/login"
    And Prometheus stores an exemplar that links the registration's latency to its trace
    And the registration's trace is in the built-in viewer with its mail delivery span
    And the registration's trace is in Jaeger when Jaeger runs in the stack
    And the registration's trace is in Zipkin, the stack's trace UI, when Zipkin runs in the stack
    And a screenshot of that trace in Zipkin's page is kept when one is asked for
