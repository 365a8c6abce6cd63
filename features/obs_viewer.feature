@observability
Feature: Observability — the built-in trace viewer
  As a developer without Jaeger at hand
  I want the admin listener to show recent traces in a browser
  So that I can see what a request did right after making it

  Scenario: Headless Chromium shows the trace just made, in the list and as a waterfall
    Given the service is running
    When I register "viewer@example.test" with password "the waterfall draws every span" under a traceparent of my own
    Then the response's traceparent continues my trace with a span of its own
    And a verification code arrives by mail for "viewer@example.test"
    And within 10 seconds /debug/traces.json has my trace with the spans "POST /register", "mail.enqueue" and "mail deliver"
    And headless Chromium shows my trace id on the trace viewer page
    And a screenshot of the trace viewer is kept as "viewer.png"
    And headless Chromium shows the waterfall of my trace with the spans "POST /register", "mail.enqueue" and "mail deliver"
    And the trace viewer's list for the route "POST /register" has my trace
