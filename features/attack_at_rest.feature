@attack
Feature: No code can be read from the database
  As the owner of an address
  I want the codes mailed to me to exist only in my inbox
  So that whoever reads the database, a backup or a dump of it cannot use them

  Scenario: After a whole sign-up and reset cycle no table holds a mailed code
    Given the service is running
    And the mail server is down
    When I register with email "alice@example.test" and password "violet walks nine amber dunes"
    And I dump every table of the database as "while queued"
    And the mail server comes back
    Then a verification code arrives by mail for "alice@example.test"
    When I confirm "alice@example.test" with the mailed code
    Then the confirmation signs me in
    When I ask for a password reset for "alice@example.test"
    Then a password reset code arrives by mail for "alice@example.test"
    When I reset the password of "alice@example.test" with the mailed code to "brand new quiet harbor 42"
    Then the response status is 200
    When I dump every table of the database as "after the cycle"
    Then no dump holds any code that was mailed
