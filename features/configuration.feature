Feature: Starting the service
  As an operator
  I want the service to explain itself and to refuse settings that are wrong or unsafe
  So that a mistake shows at start, not in production traffic

  @no_service
  Scenario: The command line tells the version and every setting
    When I run authlens with "--version"
    Then it exits with status 0
    And its output starts with "authlens "
    When I run authlens with "--help"
    Then it exits with status 0
    And its output names every setting
      | setting               |
      | AUTHLENS_HTTP_ADDR    |
      | AUTHLENS_ADMIN_ADDR   |
      | AUTHLENS_DATABASE_URL |
      | AUTHLENS_ENV          |
      | SMTP_URL              |
      | SENDER_EMAIL          |
      | SENDER_PASSWORD       |
      | TEST_EMAIL            |
      | TEST_CODE             |
      | AUTHLENS_LOG_LEVEL    |
      | AUTHLENS_LOG_FORMAT   |
      | AUTHLENS_METRICS      |
      | AUTHLENS_LOGS         |
      | AUTHLENS_PASSWORD_MIN_LENGTH |
      | AUTHLENS_HIBP_URL     |
      | AUTHLENS_MAIL_BUDGET_PER_HOUR |

  @no_service
  Scenario Outline: A bad setting stops the start and is named: <name>
    Given the setting "<name>" is "<value>"
    Then the service refuses to start with exit status 2, naming "<name>"

    Examples:
      | name                  | value               |
      | AUTHLENS_HTTP_ADDR    | not-an-address      |
      | AUTHLENS_DATABASE_URL | mysql://db/authlens |
      | AUTHLENS_ENV          | staging             |
      | AUTHLENS_LOG_FORMAT   | xml                 |
      | SMTP_URL              | http://127.0.0.1:25 |
      | AUTHLENS_PASSWORD_MIN_LENGTH | 7            |
      | AUTHLENS_PASSWORD_MIN_LENGTH | 65           |
      | AUTHLENS_HIBP_URL     | ftp://127.0.0.1/    |

  @no_service
  Scenario: Production refuses the development mailer
    Given the setting "AUTHLENS_ENV" is "production"
    And the setting "SMTP_URL" is unset
    Then the service refuses to start with exit status 2, naming "SMTP_URL"

  @no_service
  Scenario: Production refuses a fixed test code
    Given the setting "AUTHLENS_ENV" is "production"
    And the setting "TEST_EMAIL" is "tess@example.test"
    And the setting "TEST_CODE" is "424242"
    Then the service refuses to start with exit status 2, naming "TEST_CODE"

  Scenario: Outside production a fixed test code is honoured, with a warning
    Given the service runs with the fixed code "424242" for "tess@example.test"
    Then the service log warns about the fixed code
    When I register with email "tess@example.test" and password "tess tests the fixed code"
    Then the response status is 202
    And a verification code arrives by mail for "tess@example.test"
    When I confirm "tess@example.test" with the code "424242"
    Then the confirmation signs me in
