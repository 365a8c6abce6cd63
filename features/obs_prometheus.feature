@observability
Feature: Observability — a real Prometheus scrapes the admin listener
  As an operator who runs Prometheus
  I want to scrape authlens's /metrics
  So that I see its request rates and latencies, its auth events and what it costs

  Scenario: Prometheus scrapes the request histogram for every route called, and the process families
    Given the service is running
    And a Prometheus scrapes the admin listener every second as job "authlens"
    And a verified account "prom@example.test" with password "prometheus watches the gauges"
    When "prom@example.test" logs in with password "prometheus watches the gauges"
    And I ask for my profile
    And I ask for my profile without a token
    Then Prometheus reports up == 1 for the job "authlens" within 20 seconds
    And within 20 seconds Prometheus has series of "http_server_request_duration_seconds_count" for the routes
      | method | route             | status |
      | POST   | /register         | 202    |
      | POST   | /register/confirm | 200    |
      | POST   | /login            | 200    |
      | GET    | /me               | 200    |
      | GET    | /me               | 401    |
    And within 20 seconds Prometheus has series of each of these metrics
      | metric                                          |
      | http_server_request_duration_seconds_bucket     |
      | http_server_request_duration_seconds_sum        |
      | http_server_active_requests                     |
      | authlens_auth_events_total                      |
      | authlens_password_hash_duration_seconds_count   |
      | authlens_mail_outbox_pending                    |
      | authlens_mail_deliveries_total                  |
      | process_cpu_seconds_total                       |
      | process_resident_memory_bytes                   |
      | process_start_time_seconds                      |
      | cpu_usage                                       |
      | memory_usage                                    |
      | authlens_telemetry_cpu_seconds_total            |
      | authlens_spans_exported_total                   |
      | authlens_spans_dropped_total                    |
      | authlens_spans_failed_total                     |
